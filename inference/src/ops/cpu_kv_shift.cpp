// CPU reference: removing a span of positions from a KV cache.
#include "ops/cpu_kv_shift.h"

#include "hearth/tensor_types.h"
#include "ops/cpu_reference.h"

#include <algorithm>
#include <vector>

namespace hearth::ops::cpu {

void kvShift(const RopeParams& rope, std::span<std::uint16_t> kCache, std::span<std::uint16_t> vCache,
             std::uint32_t nKvHead, std::uint32_t begin, std::uint32_t end, std::uint32_t length,
             std::span<const float> freqFactors)
{
    const std::size_t row = std::size_t(nKvHead) * rope.headDim;
    const std::int32_t shift[] = {-std::int32_t(end - begin)};
    std::vector<float> key(row), rotated(row);
    for (std::size_t r = end; r < length; ++r) {
        const std::size_t src = r * row, dst = (r - (end - begin)) * row;
        for (std::size_t i = 0; i < row; ++i)
            key[i] = halfToFloat(kCache[src + i]);
        cpu::rope(rope, key, shift, rotated, nKvHead, freqFactors);
        for (std::size_t i = 0; i < row; ++i)
            kCache[dst + i] = floatToHalf(rotated[i]);
        std::copy_n(vCache.begin() + std::ptrdiff_t(src), row, vCache.begin() + std::ptrdiff_t(dst));
    }
}

} // namespace hearth::ops::cpu
