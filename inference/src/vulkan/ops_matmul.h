#pragma once

// Prompt-processing mat-mat Y = X W^T on Vulkan: a tiled kernel that
// dequantises weight tiles into shared memory, for every weight type the
// mat-vec reads.

#include "vulkan/tensor.h"

#include <cstdint>
#include <string>

namespace hearth {
struct DeviceInfo;
}

namespace hearth::vk {
class Context;
class OpRecorder;
} // namespace hearth::vk

namespace hearth::vk::ops {

enum class MatMulPrecision {
    Auto, // f16 tiles where Context::fp16Allowed() (so HEARTH_FORCE_FP32=1 selects Fp32)
    Fp32, // f32 tiles and arithmetic
    Fp16, // f16 tiles and products, f32 sums; throws when the context does not allow fp16
};

enum class MatMulKernel {
    Auto,  // on CPU drivers (unless fp16 was asked for) Texel where the weights allow, else Lanes; else Tiled
    Tiled, // shared-memory tiles (matmul.comp), f32 or f16
    Lanes, // registers and subgroup broadcasts (matmul_lanes.comp), f32: needs 8-lane subgroups
    Texel, // weights and x read as texels, lanes share rows (matmul_texel.comp), f32: CPU drivers
};

// One workgroup computes a bm x bn tile of Y (weight rows x tokens), stepping
// bk along k; each thread owns tm x tn outputs, so the workgroup has
// (bm / tm) * (bn / tn) threads. Zero everywhere = the device default.
struct MatMulTiles {
    std::uint32_t bm = 0, bn = 0, bk = 0, tm = 0, tn = 0;

    std::uint32_t threads() const { return (bm / tm) * (bn / tn); }
    std::string label() const; // "64x64x32/4x4"
};

struct MatMulOptions {
    MatMulPrecision precision = MatMulPrecision::Auto;
    MatMulKernel kernel = MatMulKernel::Auto;
    MatMulTiles tiles;                 // Tiled: zero = defaultMatMulTiles()
    std::uint32_t laneRows = 0;        // Lanes: weight rows per lane; 0 = default
    std::uint32_t laneTokens = 0;      // Lanes: tokens per workgroup; 0 = default
    std::uint32_t texelRows = 0;       // Texel: weight rows per workgroup; 0 = default
    std::uint32_t texelTokens = 0;     // Texel: tokens per workgroup; 0 = default
    std::uint64_t maxBindingBytes = 0; // 0 = the device's limit; tests lower it to exercise row chunks
};

bool matMulSupported(GgmlType type);

// Tiles for this device: HEARTH_MATMUL_TILES="bm,bn,bk,tm,tn" (for tuning on
// a new GPU) wins when it is valid; otherwise a per-device-type table.
MatMulTiles defaultMatMulTiles(const DeviceInfo& info, bool fp16);

// Empty when `tiles` can run on the device, else what is wrong with them.
std::string matMulTilesProblem(const DeviceInfo& info, const MatMulTiles& tiles, bool fp16);

// Whether the Lanes kernel can run on the device (8-lane subgroups with
// broadcast: lavapipe on x86).
bool matMulLanesSupported(const DeviceInfo& info);

// The kernel and precision matMul with `options` would use on `context`
// for weights `w` and activations `x` (Auto picks Texel only where they
// can be read as texels).
MatMulKernel matMulKernel(const Context& context, const MatMulOptions& options, const TensorView& w,
                          const TensorView& x);
// As above for weights of `type` with rows of `k`, well placed (for tests
// and benchmarks).
MatMulKernel matMulKernel(const Context& context, const MatMulOptions& options, GgmlType type = GgmlType::F32,
                          std::uint64_t k = 256);
bool matMulUsesFp16(const Context& context, const MatMulOptions& options);
// What matMul with `options` would run for weights of `type` with rows of
// `k`, for benchmarks: "texel 8x8 fp32", "lanes 8x16 fp32", "tiled 64x64x32/4x4 fp16".
std::string matMulDescription(const Context& context, const MatMulOptions& options, GgmlType type = GgmlType::F32,
                              std::uint64_t k = 256);

// W: {k, m} of a supported type (k a multiple of 32, of 256 for K-quants);
// x: F32 {k, n}, n tokens; y: F32 {m, n}. y[t][r] = dot(W[r], x[t]). A
// weight larger than the device's storage-buffer range is bound in row
// chunks, one dispatch each.
void matMul(OpRecorder& rec, const TensorView& w, const TensorView& x, const TensorView& y,
            const MatMulOptions& options = {});

} // namespace hearth::vk::ops
