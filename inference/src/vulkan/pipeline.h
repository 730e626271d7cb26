#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <vulkan/vulkan.h>

namespace hearth::vk {

class Context;

// The static shape of a compute shader's interface: how many storage buffers
// it binds (bindings 0..n-1), its push-constant size and the values of its
// specialization constants (ids 0..k-1; id 0 is the workgroup size).
struct PipelineSpec {
    std::string shader; // name of an embedded shader (file name without .comp)
    std::uint32_t storageBuffers = 0;
    std::uint32_t pushConstantBytes = 0;
    std::vector<std::uint32_t> specialization;
};

class ComputePipeline {
public:
    ComputePipeline(Context& context, PipelineSpec spec);
    ~ComputePipeline();
    ComputePipeline(const ComputePipeline&) = delete;
    ComputePipeline& operator=(const ComputePipeline&) = delete;

    const PipelineSpec& spec() const { return spec_; }
    VkPipeline handle() const { return pipeline_; }
    VkPipelineLayout layout() const { return layout_; }
    VkDescriptorSetLayout setLayout() const { return setLayout_; }

private:
    void release();

    Context& context_;
    PipelineSpec spec_;
    VkDescriptorSetLayout setLayout_ = VK_NULL_HANDLE;
    VkPipelineLayout layout_ = VK_NULL_HANDLE;
    VkPipeline pipeline_ = VK_NULL_HANDLE;
};

} // namespace hearth::vk
