#pragma once

// CPU reference for the KV cache and attention (layout as in
// vulkan/ops_attention.h: cache [n_ctx][n_kv_head][head_dim] f16).
// Scores, softmax and the weighted sum run in double over the f16-rounded
// K/V, so it differs from the GPU only by the GPU's f32 arithmetic.

#include <cstdint>
#include <span>
#include <vector>

namespace hearth::ops::cpu {

struct AttentionShape {
    std::uint32_t headDim = 0;
    std::uint32_t nHead = 0;
    std::uint32_t nKvHead = 0;
};

// Rounds rows [count][n_kv_head][head_dim] to f16 into cache at position p0.
void kvWrite(std::span<const float> rows, std::span<std::uint16_t> cache, const AttentionShape& s,
             std::uint32_t p0);
// q, out: [n_q][n_head][head_dim]; query i at position p0 + i sees cache
// rows 0 .. min(kvLen, p0 + i + 1) - 1; scale 1/sqrt(head_dim).
void attention(const AttentionShape& s, std::span<const float> q, std::span<const std::uint16_t> kCache,
               std::span<const std::uint16_t> vCache, std::uint32_t kvLen, std::uint32_t p0,
               std::span<float> out);

} // namespace hearth::ops::cpu
