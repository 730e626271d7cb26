// Argmax and top-k over a row of logits. Both pick existing values, so the
// indices and values must match the reference exactly (ties: lowest index).

#include "opcheck/op_case.h"
#include "ops/cpu_select.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_select.h"

#include <cmath>

namespace hearth::opcheck {
namespace {

// Logits rounded to quarters when `ties`, so equal values straddle chunks.
std::vector<float> logits(CaseEnv& env, std::uint64_t n, bool ties)
{
    auto v = env.random(n, -8, 8);
    if (ties)
        for (float& f : v)
            f = std::round(f * 4) / 4;
    return v;
}

std::string label(std::uint64_t n, bool ties)
{
    return "n=" + std::to_string(n) + (ties ? " ties" : "");
}

OpCase argmaxCase(std::uint64_t n, bool ties)
{
    return {"argmax", GgmlType::F32, label(n, ties), 0, [=](CaseEnv& env) {
                const auto x = logits(env, n, ties);
                const ops::cpu::Selected best = ops::cpu::argmax(x);
                const auto index = env.zeros(GgmlType::I32, {1, 1, 1, 1});
                const auto value = env.zeros(GgmlType::F32, {1, 1, 1, 1});
                vk::OpRecorder rec(env.context());
                vk::ops::argmax(rec, env.tensor(x, GgmlType::F32, {n, 1, 1, 1}),
                                env.scratch(vk::ops::argmaxScratchBytes(n)), index, value);
                rec.submitAndWait();
                return CaseOutput{{float(env.readI32(index)[0]), env.readF32(value)[0]},
                                  {double(best.index), double(best.value)}};
            }};
}

OpCase topKCase(std::uint64_t n, std::uint32_t k, bool ties)
{
    return {"top_k", GgmlType::F32, label(n, ties) + " k=" + std::to_string(k), 0, [=](CaseEnv& env) {
                const auto x = logits(env, n, ties);
                CaseOutput out;
                for (const ops::cpu::Selected& s : ops::cpu::topK(x, k)) {
                    out.want.push_back(double(s.index));
                    out.want.push_back(double(s.value));
                }
                const auto indices = env.zeros(GgmlType::I32, {k, 1, 1, 1});
                const auto values = env.zeros(GgmlType::F32, {k, 1, 1, 1});
                vk::OpRecorder rec(env.context());
                vk::ops::topK(rec, env.tensor(x, GgmlType::F32, {n, 1, 1, 1}), k,
                              env.scratch(vk::ops::topKScratchBytes(n, k)), indices, values);
                rec.submitAndWait();
                const auto gotIndices = env.readI32(indices);
                const auto gotValues = env.readF32(values);
                for (std::uint32_t i = 0; i < k; ++i) {
                    out.got.push_back(float(gotIndices[i]));
                    out.got.push_back(gotValues[i]);
                }
                return out;
            }};
}

} // namespace

void addSelectCases(std::vector<OpCase>& cases)
{
    cases.push_back(argmaxCase(1, false));
    cases.push_back(argmaxCase(1000, false));
    cases.push_back(argmaxCase(32001, true));
    cases.push_back(topKCase(1, 1, false));
    cases.push_back(topKCase(1000, 40, false));
    cases.push_back(topKCase(32001, 64, true));
}

} // namespace hearth::opcheck
