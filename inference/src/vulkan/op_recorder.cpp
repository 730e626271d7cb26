#include "vulkan/op_recorder.h"

#include "hearth/error.h"
#include "vulkan/buffer.h"
#include "vulkan/context.h"
#include "vulkan/fence_wait.h"
#include "vulkan/pipeline_cache.h"
#include "vulkan/vk_error.h"

#include <algorithm>
#include <cstdio>
#include <string>

namespace hearth::vk {
namespace {

// One pool holds this many sets; more pools are added as a batch needs them.
constexpr std::uint32_t kSetsPerPool = 256;
constexpr std::uint32_t kMaxBindingsPerSet = 8;

bool anyOverlap(const BufferRange& range, const std::vector<BufferRange>& ranges)
{
    return std::any_of(ranges.begin(), ranges.end(), [&](const BufferRange& r) { return r.overlaps(range); });
}

} // namespace

OpRecorder::OpRecorder(Context& context) : context_(context)
{
    offsetAlignment_ = context.storageOffsetAlignment();
    try {
        VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        poolInfo.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
        poolInfo.queueFamilyIndex = context.queueFamily();
        check(vkCreateCommandPool(context.device(), &poolInfo, nullptr, &pool_), "Creating a command pool");
        if (profilingRequested()) {
            printProfile_ = true;
            setProfiling(true);
        }
        begin();
    } catch (...) {
        release();
        throw;
    }
}

OpRecorder::~OpRecorder()
{
    release();
}

void OpRecorder::release()
{
    VkDevice device = context_.device();
    try {
        waitForChunks(); // submitted chunks still use the pools below
    } catch (...) {
        vkDeviceWaitIdle(device); // a lost device: nothing more to wait for
    }
    timestamps_.reset();
    for (VkDescriptorPool pool : descriptorPools_)
        vkDestroyDescriptorPool(device, pool, nullptr);
    descriptorPools_.clear();
    for (const Chunk& chunk : chunks_)
        if (chunk.fence != VK_NULL_HANDLE)
            vkDestroyFence(device, chunk.fence, nullptr);
    chunks_.clear();
    if (pool_ != VK_NULL_HANDLE)
        vkDestroyCommandPool(device, pool_, nullptr);
    pool_ = VK_NULL_HANDLE;
}

bool OpRecorder::setProfiling(bool on)
{
    // The query pools stay once made: ops recorded so far still write to them.
    if (on && !timestamps_ && TimestampQueries::supported(context_))
        timestamps_ = std::make_unique<TimestampQueries>(context_);
    profiling_ = on && timestamps_;
    return profiling_;
}

void OpRecorder::begin()
{
    submitted_ = 0;
    pendingReads_.clear();
    pendingWrites_.clear();
    dispatches_ = 0;
    barriers_ = 0;
    beginChunk();
}

// Starts recording into the next chunk's command buffer (allocated the first
// time a recording needs that many chunks, reused after).
void OpRecorder::beginChunk()
{
    if (submitted_ == chunks_.size()) {
        Chunk chunk;
        VkCommandBufferAllocateInfo allocInfo{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        allocInfo.commandPool = pool_;
        allocInfo.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        allocInfo.commandBufferCount = 1;
        check(vkAllocateCommandBuffers(context_.device(), &allocInfo, &chunk.commands), "Allocating a command buffer");
        VkFenceCreateInfo fenceInfo{VK_STRUCTURE_TYPE_FENCE_CREATE_INFO};
        const VkResult made = vkCreateFence(context_.device(), &fenceInfo, nullptr, &chunk.fence);
        if (made != VK_SUCCESS)
            vkFreeCommandBuffers(context_.device(), pool_, 1, &chunk.commands);
        check(made, "Creating a fence");
        chunks_.push_back(chunk);
    }
    commands_ = chunks_[submitted_].commands;
    VkCommandBufferBeginInfo info{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
    info.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
    check(vkBeginCommandBuffer(commands_, &info), "Recording GPU commands");
    lastPipeline_ = VK_NULL_HANDLE; // a new command buffer starts with nothing bound
    chunkOps_ = 0;
    chunkBytes_ = 0;
}

// Ends and submits the chunk being recorded. `hostReadsNext`: make every
// write visible to the host (the last chunk, before results are read back).
void OpRecorder::endChunk(bool hostReadsNext)
{
    if (hostReadsNext) {
        VkMemoryBarrier toHost{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
        toHost.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
        toHost.dstAccessMask = VK_ACCESS_HOST_READ_BIT;
        vkCmdPipelineBarrier(commands_, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                             VK_PIPELINE_STAGE_HOST_BIT, 0, 1, &toHost, 0, nullptr, 0, nullptr);
    }
    check(vkEndCommandBuffer(commands_), "Recording GPU commands");
    const Chunk& chunk = chunks_[submitted_];
    check(vkResetFences(context_.device(), 1, &chunk.fence), "Resetting a fence");
    context_.submit(std::span(&chunk.commands, 1), chunk.fence);
    ++submitted_;
}

void OpRecorder::flush()
{
    if (chunkOps_ == 0)
        return;
    endChunk(false);
    beginChunk();
}

void OpRecorder::waitForChunks()
{
    std::vector<VkFence> fences;
    for (std::uint32_t i = 0; i < submitted_; ++i)
        fences.push_back(chunks_[i].fence);
    submitted_ = 0;
    waitForFences(context_.device(), fences);
}

void OpRecorder::afterOp(std::span<const Binding> bindings)
{
    ++chunkOps_;
    for (const Binding& b : bindings)
        chunkBytes_ += b.range.bytes;
    if (chunkOps_ >= limits_.maxOps || chunkBytes_ >= limits_.maxBoundBytes)
        flush();
}

VkDescriptorSet OpRecorder::allocateSet(VkDescriptorSetLayout layout)
{
    for (;;) {
        if (currentPool_ == descriptorPools_.size()) {
            const VkDescriptorPoolSize sizes[] = {
                {VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, kSetsPerPool * kMaxBindingsPerSet},
                {VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER, kSetsPerPool},
                {VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER, kSetsPerPool},
            };
            VkDescriptorPoolCreateInfo info{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
            info.maxSets = kSetsPerPool;
            info.poolSizeCount = std::uint32_t(std::size(sizes));
            info.pPoolSizes = sizes;
            VkDescriptorPool pool = VK_NULL_HANDLE;
            check(vkCreateDescriptorPool(context_.device(), &info, nullptr, &pool), "Creating a descriptor pool");
            descriptorPools_.push_back(pool);
        }
        VkDescriptorSetAllocateInfo alloc{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
        alloc.descriptorPool = descriptorPools_[currentPool_];
        alloc.descriptorSetCount = 1;
        alloc.pSetLayouts = &layout;
        VkDescriptorSet set = VK_NULL_HANDLE;
        const VkResult result = vkAllocateDescriptorSets(context_.device(), &alloc, &set);
        if (result == VK_SUCCESS)
            return set;
        if (result != VK_ERROR_OUT_OF_POOL_MEMORY && result != VK_ERROR_FRAGMENTED_POOL)
            check(result, "Allocating a descriptor set");
        ++currentPool_; // this pool is full: move on to the next (or a new) one
    }
}

void OpRecorder::track(std::span<const Binding> bindings)
{
    bool hazard = false;
    for (const Binding& b : bindings) {
        hazard = hazard || anyOverlap(b.range, pendingWrites_);
        if (b.access != Access::Read)
            hazard = hazard || anyOverlap(b.range, pendingReads_);
    }
    if (hazard)
        barrier();
    for (const Binding& b : bindings) {
        if (b.access != Access::Write)
            pendingReads_.push_back(b.range);
        if (b.access != Access::Read)
            pendingWrites_.push_back(b.range);
    }
}

void OpRecorder::barrier()
{
    VkMemoryBarrier memoryBarrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    memoryBarrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    memoryBarrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT |
                                  VK_ACCESS_TRANSFER_READ_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    const VkPipelineStageFlags stages = VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT;
    vkCmdPipelineBarrier(commands_, stages, stages, 0, 1, &memoryBarrier, 0, nullptr, 0, nullptr);
    pendingReads_.clear();
    pendingWrites_.clear();
    ++barriers_;
}

// Throws unless `r` suits binding `i` of `spec` on this device: inside its
// buffer, offset aligned and size within the limits of the binding's kind.
void OpRecorder::checkBinding(const PipelineSpec& spec, std::uint32_t i, const BufferRange& r) const
{
    const std::string what = "Internal error: shader " + spec.shader + " binding " + std::to_string(i);
    if (!r.buffer || r.bytes == 0 || r.offset + r.bytes > r.buffer->size())
        throw Error(what + " is a range outside its buffer");
    const DeviceInfo& info = context_.info();
    VkDeviceSize alignment = offsetAlignment_;
    std::uint64_t maxBytes = info.maxStorageBufferRange;
    switch (spec.kind(i)) {
    case BindingKind::Uniform:
        alignment = context_.uniformOffsetAlignment();
        maxBytes = info.maxUniformBufferRange;
        break;
    case BindingKind::TexelRgba32u:
        alignment = context_.texelOffsetAlignment();
        maxBytes = info.maxTexelBufferElements * 16;
        if (r.bytes % 16 != 0)
            throw Error(what + " is not a whole number of 16-byte texels");
        break;
    case BindingKind::Storage: break;
    }
    if (r.offset % alignment != 0)
        throw Error(what + " has a misaligned offset");
    if (r.bytes > maxBytes)
        throw Error(what + " binds " + std::to_string(r.bytes) + " bytes, more than the device allows (" +
                    std::to_string(maxBytes) + ")");
}

void OpRecorder::dispatch(const PipelineSpec& spec, std::span<const Binding> bindings,
                          std::span<const std::byte> push, std::uint32_t groupsX, std::uint32_t groupsY,
                          std::uint32_t groupsZ)
{
    if (bindings.size() != spec.storageBuffers || bindings.size() > kMaxBindingsPerSet)
        throw Error("Internal error: shader " + spec.shader + " binds " + std::to_string(spec.storageBuffers) +
                    " buffers, got " + std::to_string(bindings.size()));
    if (push.size() != spec.pushConstantBytes)
        throw Error("Internal error: wrong push-constant size for shader " + spec.shader);
    for (std::uint32_t i = 0; i < bindings.size(); ++i)
        checkBinding(spec, i, bindings[i].range);
    const ComputePipeline& pipeline = context_.pipelines().get(spec);
    track(bindings);

    VkDescriptorSet set = allocateSet(pipeline.setLayout());
    VkDescriptorBufferInfo infos[kMaxBindingsPerSet];
    VkBufferView views[kMaxBindingsPerSet];
    VkWriteDescriptorSet writes[kMaxBindingsPerSet];
    for (std::uint32_t i = 0; i < bindings.size(); ++i) {
        const BufferRange& r = bindings[i].range;
        const BindingKind kind = spec.kind(i);
        writes[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        writes[i].dstSet = set;
        writes[i].dstBinding = i;
        writes[i].descriptorCount = 1;
        writes[i].descriptorType = descriptorType(kind);
        if (kind == BindingKind::TexelRgba32u) {
            views[i] = r.buffer->texelView(r.offset, r.bytes);
            writes[i].pTexelBufferView = &views[i];
        } else {
            infos[i] = {r.buffer->handle(), r.offset, r.bytes};
            writes[i].pBufferInfo = &infos[i];
        }
    }
    vkUpdateDescriptorSets(context_.device(), static_cast<std::uint32_t>(bindings.size()), writes, 0, nullptr);
    if (pipeline.handle() != lastPipeline_) { // runs of the same op skip the rebind
        vkCmdBindPipeline(commands_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.handle());
        lastPipeline_ = pipeline.handle();
    }
    vkCmdBindDescriptorSets(commands_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.layout(), 0, 1, &set, 0, nullptr);
    if (!push.empty())
        vkCmdPushConstants(commands_, pipeline.layout(), VK_SHADER_STAGE_COMPUTE_BIT, 0,
                           static_cast<std::uint32_t>(push.size()), push.data());
    if (profiling_)
        timestamps_->begin(commands_, spec.shader);
    vkCmdDispatch(commands_, groupsX, groupsY, groupsZ);
    if (profiling_)
        timestamps_->end(commands_);
    ++dispatches_;
    afterOp(bindings);
}

void OpRecorder::copy(const BufferRange& from, const BufferRange& to)
{
    const Binding bindings[] = {{from, Access::Read}, {to, Access::Write}};
    for (const Binding& b : bindings)
        if (!b.range.buffer || b.range.bytes == 0 || b.range.offset > b.range.buffer->size() ||
            b.range.bytes > b.range.buffer->size() - b.range.offset)
            throw Error("Internal error: a GPU copy touches a range outside its buffer");
    track(bindings);
    VkBufferCopy region{from.offset, to.offset, std::min(from.bytes, to.bytes)};
    if (profiling_)
        timestamps_->begin(commands_, "copy");
    vkCmdCopyBuffer(commands_, from.buffer->handle(), to.buffer->handle(), 1, &region);
    if (profiling_)
        timestamps_->end(commands_);
    afterOp(bindings);
}

void OpRecorder::submitAndWait()
{
    endChunk(true);
    waitForChunks();
    if (timestamps_) {
        OpProfile submission;
        timestamps_->collect(submission);
        if (printProfile_ && !submission.empty())
            std::fprintf(stderr, "GPU time per op (HEARTH_PROFILE=1):\n%s", submission.format().c_str());
        profile_.merge(submission);
    }
    check(vkResetCommandPool(context_.device(), pool_, 0), "Resetting a command pool");
    for (VkDescriptorPool pool : descriptorPools_)
        check(vkResetDescriptorPool(context_.device(), pool, 0), "Resetting a descriptor pool");
    currentPool_ = 0;
    begin();
}

} // namespace hearth::vk
