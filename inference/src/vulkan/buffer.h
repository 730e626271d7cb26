#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <span>

#include <vulkan/vulkan.h>

#include "vulkan/texel_views.h"

namespace hearth::vk {

class Context;

// Throws hearth::Error unless `bytes` at `offset` fit in a `size`-byte buffer.
void checkRange(VkDeviceSize offset, std::size_t bytes, VkDeviceSize size);

enum class MemoryUse {
    DeviceLocal, // weights and activations: fastest for the GPU
    HostVisible, // staging and read-back: the CPU maps it
};

// A buffer with its own memory, usable as storage, uniform and uniform
// texel buffer. Move-only.
class Buffer {
public:
    Buffer() = default;
    Buffer(Context& context, VkDeviceSize bytes, MemoryUse use);
    ~Buffer();
    Buffer(Buffer&& other) noexcept;
    Buffer& operator=(Buffer&& other) noexcept;
    Buffer(const Buffer&) = delete;
    Buffer& operator=(const Buffer&) = delete;

    VkBuffer handle() const { return buffer_; }
    VkDeviceSize size() const { return size_; }
    bool isMapped() const { return mapped_ != nullptr; }
    void* mapped() const { return mapped_; }

    // Copies host bytes in at `offset`: straight into mapped memory where the
    // device allows it (UMA, ReBAR), otherwise streamed through the
    // context's staging ring. Returns once the bytes are on the device.
    void upload(std::span<const std::byte> bytes, VkDeviceSize offset = 0) const;
    // Reads back through mapped memory when that is cheap (UMA, cached
    // memory), otherwise through a GPU copy into the staging ring (reading
    // mapped VRAM over PCIe is very slow).
    void download(std::span<std::byte> bytes, VkDeviceSize offset = 0) const;
    // `bytes` (a multiple of 16) at `offset` as RGBA32UI texels, for a
    // BindingKind::TexelRgba32u binding; made on first use, kept until the
    // buffer goes.
    VkBufferView texelView(VkDeviceSize offset, VkDeviceSize bytes) const;

private:
    void release();

    Context* context_ = nullptr;
    VkBuffer buffer_ = VK_NULL_HANDLE;
    VkDeviceMemory memory_ = VK_NULL_HANDLE;
    VkDeviceSize size_ = 0;
    VkDeviceSize allocated_ = 0; // device memory held (may exceed size_)
    std::uint32_t heap_ = 0;
    void* mapped_ = nullptr;
    bool cheapReadBack_ = false; // mapped and cached, or on a UMA device
    std::unique_ptr<TexelViews> texelViews_;
};

} // namespace hearth::vk
