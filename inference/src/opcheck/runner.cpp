// hearth::runOpChecks: the op table against the CPU references on one device.

#include "hearth/op_check.h"

#include "hearth/error.h"
#include "opcheck/compare.h"
#include "opcheck/op_case.h"
#include "vulkan/context.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <set>

#include <nlohmann/json.hpp>

namespace hearth {
namespace {

// "rope" selects rope_normal and rope_neox; an exact name selects itself.
bool opSelected(const std::string& op, const std::string& filter)
{
    return filter.empty() || op == filter || op.rfind(filter + "_", 0) == 0;
}

bool typeSelected(GgmlType type, const std::string& filter)
{
    if (filter.empty())
        return true;
    const auto wanted = typeFromName(filter);
    return wanted && *wanted == type;
}

std::string joined(const std::vector<std::string>& items)
{
    std::string text;
    for (const std::string& item : items)
        text += (text.empty() ? "" : ", ") + item;
    return text;
}

OpCheckResult runCase(vk::Context& context, const opcheck::OpCase& c, std::uint32_t seed, const OpCheckOptions& options)
{
    OpCheckResult r{c.op, typeName(c.type), c.shape};
    r.tolerance = c.tolerance * options.toleranceScale;
    const auto start = std::chrono::steady_clock::now();
    try {
        opcheck::CaseEnv env(context, seed);
        opcheck::CaseOutput out = c.run(env);
        if (options.corruptResults)
            opcheck::corrupt(out.got);
        const opcheck::Comparison cmp = opcheck::compareOutputs(out.got, out.want);
        if (out.tolerance > 0)
            r.tolerance = out.tolerance * options.toleranceScale;
        r.maxError = cmp.maxError;
        r.passed = cmp.maxError <= r.tolerance;
        if (!r.passed)
            r.problem = cmp.worstAt;
    } catch (const std::exception& e) { // hearth::Error, and std::bad_alloc etc.: fail this case only
        r.passed = false;
        r.problem = e.what();
    }
    r.milliseconds = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return r;
}

} // namespace

std::size_t OpCheckReport::failures() const
{
    return std::size_t(std::count_if(results.begin(), results.end(), [](const OpCheckResult& r) { return !r.passed; }));
}

std::vector<std::string> opCheckOps()
{
    std::vector<std::string> ops;
    for (const auto& c : opcheck::allCases())
        if (std::find(ops.begin(), ops.end(), c.op) == ops.end())
            ops.push_back(c.op);
    return ops;
}

std::vector<std::string> opCheckTypes()
{
    std::set<std::string> seen;
    std::vector<std::string> types;
    for (const auto& c : opcheck::allCases())
        if (seen.insert(typeName(c.type)).second)
            types.push_back(typeName(c.type));
    return types;
}

OpCheckReport runOpChecks(const OpCheckOptions& options, const std::function<void(const OpCheckResult&)>& progress)
{
    std::vector<opcheck::OpCase> cases = opcheck::allCases();
    std::vector<std::size_t> selected;
    for (std::size_t i = 0; i < cases.size(); ++i)
        if (opSelected(cases[i].op, options.op) && typeSelected(cases[i].type, options.type))
            selected.push_back(i);
    if (selected.empty())
        throw Error("No op check matches" + (options.op.empty() ? "" : " op '" + options.op + "'") +
                    (options.type.empty() ? "" : " type '" + options.type + "'") + ". Ops: " + joined(opCheckOps()) +
                    ". Types: " + joined(opCheckTypes()) + ".");

    vk::Context context(options.device);
    OpCheckReport report;
    report.device = context.info().name;
    for (std::size_t i : selected) {
        // Seeds follow the table position: a failure reproduces with --op/--type.
        report.results.push_back(runCase(context, cases[i], 1000 + std::uint32_t(i), options));
        if (progress)
            progress(report.results.back());
    }
    return report;
}

std::string formatOpCheckTable(const OpCheckReport& report)
{
    std::string text = "device: " + report.device + "\n";
    char line[512];
    std::snprintf(line, sizeof line, "%-12s %-6s %-26s %11s %11s  %s\n", "op", "type", "shape", "max error",
                  "tolerance", "result");
    text += line;
    for (const OpCheckResult& r : report.results) {
        std::snprintf(line, sizeof line, "%-12s %-6s %-26s %11.3g %11.3g  %s%s%s\n", r.op.c_str(), r.type.c_str(),
                      r.shape.c_str(), r.maxError, r.tolerance, r.passed ? "PASS" : "FAIL",
                      r.problem.empty() ? "" : "  ", r.problem.c_str());
        text += line;
    }
    const std::size_t failed = report.failures();
    text += std::to_string(report.results.size() - failed) + "/" + std::to_string(report.results.size()) +
            " passed" + (failed ? ", " + std::to_string(failed) + " FAILED" : "") + "\n";
    return text;
}

nlohmann::ordered_json toJson(const OpCheckReport& report)
{
    nlohmann::ordered_json out;
    out["device"] = report.device;
    out["passed"] = report.results.size() - report.failures();
    out["failed"] = report.failures();
    out["results"] = nlohmann::ordered_json::array();
    for (const OpCheckResult& r : report.results) {
        nlohmann::ordered_json row{{"op", r.op},
                                   {"type", r.type},
                                   {"shape", r.shape},
                                   {"max_error", std::isfinite(r.maxError) ? nlohmann::ordered_json(r.maxError)
                                                                           : nlohmann::ordered_json(nullptr)},
                                   {"tolerance", r.tolerance},
                                   {"passed", r.passed},
                                   {"ms", r.milliseconds}};
        if (!r.problem.empty())
            row["problem"] = r.problem;
        out["results"].push_back(row);
    }
    return out;
}

} // namespace hearth
