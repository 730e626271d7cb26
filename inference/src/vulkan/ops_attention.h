#pragma once

// KV cache and attention on the GPU.
//
// KV cache layout (one K and one V tensor per layer): F16
// [n_ctx][n_kv_head][head_dim], i.e. a TensorView of shape
// {head_dim, n_kv_head, n_ctx}; position p of kv head h starts at element
// (p * n_kv_head + h) * head_dim. head_dim must be even (<= 256).

#include "vulkan/tensor.h"

#include <cstdint>

namespace hearth::vk {
class Context;
class OpRecorder;
}

namespace hearth::vk::ops {

// Writes k and v (F32 {head_dim, n_kv_head, count}) into the caches at
// positions p0 .. p0 + count - 1, rounding to f16 (nearest even).
void kvWrite(OpRecorder& rec, const TensorView& k, const TensorView& v, const TensorView& kCache,
             const TensorView& vCache, std::uint32_t p0);

enum class AttentionKernel {
    Auto,  // Lanes where the device and head_dim allow, else Tiled
    Tiled, // a 64-thread workgroup per (head, query), keys in shared-memory tiles (attention.comp)
    Lanes, // CPU drivers: one 8-lane subgroup per (head, query), caches read as texels (attention_lanes.comp)
};

// Whether the lanes kernel can run on this device for caches `kCache` and
// `vCache` (8-lane subgroups with arithmetic, head_dim a multiple of 8,
// caches placed and sized for texel views).
bool attentionLanesFit(const Context& context, const TensorView& kCache, const TensorView& vCache);

// out = softmax(q K^T / sqrt(head_dim), causal) V for q F32
// {head_dim, n_head, n_q} (query i at absolute position p0 + i, seeing cache
// rows 0 .. min(kvLen, p0 + i + 1) - 1); n_head a multiple of n_kv_head;
// out has q's shape. Decode is n_q = 1, p0 = kvLen - 1.
void attention(OpRecorder& rec, const TensorView& q, const TensorView& kCache, const TensorView& vCache,
               std::uint32_t kvLen, std::uint32_t p0, const TensorView& out,
               AttentionKernel kernel = AttentionKernel::Auto);

} // namespace hearth::vk::ops
