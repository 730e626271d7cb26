// CPU reference: KV cache write and causal grouped-query attention.
#include "ops/cpu_attention.h"

#include "hearth/tensor_types.h"

#include <algorithm>
#include <cmath>

namespace hearth::ops::cpu {

void kvWrite(std::span<const float> rows, std::span<std::uint16_t> cache, const AttentionShape& s,
             std::uint32_t p0)
{
    const std::size_t first = std::size_t(p0) * s.nKvHead * s.headDim;
    for (std::size_t i = 0; i < rows.size(); ++i)
        cache[first + i] = floatToHalf(rows[i]);
}

void attention(const AttentionShape& s, std::span<const float> q, std::span<const std::uint16_t> kCache,
               std::span<const std::uint16_t> vCache, std::uint32_t kvLen, std::uint32_t p0,
               std::span<float> out)
{
    const std::size_t D = s.headDim;
    const std::size_t nQ = q.size() / (D * s.nHead);
    const std::uint32_t group = s.nHead / s.nKvHead;
    const double scale = 1.0 / std::sqrt(double(D));
    std::vector<double> scores;
    std::vector<double> acc(D);
    for (std::size_t i = 0; i < nQ; ++i) {
        const std::size_t end = std::min<std::size_t>(kvLen, p0 + i + 1);
        for (std::uint32_t h = 0; h < s.nHead; ++h) {
            const float* qi = &q[(i * s.nHead + h) * D];
            const std::size_t kvHead = h / group;
            scores.assign(end, 0.0);
            for (std::size_t j = 0; j < end; ++j) {
                const std::uint16_t* kj = &kCache[(j * s.nKvHead + kvHead) * D];
                double dot = 0;
                for (std::size_t d = 0; d < D; ++d)
                    dot += double(qi[d]) * halfToFloat(kj[d]);
                scores[j] = dot * scale;
            }
            const double maxScore = *std::max_element(scores.begin(), scores.end());
            double sum = 0;
            for (double& sc : scores)
                sum += sc = std::exp(sc - maxScore);
            std::fill(acc.begin(), acc.end(), 0.0);
            for (std::size_t j = 0; j < end; ++j) {
                const std::uint16_t* vj = &vCache[(j * s.nKvHead + kvHead) * D];
                for (std::size_t d = 0; d < D; ++d)
                    acc[d] += scores[j] * halfToFloat(vj[d]);
            }
            for (std::size_t d = 0; d < D; ++d)
                out[(i * s.nHead + h) * D + d] = float(acc[d] / sum);
        }
    }
}

} // namespace hearth::ops::cpu
