#pragma once

#include "vulkan/pipeline.h"
#include "vulkan/profiler.h"
#include "vulkan/tensor.h"

#include <cstdint>
#include <memory>
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

// Records a sequence of dispatches (a forward pass, a benchmark loop). A
// barrier goes in only when a dispatch touches a buffer range that an
// earlier dispatch since the last barrier wrote (or writes a range one of
// them read): independent ops then overlap on the GPU. Pipelines come from
// the context's cache; descriptor pools grow on demand.
//
// Long recordings are submitted in bounded chunks (ChunkLimits): the GPU
// starts on the first chunk while the CPU records the next, and no single
// submission runs long enough to trip a driver's timeout. Chunks go to the
// same queue in order and the hazard tracking carries over, so a barrier
// recorded in a later chunk also orders against work of earlier chunks
// (a pipeline barrier's first scope is everything earlier in submission
// order on the queue); the CPU never waits between chunks. Because a chunk
// may start before submitAndWait(), write host data (mapped buffers, uploads)
// before recording the ops that read it, and set ChunkLimits::maxOps to
// UINT32_MAX where a recording must not start early.
//
// With HEARTH_PROFILE=1 (or setProfiling(true)) every op is timed with GPU
// timestamps; submitAndWait() adds the times to profile() and, under
// HEARTH_PROFILE=1, prints that submission's table to stderr.
//
// After submitAndWait() the recorder can record again.
class OpRecorder {
public:
    explicit OpRecorder(Context& context);
    ~OpRecorder();
    OpRecorder(const OpRecorder&) = delete;
    OpRecorder& operator=(const OpRecorder&) = delete;

    Context& context() const { return context_; }

    // Binds `bindings` to 0..n-1 as the spec's binding kinds say (each at its
    // own offset and size; offsets must honour the kind's minimum offset
    // alignment, sizes its range limit).
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

    // When the recorder submits on its own: after this many dispatches and
    // copies, or once they have bound this many bytes (a rough estimate of
    // GPU work: decode reads every weight byte once).
    struct ChunkLimits {
        std::uint32_t maxOps = 128;
        std::uint64_t maxBoundBytes = std::uint64_t(512) << 20;
    };
    void setChunkLimits(ChunkLimits limits) { limits_ = limits; }
    ChunkLimits chunkLimits() const { return limits_; }
    // Submits what is recorded so far without waiting (the GPU starts now).
    void flush();

    std::uint32_t dispatchCount() const { return dispatches_; }
    std::uint32_t barrierCount() const { return barriers_; }
    // Chunks already submitted in this recording (before submitAndWait).
    std::uint32_t chunksSubmitted() const { return submitted_; }
    VkDeviceSize offsetAlignment() const { return offsetAlignment_; }

    // Per-op GPU timing. Returns whether it is on (false where the device
    // cannot write timestamps on its compute queue).
    bool setProfiling(bool on);
    bool profiling() const { return profiling_; }
    // Timings accumulated over every submitAndWait() since construction or
    // resetProfile(); print with profile().format().
    const OpProfile& profile() const { return profile_; }
    void resetProfile() { profile_.clear(); }
    // Whether submitAndWait() prints each submission's table to stderr (on
    // under HEARTH_PROFILE=1); the engine turns it off to print one table
    // per generation instead of one per token.
    void setProfilePrinting(bool on) { printProfile_ = on; }

private:
    void begin();
    void beginChunk();
    void endChunk(bool hostReadsNext);
    void checkBinding(const PipelineSpec& spec, std::uint32_t i, const BufferRange& r) const;
    void afterOp(std::span<const Binding> bindings);
    void track(std::span<const Binding> bindings);
    void barrier();
    VkDescriptorSet allocateSet(VkDescriptorSetLayout layout);
    void waitForChunks();
    void release();

    struct Chunk {
        VkCommandBuffer commands = VK_NULL_HANDLE;
        VkFence fence = VK_NULL_HANDLE;
    };

    Context& context_;
    VkCommandPool pool_ = VK_NULL_HANDLE;
    VkCommandBuffer commands_ = VK_NULL_HANDLE; // the chunk being recorded
    VkPipeline lastPipeline_ = VK_NULL_HANDLE;   // bound in commands_
    std::vector<Chunk> chunks_;                  // reused across recordings
    std::uint32_t submitted_ = 0;                // chunks in flight in this recording
    ChunkLimits limits_;
    std::uint32_t chunkOps_ = 0;
    std::uint64_t chunkBytes_ = 0;
    std::unique_ptr<TimestampQueries> timestamps_;
    bool profiling_ = false;
    bool printProfile_ = false;
    OpProfile profile_;
    std::vector<VkDescriptorPool> descriptorPools_;
    std::size_t currentPool_ = 0;
    VkDeviceSize offsetAlignment_ = 1;
    std::vector<BufferRange> pendingReads_;  // since the last barrier
    std::vector<BufferRange> pendingWrites_; // since the last barrier
    std::uint32_t dispatches_ = 0;
    std::uint32_t barriers_ = 0;
};

} // namespace hearth::vk
