#include "vulkan/buffer.h"

#include "hearth/error.h"
#include "vulkan/context.h"
#include "vulkan/memory_budget.h"
#include "vulkan/staging_ring.h"
#include "vulkan/texel_views.h"
#include "vulkan/vk_error.h"

#include <cstring>
#include <string>
#include <utility>

namespace hearth::vk {

void checkRange(VkDeviceSize offset, std::size_t bytes, VkDeviceSize size)
{
    if (offset > size || bytes > size - offset)
        throw Error("GPU buffer access out of range: " + std::to_string(bytes) + " bytes at offset " +
                    std::to_string(offset) + " of a " + std::to_string(size) + "-byte buffer");
}

Buffer::Buffer(Context& context, VkDeviceSize bytes, MemoryUse use) : context_(&context), size_(bytes)
{
    const DeviceInfo& info = context.info();
    if (bytes == 0)
        throw Error("A GPU buffer cannot be empty");
    if (use == MemoryUse::DeviceLocal) {
        // Check the budget first: an absurd size gets the numbers, not a
        // driver error (or an overcommit that crawls).
        const int type = context.findMemoryType(~0u, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
        if (type >= 0) {
            const std::uint32_t heap = context.heapOfMemoryType(std::uint32_t(type));
            if (bytes > heapBudget(context, heap).availableBytes())
                throwOutOfMemory(context, bytes, heap);
        }
    }
    if (bytes > info.maxMemoryAllocationSize)
        throw Error("A single GPU allocation of " + formatBytes(bytes) + " is larger than " + info.name + " allows (" +
                    formatBytes(info.maxMemoryAllocationSize) + ")");

    VkBufferCreateInfo bufferInfo{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    bufferInfo.size = bytes;
    bufferInfo.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_UNIFORM_BUFFER_BIT |
                       VK_BUFFER_USAGE_UNIFORM_TEXEL_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                       VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    bufferInfo.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    check(vkCreateBuffer(context.device(), &bufferInfo, nullptr, &buffer_), "Creating a GPU buffer");
    texelViews_ = std::make_unique<TexelViews>(context.device(), buffer_);

    VkMemoryRequirements needs{};
    vkGetBufferMemoryRequirements(context.device(), buffer_, &needs);
    int type = -1;
    if (use == MemoryUse::DeviceLocal) {
        type = context.findMemoryType(needs.memoryTypeBits, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
    } else {
        // Cached memory makes read-back fast; coherent avoids explicit flushes.
        type = context.findMemoryType(needs.memoryTypeBits,
                                      VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT | VK_MEMORY_PROPERTY_HOST_COHERENT_BIT,
                                      VK_MEMORY_PROPERTY_HOST_CACHED_BIT);
    }
    if (type < 0) {
        release();
        throw Error("The GPU " + info.name + " has no suitable memory type for this buffer");
    }

    VkMemoryAllocateInfo allocInfo{VK_STRUCTURE_TYPE_MEMORY_ALLOCATE_INFO};
    allocInfo.allocationSize = needs.size;
    allocInfo.memoryTypeIndex = static_cast<std::uint32_t>(type);
    const VkResult result = vkAllocateMemory(context.device(), &allocInfo, nullptr, &memory_);
    heap_ = context.heapOfMemoryType(std::uint32_t(type));
    if (result == VK_ERROR_OUT_OF_DEVICE_MEMORY || result == VK_ERROR_OUT_OF_HOST_MEMORY) {
        release();
        throwOutOfMemory(context, needs.size, heap_);
    }
    if (result != VK_SUCCESS) {
        release();
        check(result, "Allocating GPU memory");
    }
    try {
        allocated_ = needs.size;
        context.noteAllocation(heap_, std::int64_t(allocated_));
        check(vkBindBufferMemory(context.device(), buffer_, memory_, 0), "Binding GPU memory");
        const VkMemoryPropertyFlags flags = context.memoryProperties().memoryTypes[type].propertyFlags;
        if ((flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) && (flags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT))
            check(vkMapMemory(context.device(), memory_, 0, VK_WHOLE_SIZE, 0, &mapped_), "Mapping GPU memory");
        cheapReadBack_ = mapped_ && ((flags & VK_MEMORY_PROPERTY_HOST_CACHED_BIT) || info.type != DeviceType::Discrete);
    } catch (...) {
        mapped_ = nullptr; // not mapped if vkMapMemory failed
        release();         // a constructor that throws runs no destructor
        throw;
    }
}

Buffer::~Buffer()
{
    release();
}

Buffer::Buffer(Buffer&& other) noexcept
    : context_(std::exchange(other.context_, nullptr)), buffer_(std::exchange(other.buffer_, VK_NULL_HANDLE)),
      memory_(std::exchange(other.memory_, VK_NULL_HANDLE)), size_(std::exchange(other.size_, 0)),
      allocated_(std::exchange(other.allocated_, 0)), heap_(other.heap_),
      mapped_(std::exchange(other.mapped_, nullptr)), cheapReadBack_(std::exchange(other.cheapReadBack_, false)),
      texelViews_(std::move(other.texelViews_))
{
}

Buffer& Buffer::operator=(Buffer&& other) noexcept
{
    if (this != &other) {
        release();
        context_ = std::exchange(other.context_, nullptr);
        buffer_ = std::exchange(other.buffer_, VK_NULL_HANDLE);
        memory_ = std::exchange(other.memory_, VK_NULL_HANDLE);
        size_ = std::exchange(other.size_, 0);
        allocated_ = std::exchange(other.allocated_, 0);
        heap_ = other.heap_;
        mapped_ = std::exchange(other.mapped_, nullptr);
        cheapReadBack_ = std::exchange(other.cheapReadBack_, false);
        texelViews_ = std::move(other.texelViews_);
    }
    return *this;
}

void Buffer::release()
{
    if (!context_)
        return;
    VkDevice device = context_->device();
    texelViews_.reset(); // views go before their buffer
    if (mapped_)
        vkUnmapMemory(device, memory_);
    if (buffer_ != VK_NULL_HANDLE)
        vkDestroyBuffer(device, buffer_, nullptr);
    if (memory_ != VK_NULL_HANDLE)
        vkFreeMemory(device, memory_, nullptr);
    if (allocated_)
        context_->noteAllocation(heap_, -std::int64_t(allocated_));
    allocated_ = 0;
    mapped_ = nullptr;
    buffer_ = VK_NULL_HANDLE;
    memory_ = VK_NULL_HANDLE;
    context_ = nullptr;
}

VkBufferView Buffer::texelView(VkDeviceSize offset, VkDeviceSize bytes) const
{
    checkRange(offset, bytes, size_);
    return texelViews_->get(offset, bytes);
}

void Buffer::upload(std::span<const std::byte> bytes, VkDeviceSize offset) const
{
    checkRange(offset, bytes.size(), size_);
    if (bytes.empty())
        return;
    if (mapped_) {
        std::memcpy(static_cast<std::byte*>(mapped_) + offset, bytes.data(), bytes.size());
        return;
    }
    context_->staging().upload(*this, offset, bytes);
}

void Buffer::download(std::span<std::byte> bytes, VkDeviceSize offset) const
{
    checkRange(offset, bytes.size(), size_);
    if (bytes.empty())
        return;
    if (cheapReadBack_) {
        std::memcpy(bytes.data(), static_cast<const std::byte*>(mapped_) + offset, bytes.size());
        return;
    }
    context_->staging().download(*this, offset, bytes);
}

} // namespace hearth::vk
