#pragma once

#include <cstdint>
#include <initializer_list>
#include <span>

#include <vulkan/vulkan.h>

namespace hearth::vk {

class Buffer;
class ComputePipeline;
class Context;

// Records a sequence of dispatches into one command buffer and runs it.
// Descriptor sets come from a pool owned by the batch and live until it ends.
class CommandBatch {
public:
    explicit CommandBatch(Context& context, std::uint32_t maxDispatches = 256);
    ~CommandBatch();
    CommandBatch(const CommandBatch&) = delete;
    CommandBatch& operator=(const CommandBatch&) = delete;

    // Binds `buffers` to bindings 0..n-1 in order.
    void dispatch(const ComputePipeline& pipeline, std::initializer_list<const Buffer*> buffers,
                  std::span<const std::byte> pushConstants, std::uint32_t groupsX, std::uint32_t groupsY = 1,
                  std::uint32_t groupsZ = 1);

    // Makes every earlier write visible to every later read.
    void barrier();

    void submitAndWait();

private:
    void release();

    Context& context_;
    VkCommandPool pool_ = VK_NULL_HANDLE;
    VkCommandBuffer commands_ = VK_NULL_HANDLE;
    VkDescriptorPool descriptors_ = VK_NULL_HANDLE;
    bool recording_ = false;
};

} // namespace hearth::vk
