#include "vulkan/staging_ring.h"

#include "hearth/error.h"
#include "vulkan/context.h"
#include "vulkan/fence_wait.h"
#include "vulkan/vk_error.h"

#include <algorithm>
#include <cstring>
#include <string>

namespace hearth::vk {
namespace {

VkDeviceSize ringBytes(const Context& context, VkDeviceSize wanted)
{
    const VkDeviceSize limit = context.info().maxMemoryAllocationSize ? context.info().maxMemoryAllocationSize : wanted;
    return std::max<VkDeviceSize>(2, std::min(wanted, limit));
}

} // namespace

StagingRing::StagingRing(Context& context, VkDeviceSize bytes)
    : context_(context), ring_(context, ringBytes(context, bytes), MemoryUse::HostVisible)
{
    half_ = ring_.size() / 2;
    if (!ring_.isMapped())
        throw Error("The GPU " + context.info().name + " offers no host-visible memory for transfers");
    try {
        VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        poolInfo.flags = VK_COMMAND_POOL_CREATE_RESET_COMMAND_BUFFER_BIT | VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
        poolInfo.queueFamilyIndex = context.queueFamily();
        check(vkCreateCommandPool(context.device(), &poolInfo, nullptr, &pool_), "Creating a command pool");
        for (Slot& slot : slots_) {
            VkCommandBufferAllocateInfo allocInfo{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
            allocInfo.commandPool = pool_;
            allocInfo.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
            allocInfo.commandBufferCount = 1;
            check(vkAllocateCommandBuffers(context.device(), &allocInfo, &slot.commands), "Allocating a command buffer");
            VkFenceCreateInfo fenceInfo{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
            check(vkCreateFence(context.device(), &fenceInfo, nullptr, &slot.fence), "Creating a fence");
        }
    } catch (...) {
        release();
        throw;
    }
}

StagingRing::~StagingRing()
{
    release();
}

void StagingRing::release()
{
    VkDevice device = context_.device();
    for (Slot& slot : slots_) {
        if (slot.busy)
            waitForFencesQuietly(device, std::span(&slot.fence, 1));
        if (slot.fence != VK_NULL_HANDLE)
            vkDestroyFence(device, slot.fence, nullptr);
        slot = {};
    }
    if (pool_ != VK_NULL_HANDLE)
        vkDestroyCommandPool(device, pool_, nullptr);
    pool_ = VK_NULL_HANDLE;
}

void StagingRing::wait(Slot& slot)
{
    if (!slot.busy)
        return;
    slot.busy = false; // even if the wait fails: never wait on it twice
    waitForFences(context_.device(), std::span(&slot.fence, 1));
}

void StagingRing::submitCopy(Slot& slot, VkBuffer from, VkDeviceSize fromOffset, VkBuffer to, VkDeviceSize toOffset,
                             VkDeviceSize bytes)
{
    check(vkResetCommandBuffer(slot.commands, 0), "Resetting a command buffer");
    VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    check(vkBeginCommandBuffer(slot.commands, &begin), "Recording GPU commands");
    // Earlier GPU work on the queue (dispatches writing what we read back,
    // or reading what we overwrite) finishes before the copy.
    VkMemoryBarrier before{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    before.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    before.dstAccessMask = VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    vkCmdPipelineBarrier(slot.commands, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                         VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 1, &before, 0, nullptr, 0, nullptr);
    const VkBufferCopy region{fromOffset, toOffset, bytes};
    vkCmdCopyBuffer(slot.commands, from, to, 1, &region);
    // The copy's writes are visible to later dispatches and to the host.
    VkMemoryBarrier after{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    after.srcAccessMask = VK_ACCESS_TRANSFER_WRITE_BIT;
    after.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_HOST_READ_BIT;
    vkCmdPipelineBarrier(slot.commands, VK_PIPELINE_STAGE_TRANSFER_BIT,
                         VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &after, 0, nullptr,
                         0, nullptr);
    check(vkEndCommandBuffer(slot.commands), "Recording GPU commands");
    check(vkResetFences(context_.device(), 1, &slot.fence), "Resetting a fence");
    context_.submit(std::span(&slot.commands, 1), slot.fence);
    slot.busy = true;
    ++chunks_;
}

void StagingRing::upload(const Buffer& to, VkDeviceSize offset, std::span<const std::byte> bytes)
{
    checkRange(offset, bytes.size(), to.size());
    std::lock_guard lock(mutex_);
    auto* ring = static_cast<std::byte*>(ring_.mapped());
    try {
        std::size_t chunk = 0;
        for (std::size_t at = 0; at < bytes.size(); at += half_, ++chunk) {
            Slot& slot = slots_[chunk % 2];
            wait(slot); // the GPU is done reading this half
            const std::size_t n = std::min<std::size_t>(half_, bytes.size() - at);
            const VkDeviceSize ringOffset = (chunk % 2) * half_;
            std::memcpy(ring + ringOffset, bytes.data() + at, n);
            submitCopy(slot, ring_.handle(), ringOffset, to.handle(), offset + at, n);
        }
        wait(slots_[0]);
        wait(slots_[1]);
    } catch (...) {
        for (Slot& slot : slots_)
            if (slot.busy)
                waitForFencesQuietly(context_.device(), std::span(&slot.fence, 1));
        slots_[0].busy = slots_[1].busy = false;
        throw;
    }
}

void StagingRing::download(const Buffer& from, VkDeviceSize offset, std::span<std::byte> bytes)
{
    checkRange(offset, bytes.size(), from.size());
    std::lock_guard lock(mutex_);
    const auto* ring = static_cast<const std::byte*>(ring_.mapped());
    // Chunk i is copied into half i % 2; while the GPU copies chunk i the
    // CPU drains chunk i - 1.
    const std::size_t chunks = (bytes.size() + half_ - 1) / half_;
    const auto drain = [&](std::size_t chunk) {
        Slot& slot = slots_[chunk % 2];
        wait(slot);
        const std::size_t at = chunk * half_;
        const std::size_t n = std::min<std::size_t>(half_, bytes.size() - at);
        std::memcpy(bytes.data() + at, ring + (chunk % 2) * half_, n);
    };
    try {
        for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
            const std::size_t at = chunk * half_;
            const std::size_t n = std::min<std::size_t>(half_, bytes.size() - at);
            // Half chunk % 2 last held chunk - 2, drained in the previous round.
            submitCopy(slots_[chunk % 2], from.handle(), offset + at, ring_.handle(), (chunk % 2) * half_, n);
            if (chunk > 0)
                drain(chunk - 1);
        }
        if (chunks > 0)
            drain(chunks - 1);
    } catch (...) {
        for (Slot& slot : slots_)
            if (slot.busy)
                waitForFencesQuietly(context_.device(), std::span(&slot.fence, 1));
        slots_[0].busy = slots_[1].busy = false;
        throw;
    }
}

} // namespace hearth::vk
