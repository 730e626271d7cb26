#pragma once

// CPU reference for removing a span of positions from a KV cache (layout as
// in vulkan/ops_attention.h, f16 [n_ctx][n_kv_head][head_dim]).

#include "ops/op_params.h"

#include <cstdint>
#include <span>

namespace hearth::ops::cpu {

// Rows [end, length) move to [begin, length - (end - begin)) in increasing
// order; each moved key row is roped at position -(end - begin) (in double,
// then rounded to f16), values are copied as they are.
void kvShift(const RopeParams& rope, std::span<std::uint16_t> kCache, std::span<std::uint16_t> vCache,
             std::uint32_t nKvHead, std::uint32_t begin, std::uint32_t end, std::uint32_t length,
             std::span<const float> freqFactors = {});

} // namespace hearth::ops::cpu
