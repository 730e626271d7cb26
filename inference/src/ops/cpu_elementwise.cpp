// CPU reference: normalisation, element-wise ops, activations, softmax.
#include "ops/cpu_reference.h"

#include <algorithm>
#include <cmath>

namespace hearth::ops::cpu {

void rmsNorm(std::span<const float> x, std::span<const float> weight, std::span<float> out, std::uint32_t n,
             float eps)
{
    for (std::size_t r = 0; r < x.size() / n; ++r) {
        double sum = 0;
        for (std::uint32_t i = 0; i < n; ++i)
            sum += double(x[r * n + i]) * x[r * n + i];
        const double inv = 1.0 / std::sqrt(sum / n + eps);
        for (std::uint32_t i = 0; i < n; ++i)
            out[r * n + i] = float(x[r * n + i] * inv * weight[i]);
    }
}

void binary(BinaryOp op, std::span<const float> a, std::span<const float> b, std::span<float> out)
{
    for (std::size_t i = 0; i < a.size(); ++i) {
        const float bv = b[i % b.size()];
        out[i] = op == BinaryOp::Add ? a[i] + bv : a[i] * bv;
    }
}

void scale(std::span<const float> x, float factor, std::span<float> out)
{
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = x[i] * factor;
}

float gelu(float x)
{
    const double c = std::sqrt(2.0 / 3.14159265358979323846);
    return float(0.5 * x * (1.0 + std::tanh(c * x * (1.0 + 0.044715 * double(x) * x))));
}

void glu(GluKind kind, std::span<const float> gate, std::span<const float> up, std::span<float> out)
{
    for (std::size_t i = 0; i < gate.size(); ++i) {
        const double g = gate[i];
        const double act = kind == GluKind::SwiGlu ? g / (1.0 + std::exp(-g)) : gelu(gate[i]);
        out[i] = float(act * up[i]);
    }
}

void softmax(std::span<const float> x, std::span<float> out, std::uint32_t n)
{
    for (std::size_t r = 0; r < x.size() / n; ++r) {
        const auto row = x.subspan(r * n, n);
        const float maxValue = *std::max_element(row.begin(), row.end());
        double sum = 0;
        for (float v : row)
            sum += std::exp(double(v) - maxValue);
        for (std::uint32_t i = 0; i < n; ++i)
            out[r * n + i] = float(std::exp(double(row[i]) - maxValue) / sum);
    }
}

} // namespace hearth::ops::cpu
