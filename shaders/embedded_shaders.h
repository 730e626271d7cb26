#pragma once

// SPIR-V modules compiled from shaders/*.comp at build time and linked into
// the binary (see cmake/HearthShaders.cmake).

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace hearth::shaders {

struct EmbeddedShader {
    std::string_view name;
    const std::uint32_t* words;
    std::size_t wordCount;

    std::span<const std::uint32_t> code() const { return {words, wordCount}; }
};

std::span<const EmbeddedShader> all();
const EmbeddedShader* find(std::string_view name); // nullptr if there is no such shader

} // namespace hearth::shaders
