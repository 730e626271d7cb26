#pragma once

#include "vulkan/pipeline.h"
#include "vulkan/tensor.h"

#include <cstdint>
#include <span>
#include <vector>

#include <vulkan/vulkan.h>

namespace hearth::vk {

class Context;

enum class Access { Read, Write, ReadWrite };

struct Binding {
    BufferRange range;
    Access access = Access::Read;
};

inline Binding reads(const TensorView& t) { return {t.range(), Access::Read}; }
inline Binding writes(const TensorView& t) { return {t.range(), Access::Write}; }

// Records a sequence of dispatches (a forward pass, a benchmark loop) into
// one command buffer. A barrier goes in only when a dispatch touches a
// buffer range that an earlier dispatch since the last barrier wrote (or
// writes a range one of them read): independent ops then overlap on the GPU.
// Pipelines come from the context's cache; descriptor pools grow on demand.
// After submitAndWait() the recorder can record again.
class OpRecorder {
public:
    explicit OpRecorder(Context& context);
    ~OpRecorder();
    OpRecorder(const OpRecorder&) = delete;
    OpRecorder& operator=(const OpRecorder&) = delete;

    Context& context() const { return context_; }

    // Binds `bindings` to 0..n-1 (each at its own offset and size; offsets
    // must honour minStorageBufferOffsetAlignment).
    void dispatch(const PipelineSpec& spec, std::span<const Binding> bindings, std::span<const std::byte> push,
                  std::uint32_t groupsX, std::uint32_t groupsY = 1, std::uint32_t groupsZ = 1);

    template <typename Push>
    void dispatch(const PipelineSpec& spec, std::initializer_list<Binding> bindings, const Push& push,
                  std::uint32_t groupsX, std::uint32_t groupsY = 1, std::uint32_t groupsZ = 1)
    {
        dispatch(spec, std::span(bindings.begin(), bindings.size()), std::as_bytes(std::span(&push, 1)), groupsX,
                 groupsY, groupsZ);
    }

    // Buffer-to-buffer copy, hazard-tracked like a dispatch.
    void copy(const BufferRange& from, const BufferRange& to);

    void submitAndWait();

    std::uint32_t dispatchCount() const { return dispatches_; }
    std::uint32_t barrierCount() const { return barriers_; }
    VkDeviceSize offsetAlignment() const { return offsetAlignment_; }

private:
    void begin();
    void track(std::span<const Binding> bindings);
    void barrier();
    VkDescriptorSet allocateSet(VkDescriptorSetLayout layout);
    void release();

    Context& context_;
    VkCommandPool pool_ = VK_NULL_HANDLE;
    VkCommandBuffer commands_ = VK_NULL_HANDLE;
    std::vector<VkDescriptorPool> descriptorPools_;
    std::size_t currentPool_ = 0;
    VkDeviceSize offsetAlignment_ = 1;
    std::vector<BufferRange> pendingReads_;  // since the last barrier
    std::vector<BufferRange> pendingWrites_; // since the last barrier
    std::uint32_t dispatches_ = 0;
    std::uint32_t barriers_ = 0;
};

} // namespace hearth::vk
