// CPU reference: argmax and top-k of a row.
#include "ops/cpu_select.h"

#include <algorithm>
#include <numeric>

namespace hearth::ops::cpu {

Selected argmax(std::span<const float> row)
{
    Selected best{0, row[0]};
    for (std::uint32_t i = 1; i < row.size(); ++i) {
        if (row[i] > best.value) // strict: an equal value later keeps the lower index
            best = {i, row[i]};
    }
    return best;
}

std::vector<Selected> topK(std::span<const float> row, std::uint32_t k)
{
    std::vector<std::uint32_t> order(row.size());
    std::iota(order.begin(), order.end(), 0u);
    k = std::min<std::uint32_t>(k, static_cast<std::uint32_t>(row.size()));
    std::partial_sort(order.begin(), order.begin() + k, order.end(), [&](std::uint32_t a, std::uint32_t b) {
        return row[a] > row[b] || (row[a] == row[b] && a < b);
    });
    std::vector<Selected> out(k);
    for (std::uint32_t i = 0; i < k; ++i)
        out[i] = {order[i], row[order[i]]};
    return out;
}

} // namespace hearth::ops::cpu
