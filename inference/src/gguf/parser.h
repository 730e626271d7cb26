#pragma once

// Private to src/gguf: parsing and validating one GGUF image (one file or
// one part of a split model). Nothing here touches tensor data; it only
// checks that every tensor's bytes lie inside the image.

#include "hearth/gguf.h"

#include <cstddef>
#include <span>
#include <string>
#include <vector>

namespace hearth::gguf {

inline constexpr uint32_t kDefaultAlignment = 32;
inline constexpr uint32_t kMaxDims = 4;        // GGML_MAX_DIMS
inline constexpr uint32_t kMaxTensorName = 63; // GGML_MAX_NAME (64) minus the NUL

struct ParsedGguf {
    uint32_t version = 0;
    uint32_t alignment = kDefaultAlignment;
    std::vector<GgufKeyValue> metadata; // file order, keys unique
    std::vector<GgufTensorInfo> tensors; // file order, names unique, split = 0
    uint64_t dataStart = 0;             // absolute offset of the data section
};

// Throws hearth::Error prefixed with `label` (usually the file name).
ParsedGguf parseGguf(std::span<const std::byte> bytes, const std::string& label);

// Offset `value` rounded up to a multiple of `alignment` (a power of two).
inline uint64_t alignUp(uint64_t value, uint64_t alignment)
{
    return value + (alignment - value % alignment) % alignment;
}

} // namespace hearth::gguf
