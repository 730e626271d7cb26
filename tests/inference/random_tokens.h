#pragma once

// Seeded random token ids for engine tests (ids 0-2 left out: BOS/EOS/unknown).

#include <cstdint>
#include <random>
#include <vector>

namespace hearth::testing {

inline std::vector<std::int32_t> randomTokens(std::size_t n, std::uint32_t vocab, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::vector<std::int32_t> ids(n);
    for (auto& id : ids)
        id = std::int32_t(3 + rng() % (vocab - 3));
    return ids;
}

} // namespace hearth::testing
