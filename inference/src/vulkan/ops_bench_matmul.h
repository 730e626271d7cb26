#pragma once

// The "matmul" part of hearth::benchOps: prompt-processing GFLOP/s.

#include "hearth/op_bench.h"

#include <cstdint>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace hearth::vk {

class Context;

// The number in environment variable `name` (kernel experiments without a
// rebuild, HEARTH_BENCH_*); 0 when unset.
std::uint32_t benchSetting(const char* name);

// [{"type", "m", "n", "k", "gflops", "kernel"} or {..., "skipped"}]
// at a 512-token batch for options.types (default Q4_K, Q8_0, F16).
nlohmann::ordered_json benchMatMul(Context& context, const OpBenchOptions& options,
                                   const std::function<void(const std::string&)>& progress);

} // namespace hearth::vk
