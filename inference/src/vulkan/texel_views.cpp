#include "vulkan/texel_views.h"

#include "vulkan/vk_error.h"

namespace hearth::vk {

TexelViews::~TexelViews()
{
    for (const auto& [range, view] : views_)
        vkDestroyBufferView(device_, view, nullptr);
}

VkBufferView TexelViews::get(VkDeviceSize offset, VkDeviceSize bytes)
{
    std::lock_guard lock(mutex_);
    const auto key = std::make_pair(offset, bytes);
    if (const auto it = views_.find(key); it != views_.end())
        return it->second;
    VkBufferViewCreateInfo info{VK_STRUCTURE_TYPE_BUFFER_VIEW_CREATE_INFO};
    info.buffer = buffer_;
    info.format = VK_FORMAT_R32G32B32A32_UINT;
    info.offset = offset;
    info.range = bytes;
    VkBufferView view = VK_NULL_HANDLE;
    check(vkCreateBufferView(device_, &info, nullptr, &view), "Creating a texel view of a GPU buffer");
    views_.emplace(key, view);
    return view;
}

} // namespace hearth::vk
