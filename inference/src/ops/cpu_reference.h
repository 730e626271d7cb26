#pragma once

// Plain, obviously-correct CPU implementations of the ops. They are the
// ground truth the GPU kernels are tested against (accumulating in double
// where a sum is involved), not a fast CPU backend.

#include "hearth/tensor_types.h"
#include "ops/op_params.h"

#include <cstdint>
#include <span>
#include <vector>

namespace hearth::ops::cpu {

// out[r][i] = x[r][i] / sqrt(mean(x[r]^2) + eps) * weight[i], rows of n.
void rmsNorm(std::span<const float> x, std::span<const float> weight, std::span<float> out, std::uint32_t n,
             float eps);
// out[i] = a[i] op b[i % b.size()]: b broadcasts over rows when shorter.
void binary(BinaryOp op, std::span<const float> a, std::span<const float> b, std::span<float> out);
void scale(std::span<const float> x, float factor, std::span<float> out);
// out[i] = act(gate[i]) * up[i]; SwiGLU uses silu, GeGLU the tanh-approximated gelu.
void glu(GluKind kind, std::span<const float> gate, std::span<const float> up, std::span<float> out);
float gelu(float x);
// Softmax of each row of n.
void softmax(std::span<const float> x, std::span<float> out, std::uint32_t n);
// x laid out [tokens][heads][headDim]; positions has one entry per token.
// freqFactors (nRot / 2 entries, Llama 3.1+) divide each pair's angle.
void rope(const RopeParams& p, std::span<const float> x, std::span<const std::int32_t> positions,
          std::span<float> out, std::uint32_t heads, std::span<const float> freqFactors = {});
// out[i] = dequantised row ids[i] of a [rows][n] matrix of `type`.
void getRows(GgmlType type, std::span<const std::byte> matrix, std::uint32_t n, std::span<const std::int32_t> ids,
             std::span<float> out);
// y = W x with W [rows][cols] of `type`, dequantised and dotted in double.
std::vector<double> matVec(GgmlType type, std::span<const std::byte> w, std::uint32_t rows, std::uint32_t cols,
                           std::span<const float> x);

} // namespace hearth::ops::cpu
