#pragma once

// Decode mat-vec y = W x on Vulkan, reading the quantised blocks directly.

#include "vulkan/tensor.h"

#include <cstdint>

namespace hearth::vk {
class Context;
class OpRecorder;
} // namespace hearth::vk

namespace hearth::vk::ops {

enum class Reduction {
    Auto,     // subgroupAdd where the device has subgroup arithmetic
    Subgroup, // force subgroupAdd (tests)
    Shared,   // force the shared-memory tree (tests; devices without it)
};

enum class MatVecKernel {
    Auto,    // on CPU drivers Texel, else Lanes, where the type and shape allow; else Generic
    Generic, // threads of a workgroup share rows (matvec.comp; any device)
    Lanes,   // each lane of one 8-lane subgroup owns rows (matvec_lanes.comp; CPU drivers)
    Texel,   // 8 lanes share rows, weights and x read as texels (matvec_texel.comp; CPU drivers)
};

enum class MatVecFp16 {
    Auto, // on for GPUs whose context allows fp16 (Context::fp16Allowed), off on CPU drivers (slower there)
    Off,
    On,   // where the context allows fp16 and the type has an fp16 build (Q8_0, Q4_K); else fp32
};

struct MatVecOptions {
    MatVecKernel kernel = MatVecKernel::Auto;
    Reduction reduction = Reduction::Auto; // Generic kernel only
    std::uint32_t workgroup = 0;    // Generic: threads per workgroup (power of two); 0 = default
    std::uint32_t rowsPerGroup = 0; // rows per workgroup (Lanes: a multiple of 8); 0 = default
    bool wordsOnly = false;         // force the build for devices without 8/16-bit storage (tests)
    MatVecFp16 fp16 = MatVecFp16::Auto; // Generic kernel only
    std::uint64_t maxBindingBytes = 0; // 0 = the device's limit; tests lower it to exercise row chunks
};

bool matVecSupported(GgmlType type);
// Whether the Lanes kernel can take rows of `cols` weights of `type`.
bool matVecLanesSupported(GgmlType type, std::uint64_t cols);
// Whether the Texel kernel can take rows of `cols` weights of `type`.
bool matVecTexelSupported(GgmlType type, std::uint64_t cols);
// Row lengths the kernel for `type` accepts are multiples of this (0: unsupported).
std::uint32_t matVecColumnMultiple(GgmlType type);
// Whether matVec with these options multiplies in half precision on this
// device (the fp16 build: about 1e-3 relative error instead of fp32's ~1e-6).
bool matVecInHalfPrecision(const Context& context, const TensorView& w, const MatVecOptions& options = {});

// What matVec does with each dot product before it stores it in y: adds
// bias[r] (an F32 {rows} tensor) and/or what y[r] held (a residual
// connection), so decode needs no separate dispatch for either.
struct MatVecEpilogue {
    const TensorView* bias = nullptr;
    bool accumulate = false;
};

// W: {cols, rows} of a supported type; x: F32 {cols}; y: F32 {rows}. A
// weight larger than the device's storage-buffer range is bound in row
// chunks, one dispatch each.
void matVec(OpRecorder& rec, const TensorView& w, const TensorView& x, const TensorView& y,
            const MatVecOptions& options = {}, const MatVecEpilogue& epilogue = {});

} // namespace hearth::vk::ops
