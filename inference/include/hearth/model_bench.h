#pragma once

// hearth-cli bench: prompt processing and decode speed of a model on this
// machine, like llama-bench, plus decode bandwidth as a fraction of the
// device's measured copy bandwidth (the roof a memory-bound decode can
// reach).

#include <cstdint>
#include <filesystem>
#include <functional>
#include <string>

#include <nlohmann/json_fwd.hpp>

namespace hearth {

struct ModelBenchOptions {
    std::filesystem::path model;
    std::string device;             // as hearth::chooseDevice
    std::uint32_t promptTokens = 512;
    std::uint32_t genTokens = 128;
    std::uint32_t repetitions = 3;
};

// {"device", "model", "file_type", "prompt_tokens", "gen_tokens", "repetitions",
//  "prefill_tps", "prefill_tps_sd", "decode_tps", "decode_tps_sd",
//  "copy_gbps", "decode_bytes_per_token", "decode_gbps", "decode_roof_fraction"}.
// `progress` gets one line per finished step. Throws hearth::Error.
nlohmann::ordered_json benchModel(const ModelBenchOptions& options,
                                  const std::function<void(const std::string&)>& progress = {});

} // namespace hearth
