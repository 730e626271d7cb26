#pragma once

// Device-local memory for model weights, KV caches and activations:
// sub-allocated from a few large buffers instead of one VkDeviceMemory per
// tensor (drivers limit the number of allocations, and each costs time).
//
//   vk::DeviceAllocator memory(context);
//   vk::Allocation a = memory.allocate(bytes);          // aligned for binding
//   memory.upload(a, std::as_bytes(std::span(data)));   // in place or staged
//   vk::TensorView w = a.view(GgmlType::Q4_K, {cols, rows, 1, 1});
//   ...
//   memory.free(a);                                      // or let the allocator go
//
// Blocks are min(256 MiB, maxMemoryAllocationSize) (smaller when less memory
// is left); a request bigger than a block gets a dedicated block of its own.
// A tensor larger than maxStorageBufferRange can be allocated; the ops that
// take such tensors (mat-vec) bind them in pieces. When the memory is not
// there, allocate() throws hearth::Error "Not enough GPU memory: needed X,
// Y available on <device>". Thread-safe.

#include "hearth/tensor_types.h"
#include "vulkan/buffer.h"
#include "vulkan/tensor.h"

#include <array>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <span>
#include <vector>

namespace hearth::vk {

class Context;

// A byte range of one of the allocator's buffers. Plain value; valid until
// freed or until the allocator is destroyed.
struct Allocation {
    const Buffer* buffer = nullptr;
    VkDeviceSize offset = 0;
    VkDeviceSize bytes = 0;

    explicit operator bool() const { return buffer != nullptr; }
    BufferRange range() const { return {buffer, offset, bytes}; }
    // A tensor at the start of this range (its bytes must fit).
    TensorView view(GgmlType type, std::array<std::uint64_t, 4> shape) const;
};

class DeviceAllocator {
public:
    struct Options {
        VkDeviceSize blockBytes = 0; // 0: min(256 MiB, maxMemoryAllocationSize)
        bool forceStaging = false;   // tests: stream uploads through the staging ring even on UMA
    };

    explicit DeviceAllocator(Context& context);
    DeviceAllocator(Context& context, Options options);
    ~DeviceAllocator();
    DeviceAllocator(const DeviceAllocator&) = delete;
    DeviceAllocator& operator=(const DeviceAllocator&) = delete;

    // `alignment` 0 means the device's minStorageBufferOffsetAlignment; the
    // offset honours both. Throws hearth::Error when memory runs out.
    Allocation allocate(VkDeviceSize bytes, VkDeviceSize alignment = 0);
    // Returns the range for reuse; freeing twice or a foreign range throws.
    void free(const Allocation& allocation);

    // Host <-> device copies into a range (at `offset` inside it).
    void upload(const Allocation& to, std::span<const std::byte> bytes, VkDeviceSize offset = 0);
    void download(const Allocation& from, std::span<std::byte> bytes, VkDeviceSize offset = 0) const;

    VkDeviceSize blockBytes() const { return blockBytes_; }
    std::size_t blockCount() const;
    VkDeviceSize reservedBytes() const; // device memory held in blocks
    VkDeviceSize usedBytes() const;     // handed out and not freed

private:
    struct Block {
        Buffer buffer;
        bool dedicated = false;
        std::map<VkDeviceSize, VkDeviceSize> free;  // offset -> bytes, coalesced
        std::map<VkDeviceSize, VkDeviceSize> live;  // offset -> bytes handed out
        VkDeviceSize used = 0;
    };
    Allocation carve(Block& block, VkDeviceSize bytes, VkDeviceSize alignment);
    Block& newBlock(VkDeviceSize bytes, bool dedicated);
    Block* owner(const Allocation& allocation) const;
    static void checkInside(const Allocation& a, std::size_t bytes, VkDeviceSize offset);

    Context& context_;
    Options options_;
    VkDeviceSize blockBytes_ = 0;
    mutable std::mutex mutex_;
    std::vector<std::unique_ptr<Block>> blocks_;
};

} // namespace hearth::vk
