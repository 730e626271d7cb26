#include "vulkan/command_batch.h"

#include "hearth/error.h"
#include "vulkan/buffer.h"
#include "vulkan/context.h"
#include "vulkan/pipeline.h"
#include "vulkan/vk_error.h"

#include <vector>

namespace hearth::vk {

CommandBatch::CommandBatch(Context& context, std::uint32_t maxDispatches) : context_(context)
{
    VkDevice device = context.device();
    try {
        VkCommandPoolCreateInfo poolInfo{VK_STRUCTURE_TYPE_COMMAND_POOL_CREATE_INFO};
        poolInfo.flags = VK_COMMAND_POOL_CREATE_TRANSIENT_BIT;
        poolInfo.queueFamilyIndex = context.queueFamily();
        check(vkCreateCommandPool(device, &poolInfo, nullptr, &pool_), "Creating a command pool");

        VkCommandBufferAllocateInfo allocInfo{VK_STRUCTURE_TYPE_COMMAND_BUFFER_ALLOCATE_INFO};
        allocInfo.commandPool = pool_;
        allocInfo.level = VK_COMMAND_BUFFER_LEVEL_PRIMARY;
        allocInfo.commandBufferCount = 1;
        check(vkAllocateCommandBuffers(device, &allocInfo, &commands_), "Allocating a command buffer");

        // Sized for the largest binding count any shader uses.
        constexpr std::uint32_t kMaxBindingsPerDispatch = 8;
        VkDescriptorPoolSize size{VK_DESCRIPTOR_TYPE_STORAGE_BUFFER, maxDispatches * kMaxBindingsPerDispatch};
        VkDescriptorPoolCreateInfo descInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_POOL_CREATE_INFO};
        descInfo.maxSets = maxDispatches;
        descInfo.poolSizeCount = 1;
        descInfo.pPoolSizes = &size;
        check(vkCreateDescriptorPool(device, &descInfo, nullptr, &descriptors_), "Creating a descriptor pool");

        VkCommandBufferBeginInfo begin{VK_STRUCTURE_TYPE_COMMAND_BUFFER_BEGIN_INFO};
        begin.flags = VK_COMMAND_BUFFER_USAGE_ONE_TIME_SUBMIT_BIT;
        check(vkBeginCommandBuffer(commands_, &begin), "Recording GPU commands");
        recording_ = true;
    } catch (...) {
        release();
        throw;
    }
}

CommandBatch::~CommandBatch()
{
    release();
}

void CommandBatch::release()
{
    VkDevice device = context_.device();
    if (descriptors_ != VK_NULL_HANDLE)
        vkDestroyDescriptorPool(device, descriptors_, nullptr);
    if (pool_ != VK_NULL_HANDLE)
        vkDestroyCommandPool(device, pool_, nullptr);
    descriptors_ = VK_NULL_HANDLE;
    pool_ = VK_NULL_HANDLE;
}

void CommandBatch::dispatch(const ComputePipeline& pipeline, std::initializer_list<const Buffer*> buffers,
                            std::span<const std::byte> pushConstants, std::uint32_t groupsX, std::uint32_t groupsY,
                            std::uint32_t groupsZ)
{
    if (!recording_)
        throw Error("Internal error: dispatch after submit");
    if (buffers.size() != pipeline.spec().storageBuffers)
        throw Error("Internal error: shader " + pipeline.spec().shader + " binds " +
                    std::to_string(pipeline.spec().storageBuffers) + " buffers, got " + std::to_string(buffers.size()));
    if (pushConstants.size() != pipeline.spec().pushConstantBytes)
        throw Error("Internal error: wrong push-constant size for shader " + pipeline.spec().shader);

    VkDescriptorSetLayout setLayout = pipeline.setLayout();
    VkDescriptorSetAllocateInfo allocInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_ALLOCATE_INFO};
    allocInfo.descriptorPool = descriptors_;
    allocInfo.descriptorSetCount = 1;
    allocInfo.pSetLayouts = &setLayout;
    VkDescriptorSet set = VK_NULL_HANDLE;
    check(vkAllocateDescriptorSets(context_.device(), &allocInfo, &set), "Allocating a descriptor set");

    std::vector<VkDescriptorBufferInfo> infos;
    infos.reserve(buffers.size());
    for (const Buffer* buffer : buffers)
        infos.push_back({buffer->handle(), 0, VK_WHOLE_SIZE});
    std::vector<VkWriteDescriptorSet> writes(infos.size());
    for (std::uint32_t i = 0; i < writes.size(); ++i) {
        writes[i] = {VK_STRUCTURE_TYPE_WRITE_DESCRIPTOR_SET};
        writes[i].dstSet = set;
        writes[i].dstBinding = i;
        writes[i].descriptorCount = 1;
        writes[i].descriptorType = VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
        writes[i].pBufferInfo = &infos[i];
    }
    vkUpdateDescriptorSets(context_.device(), static_cast<std::uint32_t>(writes.size()), writes.data(), 0, nullptr);

    vkCmdBindPipeline(commands_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.handle());
    vkCmdBindDescriptorSets(commands_, VK_PIPELINE_BIND_POINT_COMPUTE, pipeline.layout(), 0, 1, &set, 0, nullptr);
    if (!pushConstants.empty())
        vkCmdPushConstants(commands_, pipeline.layout(), VK_SHADER_STAGE_COMPUTE_BIT, 0,
                           static_cast<std::uint32_t>(pushConstants.size()), pushConstants.data());
    vkCmdDispatch(commands_, groupsX, groupsY, groupsZ);
}

void CommandBatch::barrier()
{
    VkMemoryBarrier memoryBarrier{VK_STRUCTURE_TYPE_MEMORY_BARRIER};
    memoryBarrier.srcAccessMask = VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_WRITE_BIT;
    memoryBarrier.dstAccessMask = VK_ACCESS_SHADER_READ_BIT | VK_ACCESS_SHADER_WRITE_BIT | VK_ACCESS_TRANSFER_READ_BIT;
    vkCmdPipelineBarrier(commands_, VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT,
                         VK_PIPELINE_STAGE_COMPUTE_SHADER_BIT | VK_PIPELINE_STAGE_TRANSFER_BIT, 0, 1, &memoryBarrier,
                         0, nullptr, 0, nullptr);
}

void CommandBatch::submitAndWait()
{
    if (!recording_)
        throw Error("Internal error: batch submitted twice");
    recording_ = false;
    check(vkEndCommandBuffer(commands_), "Recording GPU commands");
    context_.submitAndWait(commands_);
}

} // namespace hearth::vk
