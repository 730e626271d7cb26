#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <utility>

#include <vulkan/vulkan.h>

namespace hearth::vk {

// The RGBA32UI texel-buffer views made of one VkBuffer, one per (offset,
// bytes) range, kept until the buffer goes: a decode step binds the same
// weight ranges every token, so each view is made once. Thread-safe
// (sessions on several threads share a model's weight buffers).
class TexelViews {
public:
    TexelViews(VkDevice device, VkBuffer buffer) : device_(device), buffer_(buffer) {}
    ~TexelViews();
    TexelViews(const TexelViews&) = delete;
    TexelViews& operator=(const TexelViews&) = delete;

    VkBufferView get(VkDeviceSize offset, VkDeviceSize bytes);

private:
    VkDevice device_;
    VkBuffer buffer_;
    std::mutex mutex_;
    std::map<std::pair<VkDeviceSize, VkDeviceSize>, VkBufferView> views_;
};

} // namespace hearth::vk
