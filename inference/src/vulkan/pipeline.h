#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include <vulkan/vulkan.h>

namespace hearth::vk {

class Context;

// How a shader sees one of its buffer bindings.
enum class BindingKind {
    Storage,      // storage buffer (std430)
    Uniform,      // uniform buffer (std140): small, read through uniform loads
    TexelRgba32u, // uniform texel buffer of 16-byte RGBA32UI texels
};

// The static shape of a compute shader's interface: how many buffers it
// binds (bindings 0..n-1; storage buffers unless the masks say otherwise),
// its push-constant size and the values of its specialization constants
// (ids 0..k-1; id 0 is the workgroup size).
struct PipelineSpec {
    std::string shader; // name of an embedded shader (file name without .comp)
    std::uint32_t storageBuffers = 0; // number of bindings
    std::uint32_t pushConstantBytes = 0;
    std::vector<std::uint32_t> specialization;
    std::uint32_t uniformMask = 0; // bit i: binding i is BindingKind::Uniform
    std::uint32_t texelMask = 0;   // bit i: binding i is BindingKind::TexelRgba32u

    BindingKind kind(std::uint32_t binding) const
    {
        if (uniformMask >> binding & 1u)
            return BindingKind::Uniform;
        return texelMask >> binding & 1u ? BindingKind::TexelRgba32u : BindingKind::Storage;
    }
};

VkDescriptorType descriptorType(BindingKind kind);

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
