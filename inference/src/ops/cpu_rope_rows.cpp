// CPU reference: rotary position embedding, embedding row gather, mat-vec.
#include "ops/cpu_reference.h"

#include <cmath>

namespace hearth::ops::cpu {

void rope(const RopeParams& p, std::span<const float> x, std::span<const std::int32_t> positions,
          std::span<float> out, std::uint32_t heads, std::span<const float> freqFactors)
{
    const std::uint32_t d = p.headDim;
    for (std::size_t t = 0; t < positions.size(); ++t) {
        for (std::uint32_t h = 0; h < heads; ++h) {
            const std::size_t base = (t * heads + h) * d;
            for (std::uint32_t i = p.nRot; i < d; ++i)
                out[base + i] = x[base + i];
            for (std::uint32_t i = 0; i < p.nRot / 2; ++i) {
                const double factor = freqFactors.empty() ? 1.0 : double(freqFactors[i]);
                const double theta = positions[t] * double(p.freqScale) *
                                     std::pow(double(p.freqBase), -2.0 * i / double(p.nRot)) / factor;
                const std::size_t i0 = p.mode == RopeMode::Normal ? base + 2 * i : base + i;
                const std::size_t i1 = p.mode == RopeMode::Normal ? i0 + 1 : i0 + p.nRot / 2;
                const double c = std::cos(theta), s = std::sin(theta);
                out[i0] = float(x[i0] * c - x[i1] * s);
                out[i1] = float(x[i0] * s + x[i1] * c);
            }
        }
    }
}

void getRows(GgmlType type, std::span<const std::byte> matrix, std::uint32_t n, std::span<const std::int32_t> ids,
             std::span<float> out)
{
    const std::uint64_t bytes = rowBytes(type, n);
    for (std::size_t i = 0; i < ids.size(); ++i)
        dequantize(type, matrix.data() + std::size_t(ids[i]) * bytes, out.data() + i * n, n);
}

std::vector<double> matVec(GgmlType type, std::span<const std::byte> w, std::uint32_t rows, std::uint32_t cols,
                           std::span<const float> x)
{
    const std::uint64_t bytes = rowBytes(type, cols);
    std::vector<float> row(cols);
    std::vector<double> y(rows);
    for (std::uint32_t r = 0; r < rows; ++r) {
        dequantize(type, w.data() + r * bytes, row.data(), cols);
        double sum = 0;
        for (std::uint32_t c = 0; c < cols; ++c)
            sum += double(row[c]) * x[c];
        y[r] = sum;
    }
    return y;
}

} // namespace hearth::ops::cpu
