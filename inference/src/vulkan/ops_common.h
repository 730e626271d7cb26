#pragma once

// Helpers shared by the Vulkan op implementations.

#include "hearth/error.h"
#include "vulkan/tensor.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <cstdint>
#include <string>

namespace hearth::vk::ops {

// Workgroups for `items` invocations of `workgroup` threads, spread over
// x and y so counts above the 65535-per-dimension minimum still dispatch
// (shaders flatten with globalIndex()).
inline std::array<std::uint32_t, 2> grid(std::uint64_t items, std::uint32_t workgroup)
{
    const std::uint64_t groups = std::max<std::uint64_t>(1, (items + workgroup - 1) / workgroup);
    const std::uint64_t x = std::min<std::uint64_t>(groups, 65535);
    return {static_cast<std::uint32_t>(x), static_cast<std::uint32_t>((groups + x - 1) / x)};
}

inline void require(bool condition, const std::string& what)
{
    if (!condition)
        throw Error("Internal error: " + what);
}

// ASCII lower case: shader names are built from type names ("Q4_K" -> "q4_k").
inline std::string lower(std::string s)
{
    for (char& c : s)
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

inline std::uint32_t u32(std::uint64_t value)
{
    require(value <= 0xFFFFFFFFu, "a tensor dimension does not fit in 32 bits");
    return static_cast<std::uint32_t>(value);
}

} // namespace hearth::vk::ops
