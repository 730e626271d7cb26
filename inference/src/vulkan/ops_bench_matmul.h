#pragma once

// The "matmul" part of hearth::benchOps: prompt-processing GFLOP/s.

#include "hearth/op_bench.h"

#include <functional>
#include <string>

#include <nlohmann/json.hpp>

namespace hearth::vk {

class Context;

// [{"type", "m", "n", "k", "gflops", "kernel"} or {..., "skipped"}]
// at a 512-token batch for options.types (default Q4_K, Q8_0, F16).
nlohmann::ordered_json benchMatMul(Context& context, const OpBenchOptions& options,
                                   const std::function<void(const std::string&)>& progress);

} // namespace hearth::vk
