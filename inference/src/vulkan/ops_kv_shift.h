#pragma once

// Removing a span of positions from a layer's KV cache on the GPU (layout as
// in vulkan/ops_attention.h), so a conversation that dropped old turns keeps
// the keys and values of the turns after them instead of recomputing them.

#include "ops/op_params.h"
#include "vulkan/tensor.h"

#include <cstdint>

namespace hearth::vk {
class OpRecorder;
}

namespace hearth::vk::ops {

using hearth::ops::RopeParams;

// Whether kvShift can re-rotate keys roped with `rope` (NeoX needs nRot a
// multiple of 4: one invocation owns whole f16 pairs of both halves).
bool kvShiftSupported(const RopeParams& rope);

// Drops cache rows [begin, end) of one layer: rows [end, length) move to
// [begin, length - (end - begin)), their keys rotated by -(end - begin)
// positions with the model's RoPE (`rope`, optional freqFactors as for
// rope()); values are only moved. Rows from the new length on keep stale
// data that later writes overwrite.
void kvShift(OpRecorder& rec, const RopeParams& rope, const TensorView& kCache, const TensorView& vCache,
             std::uint32_t begin, std::uint32_t end, std::uint32_t length,
             const TensorView* freqFactors = nullptr);

} // namespace hearth::vk::ops
