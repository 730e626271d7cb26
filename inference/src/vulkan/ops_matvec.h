#pragma once

// Decode mat-vec y = W x on Vulkan, reading the quantised blocks directly.

#include "vulkan/tensor.h"

#include <cstdint>

namespace hearth::vk {
class OpRecorder;
}

namespace hearth::vk::ops {

enum class Reduction {
    Auto,     // subgroupAdd where the device has subgroup arithmetic
    Subgroup, // force subgroupAdd (tests)
    Shared,   // force the shared-memory tree (tests; devices without it)
};

struct MatVecOptions {
    Reduction reduction = Reduction::Auto;
    std::uint32_t workgroup = 0;    // threads per workgroup (power of two); 0 = default
    std::uint32_t rowsPerGroup = 0; // rows per workgroup; 0 = default
    std::uint64_t maxBindingBytes = 0; // 0 = the device's limit; tests lower it to exercise row chunks
};

bool matVecSupported(GgmlType type);
// Row lengths the kernel for `type` accepts are multiples of this (0: unsupported).
std::uint32_t matVecColumnMultiple(GgmlType type);

// W: {cols, rows} of a supported type; x: F32 {cols}; y: F32 {rows}. A
// weight larger than the device's storage-buffer range is bound in row
// chunks, one dispatch each.
void matVec(OpRecorder& rec, const TensorView& w, const TensorView& x, const TensorView& y,
            const MatVecOptions& options = {});

} // namespace hearth::vk::ops
