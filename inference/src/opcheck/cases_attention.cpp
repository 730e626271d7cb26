// KV-cache write and attention (decode and causal prefill, grouped-query
// heads). The f16 cache must match the reference bit for bit; attention
// differs from the double-precision reference by f32 arithmetic only.

#include "opcheck/op_case.h"
#include "ops/cpu_attention.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_attention.h"

namespace hearth::opcheck {
namespace {

struct AttentionSetup {
    std::uint32_t headDim, nHead, nKvHead, nQ, kvLen;
    bool tiled = false; // force the shared-memory kernel (GPUs') where the device would pick another

    std::string label() const
    {
        return "d" + std::to_string(headDim) + " h" + std::to_string(nHead) + "/" + std::to_string(nKvHead) +
               " q" + std::to_string(nQ) + " kv" + std::to_string(kvLen) + (tiled ? " tiled" : "");
    }
};

// Writes positions [0, kvLen) through kvWrite in two calls (the cached past
// and the new tokens), then attends with the last nQ positions as queries.
// `attend` false returns the caches, true the attention output.
CaseOutput runAttention(CaseEnv& env, const AttentionSetup& s, bool attend)
{
    const std::uint64_t D = s.headDim, H = s.nHead, KH = s.nKvHead, Q = s.nQ, L = s.kvLen, ctx = L + 3;
    const std::uint32_t p0 = s.kvLen - s.nQ;
    const ops::cpu::AttentionShape shape{s.headDim, s.nHead, s.nKvHead};
    const auto k = env.random(L * KH * D), v = env.random(L * KH * D), q = env.random(Q * H * D, -2, 2);

    // f16 NaN everywhere first: a read past the causal/kv limit poisons the output.
    std::vector<std::uint16_t> kWant(ctx * KH * D, 0x7E00), vWant(ctx * KH * D, 0x7E00);
    ops::cpu::kvWrite(k, kWant, shape, 0);
    ops::cpu::kvWrite(v, vWant, shape, 0);
    std::vector<float> want(q.size());
    ops::cpu::attention(shape, q, kWant, vWant, s.kvLen, p0, want);

    const std::vector<std::uint16_t> poison(ctx * KH * D, 0x7E00);
    const auto kc = env.tensor(poison, GgmlType::F16, {D, KH, ctx, 1});
    const auto vc = env.tensor(poison, GgmlType::F16, {D, KH, ctx, 1});
    const std::size_t split = std::size_t(p0) * KH * D;
    const auto part = [&](const std::vector<float>& all, bool old, std::uint64_t rows) {
        const std::vector<float> piece(old ? all.begin() : all.begin() + std::ptrdiff_t(split),
                                       old ? all.begin() + std::ptrdiff_t(split) : all.end());
        return env.tensor(piece, GgmlType::F32, {D, KH, rows, 1});
    };
    const auto out = env.zeros(GgmlType::F32, {D, H, Q, 1});
    vk::OpRecorder rec(env.context());
    if (p0 > 0)
        vk::ops::kvWrite(rec, part(k, true, p0), part(v, true, p0), kc, vc, 0);
    vk::ops::kvWrite(rec, part(k, false, Q), part(v, false, Q), kc, vc, p0);
    if (attend)
        vk::ops::attention(rec, env.tensor(q, GgmlType::F32, {D, H, Q, 1}), kc, vc, s.kvLen, p0, out,
                           s.tiled ? vk::ops::AttentionKernel::Tiled : vk::ops::AttentionKernel::Auto);
    rec.submitAndWait();
    if (attend)
        return {env.readF32(out), toDouble(want)};
    // NaN == NaN for this check: compare the bits as numbers.
    CaseOutput caches;
    for (const auto& [got, expected] : {std::pair{env.readU16(kc), kWant}, std::pair{env.readU16(vc), vWant}}) {
        caches.got.insert(caches.got.end(), got.begin(), got.end());
        caches.want.insert(caches.want.end(), expected.begin(), expected.end());
    }
    return caches;
}

OpCase kvWriteCase(AttentionSetup s)
{
    return {"kv_write", GgmlType::F16, s.label(), 0, [=](CaseEnv& env) { return runAttention(env, s, false); }};
}

OpCase attentionCase(AttentionSetup s)
{
    return {"attention", GgmlType::F16, s.label(), 1e-5, [=](CaseEnv& env) { return runAttention(env, s, true); }};
}

} // namespace

void addAttentionCases(std::vector<OpCase>& cases)
{
    cases.push_back(kvWriteCase({64, 4, 2, 3, 17}));
    cases.push_back(attentionCase({64, 4, 2, 1, 1}));     // decode, first token
    cases.push_back(attentionCase({128, 8, 2, 1, 300}));  // decode, GQA 4
    cases.push_back(attentionCase({40, 2, 1, 1, 17}));    // decode, odd head size
    cases.push_back(attentionCase({8, 6, 3, 17, 17}));    // prefill from 0
    cases.push_back(attentionCase({64, 4, 1, 13, 300}));  // prefill continuing a cache
    cases.push_back(attentionCase({128, 8, 2, 1, 300, true}));
    cases.push_back(attentionCase({64, 4, 1, 13, 300, true}));
}

} // namespace hearth::opcheck
