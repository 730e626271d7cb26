#include "vulkan/buffer.h"

#include "hearth/error.h"
#include "vulkan/context.h"
#include "vulkan/vk_error.h"

#include <cstring>
#include <string>
#include <utility>

namespace hearth::vk {
namespace {

std::string mib(VkDeviceSize bytes)
{
    return std::to_string((bytes + (1 << 20) - 1) >> 20) + " MiB";
}

void checkRange(VkDeviceSize offset, std::size_t bytes, VkDeviceSize size)
{
    if (offset > size || bytes > size - offset)
        throw Error("GPU buffer access out of range: " + std::to_string(bytes) + " bytes at offset " +
                    std::to_string(offset) + " of a " + std::to_string(size) + "-byte buffer");
}

} // namespace

Buffer::Buffer(Context& context, VkDeviceSize bytes, MemoryUse use) : context_(&context), size_(bytes)
{
    const DeviceInfo& info = context.info();
    if (bytes == 0)
        throw Error("A GPU buffer cannot be empty");
    if (bytes > info.maxMemoryAllocationSize)
        throw Error("A single GPU allocation of " + mib(bytes) + " is larger than " + info.name + " allows (" +
                    mib(info.maxMemoryAllocationSize) + ")");

    VkBufferCreateInfo bufferInfo{VK_STRUCTURE_TYPE_BUFFER_CREATE_INFO};
    bufferInfo.size = bytes;
    bufferInfo.usage = VK_BUFFER_USAGE_STORAGE_BUFFER_BIT | VK_BUFFER_USAGE_TRANSFER_SRC_BIT |
                       VK_BUFFER_USAGE_TRANSFER_DST_BIT;
    bufferInfo.sharingMode = VK_SHARING_MODE_EXCLUSIVE;
    check(vkCreateBuffer(context.device(), &bufferInfo, nullptr, &buffer_), "Creating a GPU buffer");

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
    if (result == VK_ERROR_OUT_OF_DEVICE_MEMORY || result == VK_ERROR_OUT_OF_HOST_MEMORY) {
        release();
        throw Error("Not enough GPU memory: needed " + mib(needs.size) + " more on " + info.name + " (" +
                    mib(info.deviceLocalBytes) + " in total). Close other GPU programs or use a smaller model or context.");
    }
    if (result != VK_SUCCESS) {
        release();
        check(result, "Allocating GPU memory");
    }
    try {
        check(vkBindBufferMemory(context.device(), buffer_, memory_, 0), "Binding GPU memory");
        VkPhysicalDeviceMemoryProperties props{};
        vkGetPhysicalDeviceMemoryProperties(context.physicalDevice(), &props);
        const VkMemoryPropertyFlags flags = props.memoryTypes[type].propertyFlags;
        if ((flags & VK_MEMORY_PROPERTY_HOST_VISIBLE_BIT) && (flags & VK_MEMORY_PROPERTY_HOST_COHERENT_BIT))
            check(vkMapMemory(context.device(), memory_, 0, VK_WHOLE_SIZE, 0, &mapped_), "Mapping GPU memory");
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
      mapped_(std::exchange(other.mapped_, nullptr))
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
        mapped_ = std::exchange(other.mapped_, nullptr);
    }
    return *this;
}

void Buffer::release()
{
    if (!context_)
        return;
    VkDevice device = context_->device();
    if (mapped_)
        vkUnmapMemory(device, memory_);
    if (buffer_ != VK_NULL_HANDLE)
        vkDestroyBuffer(device, buffer_, nullptr);
    if (memory_ != VK_NULL_HANDLE)
        vkFreeMemory(device, memory_, nullptr);
    mapped_ = nullptr;
    buffer_ = VK_NULL_HANDLE;
    memory_ = VK_NULL_HANDLE;
    context_ = nullptr;
}

void Buffer::upload(std::span<const std::byte> bytes, VkDeviceSize offset)
{
    checkRange(offset, bytes.size(), size_);
    if (bytes.empty())
        return;
    if (mapped_) {
        std::memcpy(static_cast<std::byte*>(mapped_) + offset, bytes.data(), bytes.size());
        return;
    }
    Buffer staging(*context_, bytes.size(), MemoryUse::HostVisible);
    std::memcpy(staging.mapped(), bytes.data(), bytes.size());
    context_->submitAndWait([&](VkCommandBuffer commands) {
        VkBufferCopy region{0, offset, bytes.size()};
        vkCmdCopyBuffer(commands, staging.handle(), buffer_, 1, &region);
    });
}

void Buffer::download(std::span<std::byte> bytes, VkDeviceSize offset) const
{
    checkRange(offset, bytes.size(), size_);
    if (bytes.empty())
        return;
    if (mapped_) {
        std::memcpy(bytes.data(), static_cast<const std::byte*>(mapped_) + offset, bytes.size());
        return;
    }
    Buffer staging(*context_, bytes.size(), MemoryUse::HostVisible);
    context_->submitAndWait([&](VkCommandBuffer commands) {
        VkBufferCopy region{offset, 0, bytes.size()};
        vkCmdCopyBuffer(commands, buffer_, staging.handle(), 1, &region);
    });
    std::memcpy(bytes.data(), staging.mapped(), bytes.size());
}

} // namespace hearth::vk
