#pragma once

// Vulkan implementations of the small ops: they only record into an
// OpRecorder (which adds barriers where needed). All tensors are F32 and
// packed except the matrix of getRows.

#include "ops/op_params.h"
#include "vulkan/tensor.h"

namespace hearth::vk {
class OpRecorder;
}

namespace hearth::vk::ops {

using hearth::ops::BinaryOp;
using hearth::ops::GluKind;
using hearth::ops::RopeParams;

// RMS-normalises each row of x (shape[0] = n) and multiplies by weight [n].
void rmsNorm(OpRecorder& rec, const TensorView& x, const TensorView& weight, const TensorView& out, float eps);
// out = a op b; b may be shorter than a (then it repeats: broadcast over rows).
void binary(OpRecorder& rec, BinaryOp op, const TensorView& a, const TensorView& b, const TensorView& out);
void scale(OpRecorder& rec, const TensorView& x, float factor, const TensorView& out);
void glu(OpRecorder& rec, GluKind kind, const TensorView& gate, const TensorView& up, const TensorView& out);
void softmax(OpRecorder& rec, const TensorView& x, const TensorView& out);
// x shape {headDim, heads, tokens}; positions: I32 with one entry per token;
// freqFactors: optional F32 {nRot / 2} dividing each pair's angle (Llama 3.1+).
void rope(OpRecorder& rec, const RopeParams& params, const TensorView& x, const TensorView& positions,
          const TensorView& out, const TensorView* freqFactors = nullptr);
// out[i] = row ids[i] of matrix (F32, F16, Q8_0, Q4_0 or Q4_K), as f32.
bool getRowsSupported(GgmlType type);
void getRows(OpRecorder& rec, const TensorView& matrix, const TensorView& ids, const TensorView& out);

} // namespace hearth::vk::ops
