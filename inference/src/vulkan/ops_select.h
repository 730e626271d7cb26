#pragma once

// Selecting from a row of logits on the GPU, so greedy decoding and top-k
// sampling read back a handful of numbers instead of the whole vocabulary.
// Both ops reduce in passes through a caller-provided scratch range (size it
// with the *ScratchBytes functions); the recorder inserts the barriers
// between passes. Ties go to the lowest index (as in ops/cpu_select.h).

#include "vulkan/tensor.h"

#include <cstdint>

namespace hearth::vk {
class OpRecorder;
}

namespace hearth::vk::ops {

constexpr std::uint32_t kMaxTopK = 64;

std::uint64_t argmaxScratchBytes(std::uint64_t n);
// The largest logit: index (I32, one element) and value (F32, one element).
void argmax(OpRecorder& rec, const TensorView& logits, const BufferRange& scratch, const TensorView& index,
            const TensorView& value);

std::uint64_t topKScratchBytes(std::uint64_t n, std::uint32_t k);
// The k (1..kMaxTopK, <= n) largest logits, best first: indices I32 [k],
// values F32 [k].
void topK(OpRecorder& rec, const TensorView& logits, std::uint32_t k, const BufferRange& scratch,
          const TensorView& indices, const TensorView& values);

} // namespace hearth::vk::ops
