#pragma once

// Micro-benchmarks of the GPU ops (hearth-cli bench-ops): device copy
// bandwidth as the roof, and mat-vec weight-read bandwidth per weight type.

#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hearth {

struct OpBenchOptions {
    std::string device;             // as hearth::chooseDevice; empty = the best device
    std::vector<std::string> types; // weight type labels; empty = every implemented type
    double secondsPerCase = 0.3;    // timed work per measurement
};

// {"device", "copy_gbps", "matvec": [{"type", "rows", "cols", "gbps",
// "roof_fraction"} or {..., "skipped": reason}], "matmul": []}. GB/s are
// 1e9 bytes/s: bytes copied for the copy, weight bytes read for mat-vec.
// `progress` gets one line per finished measurement. Throws hearth::Error.
nlohmann::ordered_json benchOps(const OpBenchOptions& options,
                                const std::function<void(const std::string&)>& progress = {});

} // namespace hearth
