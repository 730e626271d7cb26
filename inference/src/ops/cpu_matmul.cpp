// CPU reference: mat-mat over a batch of tokens.
#include "ops/cpu_matmul.h"

#include "hearth/error.h"

namespace hearth::ops::cpu {

std::vector<double> matMul(GgmlType type, std::span<const std::byte> w, std::uint32_t rows, std::uint32_t cols,
                           std::span<const float> x, std::uint32_t tokens)
{
    const std::uint64_t bytes = rowBytes(type, cols);
    if (w.size() < bytes * rows || x.size() < std::size_t(tokens) * cols)
        throw Error("cpu::matMul: inputs smaller than their shapes");
    std::vector<float> row(cols);
    std::vector<double> y(std::size_t(tokens) * rows);
    for (std::uint32_t r = 0; r < rows; ++r) {
        dequantize(type, w.data() + r * bytes, row.data(), cols);
        for (std::uint32_t t = 0; t < tokens; ++t) {
            const float* xt = x.data() + std::size_t(t) * cols;
            double sum = 0;
            for (std::uint32_t c = 0; c < cols; ++c)
                sum += double(row[c]) * xt[c];
            y[std::size_t(t) * rows + r] = sum;
        }
    }
    return y;
}

} // namespace hearth::ops::cpu
