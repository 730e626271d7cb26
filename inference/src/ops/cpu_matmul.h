#pragma once

// CPU reference of the prompt-processing mat-mat (the oracle for
// vk::ops::matMul): dequantise each weight row once, dot in double.

#include "hearth/tensor_types.h"

#include <cstdint>
#include <span>
#include <vector>

namespace hearth::ops::cpu {

// y[t][r] = dot(W[r], x[t]) with W [rows][cols] of `type` and x [tokens][cols];
// the result is [tokens][rows].
std::vector<double> matMul(GgmlType type, std::span<const std::byte> w, std::uint32_t rows, std::uint32_t cols,
                           std::span<const float> x, std::uint32_t tokens);

} // namespace hearth::ops::cpu
