#pragma once

// The op test runner (hearth-cli test-ops), in the spirit of llama.cpp's
// test-backend-ops: every GPU op x type x shape on random data, compared
// with the plain CPU reference of the same op (inference/src/ops/cpu_*).
//
// Error measure: max over the outputs of |got - want| / (1 + |want|), i.e.
// absolute error for values below 1 and relative error above. Ops that
// select or copy (argmax, top-k, KV write) must match exactly (tolerance 0).

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

namespace hearth {

struct OpCheckOptions {
    std::string device;          // as hearth::chooseDevice; empty = the best device
    std::string op;              // run only this op (e.g. "mat_vec"); empty = all
    std::string type;            // run only this type label (e.g. "Q4_K"); empty = all
    double toleranceScale = 1.0; // multiplies every tolerance (tests use 0 to force failures)
    bool corruptResults = false; // tests: damage one GPU output value before comparing
};

struct OpCheckResult {
    std::string op;    // "rms_norm", "mat_vec", ...
    std::string type;  // weight/data type label
    std::string shape; // e.g. "33x768" or "n=32001 k=40"
    double maxError = 0;
    double tolerance = 0;
    bool passed = false;
    std::string problem; // where it failed (element, got, want) or the error thrown
    double milliseconds = 0;
};

struct OpCheckReport {
    std::string device;
    std::vector<OpCheckResult> results;
    std::size_t failures() const;
};

// Runs the selected checks; `progress` gets each result as it finishes.
// Throws hearth::Error when the device cannot be opened or the filters
// select nothing; a failing op is a FAIL row, not an exception.
OpCheckReport runOpChecks(const OpCheckOptions& options,
                          const std::function<void(const OpCheckResult&)>& progress = {});

// The distinct op names and type labels in the table, for --help and errors.
std::vector<std::string> opCheckOps();
std::vector<std::string> opCheckTypes();

// "op  type  shape  max error  tolerance  result" table, with a summary line.
std::string formatOpCheckTable(const OpCheckReport& report);
nlohmann::ordered_json toJson(const OpCheckReport& report);

} // namespace hearth
