#pragma once

#include "vulkan/buffer.h"

#include <cstdint>
#include <mutex>
#include <span>

#include <vulkan/vulkan.h>

namespace hearth::vk {

class Context;

// A fixed host-visible buffer that uploads to (and read-backs from)
// device-local memory stream through, chunk by chunk, so a 600 MB tensor
// needs no 600 MB staging allocation. The ring is split in two halves: the
// CPU fills one while the GPU copies out of the other. Thread-safe (one
// transfer at a time); each call returns when its copies are complete.
class StagingRing {
public:
    static constexpr VkDeviceSize kDefaultBytes = VkDeviceSize(32) << 20;

    // `bytes` is capped by the device's largest allocation; at least 2 bytes.
    explicit StagingRing(Context& context, VkDeviceSize bytes = kDefaultBytes);
    ~StagingRing();
    StagingRing(const StagingRing&) = delete;
    StagingRing& operator=(const StagingRing&) = delete;

    void upload(const Buffer& to, VkDeviceSize offset, std::span<const std::byte> bytes);
    void download(const Buffer& from, VkDeviceSize offset, std::span<std::byte> bytes);

    VkDeviceSize size() const { return ring_.size(); }
    // GPU copies submitted so far (tests check that big transfers are chunked).
    std::uint64_t chunksCopied() const { return chunks_; }

private:
    struct Slot {
        VkCommandBuffer commands = VK_NULL_HANDLE;
        VkFence fence = VK_NULL_HANDLE;
        bool busy = false;
    };
    void submitCopy(Slot& slot, VkBuffer from, VkDeviceSize fromOffset, VkBuffer to, VkDeviceSize toOffset,
                    VkDeviceSize bytes);
    void wait(Slot& slot);
    void release();

    Context& context_;
    Buffer ring_;
    VkDeviceSize half_ = 0;
    VkCommandPool pool_ = VK_NULL_HANDLE;
    Slot slots_[2];
    std::mutex mutex_;
    std::uint64_t chunks_ = 0;
};

} // namespace hearth::vk
