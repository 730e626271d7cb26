#include "vulkan/device_allocator.h"

#include "hearth/error.h"
#include "vulkan/context.h"
#include "vulkan/memory_budget.h"
#include "vulkan/staging_ring.h"

#include <algorithm>
#include <numeric>
#include <string>

namespace hearth::vk {
namespace {

constexpr VkDeviceSize kDefaultBlockBytes = VkDeviceSize(256) << 20;
// Sizes are rounded up to this so freed slivers stay reusable.
constexpr VkDeviceSize kGranule = 256;

VkDeviceSize alignUp(VkDeviceSize value, VkDeviceSize alignment)
{
    return (value + alignment - 1) / alignment * alignment;
}

} // namespace

TensorView Allocation::view(GgmlType type, std::array<std::uint64_t, 4> shape) const
{
    TensorView v{buffer, offset, type, shape};
    if (!buffer || v.bytes() > bytes)
        throw Error("Internal error: a " + std::to_string(v.bytes()) + "-byte tensor does not fit its " +
                    std::to_string(bytes) + "-byte allocation");
    return v;
}

DeviceAllocator::DeviceAllocator(Context& context) : DeviceAllocator(context, Options{}) {}

DeviceAllocator::DeviceAllocator(Context& context, Options options) : context_(context), options_(options)
{
    const VkDeviceSize maxAllocation = context.info().maxMemoryAllocationSize;
    blockBytes_ = options.blockBytes ? options.blockBytes : kDefaultBlockBytes;
    if (maxAllocation)
        blockBytes_ = std::min(blockBytes_, maxAllocation);
    blockBytes_ = std::max(alignUp(blockBytes_, kGranule), kGranule);
}

DeviceAllocator::~DeviceAllocator() = default;

DeviceAllocator::Block& DeviceAllocator::newBlock(VkDeviceSize bytes, bool dedicated)
{
    auto block = std::make_unique<Block>();
    block->buffer = Buffer(context_, bytes, MemoryUse::DeviceLocal);
    block->dedicated = dedicated;
    block->free.emplace(0, bytes);
    blocks_.push_back(std::move(block));
    return *blocks_.back();
}

Allocation DeviceAllocator::carve(Block& block, VkDeviceSize bytes, VkDeviceSize alignment)
{
    for (auto it = block.free.begin(); it != block.free.end(); ++it) {
        const VkDeviceSize start = it->first, end = it->first + it->second;
        const VkDeviceSize at = alignUp(start, alignment);
        if (at > end || end - at < bytes)
            continue;
        block.free.erase(it);
        if (at > start)
            block.free.emplace(start, at - start);
        if (end > at + bytes)
            block.free.emplace(at + bytes, end - at - bytes);
        block.live.emplace(at, bytes);
        block.used += bytes;
        return {&block.buffer, at, bytes};
    }
    return {};
}

Allocation DeviceAllocator::allocate(VkDeviceSize bytes, VkDeviceSize alignment)
{
    if (bytes == 0)
        throw Error("Internal error: an empty GPU allocation was requested");
    const VkDeviceSize deviceAlignment = context_.storageOffsetAlignment();
    alignment = alignment ? std::lcm(alignment, deviceAlignment) : deviceAlignment;
    if (bytes > ~VkDeviceSize(0) - kGranule)
        throwOutOfMemory(context_, bytes, 0);
    const VkDeviceSize size = alignUp(bytes, kGranule);

    std::lock_guard lock(mutex_);
    if (size <= blockBytes_) {
        for (auto& block : blocks_)
            if (!block->dedicated)
                if (Allocation a = carve(*block, size, alignment))
                    return {a.buffer, a.offset, bytes};
    }
    // A fresh block: a dedicated one for a big tensor, else a normal block,
    // shrunk to what is left when memory is short (a small model on a small GPU).
    Block* block = nullptr;
    if (size > blockBytes_ / 2) {
        block = &newBlock(size, true);
    } else {
        VkDeviceSize blockSize = blockBytes_;
        const int type = context_.findMemoryType(~0u, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
        if (type >= 0) {
            const VkDeviceSize left = heapBudget(context_, context_.heapOfMemoryType(std::uint32_t(type))).availableBytes();
            if (left < blockSize)
                blockSize = std::max(size, left / kGranule * kGranule);
        }
        block = &newBlock(blockSize, false);
    }
    const Allocation a = carve(*block, size, alignment);
    return {a.buffer, a.offset, bytes};
}

DeviceAllocator::Block* DeviceAllocator::owner(const Allocation& allocation) const
{
    for (const auto& block : blocks_)
        if (&block->buffer == allocation.buffer)
            return block.get();
    return nullptr;
}

void DeviceAllocator::free(const Allocation& allocation)
{
    if (!allocation)
        return;
    std::lock_guard lock(mutex_);
    Block* block = owner(allocation);
    if (!block)
        throw Error("Internal error: freeing GPU memory that this allocator does not hold");
    const auto live = block->live.find(allocation.offset);
    if (live == block->live.end() || live->second != alignUp(allocation.bytes, kGranule))
        throw Error("Internal error: freeing GPU memory that is not allocated (freed twice?)");
    VkDeviceSize start = live->first, size = live->second;
    block->used -= size;
    block->live.erase(live);
    // Coalesce with the free neighbours on both sides.
    auto next = block->free.lower_bound(start);
    if (next != block->free.end() && next->first == start + size) {
        size += next->second;
        next = block->free.erase(next);
    }
    if (next != block->free.begin()) {
        auto prev = std::prev(next);
        if (prev->first + prev->second == start) {
            start = prev->first;
            size += prev->second;
            block->free.erase(prev);
        }
    }
    block->free.emplace(start, size);

    if (block->used == 0) {
        // Dedicated blocks go at once; keep one empty normal block so a
        // free/allocate cycle (e.g. a KV cache resize) does not thrash.
        const bool spare = !block->dedicated &&
                           std::none_of(blocks_.begin(), blocks_.end(), [&](const auto& b) {
                               return b.get() != block && !b->dedicated && b->used == 0;
                           });
        if (!spare)
            std::erase_if(blocks_, [&](const auto& b) { return b.get() == block; });
    }
}

void DeviceAllocator::checkInside(const Allocation& a, std::size_t bytes, VkDeviceSize offset)
{
    if (!a || offset > a.bytes || bytes > a.bytes - offset)
        throw Error("Internal error: " + std::to_string(bytes) + " bytes at offset " + std::to_string(offset) +
                    " do not fit a " + std::to_string(a.bytes) + "-byte GPU allocation");
}

void DeviceAllocator::upload(const Allocation& to, std::span<const std::byte> bytes, VkDeviceSize offset)
{
    checkInside(to, bytes.size(), offset);
    if (bytes.empty())
        return;
    if (options_.forceStaging)
        context_.staging().upload(*to.buffer, to.offset + offset, bytes);
    else
        to.buffer->upload(bytes, to.offset + offset);
}

void DeviceAllocator::download(const Allocation& from, std::span<std::byte> bytes, VkDeviceSize offset) const
{
    checkInside(from, bytes.size(), offset);
    if (bytes.empty())
        return;
    if (options_.forceStaging)
        context_.staging().download(*from.buffer, from.offset + offset, bytes);
    else
        from.buffer->download(bytes, from.offset + offset);
}

std::size_t DeviceAllocator::blockCount() const
{
    std::lock_guard lock(mutex_);
    return blocks_.size();
}

VkDeviceSize DeviceAllocator::reservedBytes() const
{
    std::lock_guard lock(mutex_);
    VkDeviceSize total = 0;
    for (const auto& b : blocks_)
        total += b->buffer.size();
    return total;
}

VkDeviceSize DeviceAllocator::usedBytes() const
{
    std::lock_guard lock(mutex_);
    VkDeviceSize total = 0;
    for (const auto& b : blocks_)
        total += b->used;
    return total;
}

} // namespace hearth::vk
