#pragma once

// What the texel kernels (matvec_texel.comp, matmul_texel.comp; CPU
// drivers) need of the device and the weights: units of columns per type,
// where units may start, whether a tensor can be read that way, and how
// much to bind.

#include "vulkan/tensor.h"

#include <cstdint>

namespace hearth {
struct DeviceInfo;
}
namespace hearth::vk {
class Context;
}

namespace hearth::vk::ops {

// Whether the device runs the kernels written for CPU drivers (texel and
// lanes mat-vec / mat-mat, lanes attention): a CPU device whose subgroups
// are exactly 8 lanes, fixed, with subgroup arithmetic, so a workgroup of 8
// is one subgroup (lavapipe on x86).
bool cpuSubgroupKernelsFit(const DeviceInfo& info);

// Columns per unit (matvec_texel_types.glsl); 0: the type has no decoder.
std::uint32_t texelUnit(GgmlType type);

// Units start at byte offsets that are multiples of this (Q4_K / F32 / F16
// units are whole texels; the others are moved into place word by word,
// Q6_K's half-word by half-word).
std::uint32_t texelUnitAlignment(GgmlType type);

// Whether rows of `cols` weights of `type` split into whole, aligned units.
bool texelRowsFit(GgmlType type, std::uint64_t cols);

// Whether the texel kernels can read `w` on this device: 8-lane subgroups
// with arithmetic, rows that fit, an aligned start, and the last texel
// inside the buffer (the device allocator's 256-byte granules see to that).
bool texelWeightsFit(const Context& context, const TensorView& w);

// Whether activations starting at `offset` with `floats` values can be
// bound as a texel view.
bool texelActivationsFit(const Context& context, std::uint64_t offset, std::uint64_t floats);

// Bytes to bind for `bytes` of weights from `bound`: whole texels, plus two
// more where the buffer has them (a unit's fetch runs up to a texel past its
// end; past the view a fetch reads zeros, which the decoders never use).
std::uint64_t texelBindingBytes(const TensorView& w, std::uint64_t bound, std::uint64_t bytes);

} // namespace hearth::vk::ops
