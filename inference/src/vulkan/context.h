#pragma once

#include "hearth/devices.h"

#include <array>
#include <cstdint>
#include <functional> // kept: files including this header rely on it
#include <memory>
#include <mutex>
#include <span>
#include <string_view>

#include <vulkan/vulkan.h>

namespace hearth::vk {

class Instance;
class PipelineCache;
class StagingRing;

struct ContextOptions {
    // Pipelines keep the driver's compile statistics (registers, spills,
    // occupancy) through VK_KHR_pipeline_executable_properties, where the
    // driver has it: hearth-cli shader-stats. Off for normal use.
    bool pipelineStatistics = false;
};

// One logical device with a compute queue: everything the backend runs goes
// through a Context. Several can live at once (one per loaded model's GPU).
class Context {
public:
    // `devicePreference` as in hearth::chooseDevice (empty: the best device).
    explicit Context(std::string_view devicePreference = {}, const ContextOptions& options = {});
    ~Context();
    Context(const Context&) = delete;
    Context& operator=(const Context&) = delete;

    const DeviceInfo& info() const { return info_; }
    VkDevice device() const { return device_; }
    VkPhysicalDevice physicalDevice() const { return physical_; }
    VkQueue queue() const { return queue_; }
    std::uint32_t queueFamily() const { return queueFamily_; }

    // A memory type index allowed by `typeBits` with all `required` flags,
    // preferring one that also has `preferred`; -1 when there is none.
    int findMemoryType(std::uint32_t typeBits, VkMemoryPropertyFlags required,
                       VkMemoryPropertyFlags preferred = 0) const;

    const VkPhysicalDeviceMemoryProperties& memoryProperties() const { return memory_; }
    std::uint32_t heapOfMemoryType(std::uint32_t type) const { return memory_.memoryTypes[type].heapIndex; }
    // VK_EXT_memory_budget is enabled: heapBudget() asks the driver.
    bool hasMemoryBudget() const { return memoryBudget_; }
    // Bytes of device memory this context's buffers hold on `heap`.
    std::uint64_t allocatedBytes(std::uint32_t heap) const;
    void noteAllocation(std::uint32_t heap, std::int64_t deltaBytes);
    VkDeviceSize storageOffsetAlignment() const { return storageOffsetAlignment_; }
    VkDeviceSize uniformOffsetAlignment() const { return uniformOffsetAlignment_; }
    VkDeviceSize texelOffsetAlignment() const { return texelOffsetAlignment_; }

    // Timestamps: valid bits of the compute queue (0: no timestamps) and
    // nanoseconds per tick.
    std::uint32_t timestampValidBits() const { return timestampValidBits_; }
    float timestampPeriod() const { return timestampPeriod_; }

    // Submits command buffers (no wait), signalling `fence` when done. The
    // queue is locked for the call: several threads may submit.
    void submit(std::span<const VkCommandBuffer> commands, VkFence fence);

    // The host-visible ring that uploads and read-backs of device-local
    // memory go through (created on first use).
    StagingRing& staging();

    // Pipelines built lazily on first use and cached for the context's life.
    PipelineCache& pipelines();

    // Whether shaders may use fp16 arithmetic: the device must offer it and
    // HEARTH_FORCE_FP32=1 (read at context creation) must not be set. The
    // switch exists because some drivers compute garbage on fp16 paths.
    bool fp16Allowed() const { return info_.float16Arithmetic && !forceFp32_; }
    bool forceFp32() const { return forceFp32_; }
    // ContextOptions::pipelineStatistics was asked for and the driver has it.
    bool pipelineStatistics() const { return pipelineStatistics_; }
    void setForceFp32(bool force) { forceFp32_ = force; }

private:
    void release();

    std::shared_ptr<Instance> instance_;
    DeviceInfo info_;
    bool pipelineStatistics_ = false;
    VkPhysicalDevice physical_ = VK_NULL_HANDLE;
    VkDevice device_ = VK_NULL_HANDLE;
    VkQueue queue_ = VK_NULL_HANDLE;
    std::uint32_t queueFamily_ = 0;
    VkPhysicalDeviceMemoryProperties memory_{};
    std::unique_ptr<PipelineCache> pipelines_;
    bool forceFp32_ = false;
    bool memoryBudget_ = false;
    VkDeviceSize storageOffsetAlignment_ = 1;
    VkDeviceSize uniformOffsetAlignment_ = 1;
    VkDeviceSize texelOffsetAlignment_ = 1;
    std::uint32_t timestampValidBits_ = 0;
    float timestampPeriod_ = 1.0f;
    std::mutex queueMutex_;   // vkQueueSubmit needs external synchronisation
    bool submitted_ = false;  // anything went to the queue (guarded by queueMutex_)
    mutable std::mutex allocatedMutex_;
    std::array<std::uint64_t, VK_MAX_MEMORY_HEAPS> allocated_{};
    std::mutex stagingMutex_;
    std::unique_ptr<StagingRing> staging_;
};

} // namespace hearth::vk
