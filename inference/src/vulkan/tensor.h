#pragma once

#include "hearth/tensor_types.h"

#include <array>
#include <cstdint>

#include <vulkan/vulkan.h>

namespace hearth::vk {

class Buffer;

// A byte range of a GPU buffer: what one descriptor binds and what the
// recorder tracks for hazards.
struct BufferRange {
    const Buffer* buffer = nullptr;
    VkDeviceSize offset = 0;
    VkDeviceSize bytes = 0;

    bool overlaps(const BufferRange& other) const
    {
        return buffer == other.buffer && offset < other.offset + other.bytes && other.offset < offset + bytes;
    }
};

// A tensor living in a GPU buffer: `shape[0]` is the row length (ggml
// order: innermost first), rows are contiguous and packed.
struct TensorView {
    const Buffer* buffer = nullptr;
    VkDeviceSize offset = 0;
    GgmlType type = GgmlType::F32;
    std::array<std::uint64_t, 4> shape{1, 1, 1, 1};

    std::uint64_t elements() const { return shape[0] * shape[1] * shape[2] * shape[3]; }
    std::uint64_t rows() const { return shape[1] * shape[2] * shape[3]; }
    std::uint64_t rowBytes() const { return hearth::rowBytes(type, shape[0]); }
    VkDeviceSize bytes() const { return rowBytes() * rows(); }
    BufferRange range() const { return {buffer, offset, bytes()}; }
};

} // namespace hearth::vk
