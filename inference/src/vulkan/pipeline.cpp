#include "vulkan/pipeline.h"

#include "embedded_shaders.h"
#include "hearth/error.h"
#include "vulkan/context.h"
#include "vulkan/vk_error.h"

namespace hearth::vk {

VkDescriptorType descriptorType(BindingKind kind)
{
    switch (kind) {
    case BindingKind::Uniform: return VK_DESCRIPTOR_TYPE_UNIFORM_BUFFER;
    case BindingKind::TexelRgba32u: return VK_DESCRIPTOR_TYPE_UNIFORM_TEXEL_BUFFER;
    case BindingKind::Storage: break;
    }
    return VK_DESCRIPTOR_TYPE_STORAGE_BUFFER;
}

ComputePipeline::ComputePipeline(Context& context, PipelineSpec spec) : context_(context), spec_(std::move(spec))
{
    const shaders::EmbeddedShader* shader = shaders::find(spec_.shader);
    if (!shader)
        throw Error("Internal error: no embedded shader named '" + spec_.shader + "'");
    VkDevice device = context.device();

    try {
        std::vector<VkDescriptorSetLayoutBinding> bindings(spec_.storageBuffers);
        for (std::uint32_t i = 0; i < spec_.storageBuffers; ++i) {
            bindings[i].binding = i;
            bindings[i].descriptorType = descriptorType(spec_.kind(i));
            bindings[i].descriptorCount = 1;
            bindings[i].stageFlags = VK_SHADER_STAGE_COMPUTE_BIT;
        }
        VkDescriptorSetLayoutCreateInfo setInfo{VK_STRUCTURE_TYPE_DESCRIPTOR_SET_LAYOUT_CREATE_INFO};
        setInfo.bindingCount = spec_.storageBuffers;
        setInfo.pBindings = bindings.data();
        check(vkCreateDescriptorSetLayout(device, &setInfo, nullptr, &setLayout_), "Creating a descriptor layout");

        VkPushConstantRange push{VK_SHADER_STAGE_COMPUTE_BIT, 0, spec_.pushConstantBytes};
        VkPipelineLayoutCreateInfo layoutInfo{VK_STRUCTURE_TYPE_PIPELINE_LAYOUT_CREATE_INFO};
        layoutInfo.setLayoutCount = 1;
        layoutInfo.pSetLayouts = &setLayout_;
        layoutInfo.pushConstantRangeCount = spec_.pushConstantBytes ? 1 : 0;
        layoutInfo.pPushConstantRanges = &push;
        check(vkCreatePipelineLayout(device, &layoutInfo, nullptr, &layout_), "Creating a pipeline layout");

        VkShaderModuleCreateInfo moduleInfo{VK_STRUCTURE_TYPE_SHADER_MODULE_CREATE_INFO};
        moduleInfo.codeSize = shader->wordCount * sizeof(std::uint32_t);
        moduleInfo.pCode = shader->words;
        VkShaderModule module = VK_NULL_HANDLE;
        check(vkCreateShaderModule(device, &moduleInfo, nullptr, &module), "Loading shader " + spec_.shader);

        std::vector<VkSpecializationMapEntry> entries(spec_.specialization.size());
        for (std::uint32_t i = 0; i < entries.size(); ++i)
            entries[i] = {i, i * static_cast<std::uint32_t>(sizeof(std::uint32_t)), sizeof(std::uint32_t)};
        VkSpecializationInfo specInfo{};
        specInfo.mapEntryCount = static_cast<std::uint32_t>(entries.size());
        specInfo.pMapEntries = entries.data();
        specInfo.dataSize = spec_.specialization.size() * sizeof(std::uint32_t);
        specInfo.pData = spec_.specialization.data();

        VkComputePipelineCreateInfo pipelineInfo{VK_STRUCTURE_TYPE_COMPUTE_PIPELINE_CREATE_INFO};
        pipelineInfo.stage.sType = VK_STRUCTURE_TYPE_PIPELINE_SHADER_STAGE_CREATE_INFO;
        pipelineInfo.stage.stage = VK_SHADER_STAGE_COMPUTE_BIT;
        pipelineInfo.stage.module = module;
        pipelineInfo.stage.pName = "main";
        pipelineInfo.stage.pSpecializationInfo = entries.empty() ? nullptr : &specInfo;
        pipelineInfo.layout = layout_;
        if (context.pipelineStatistics())
            pipelineInfo.flags |= VK_PIPELINE_CREATE_CAPTURE_STATISTICS_BIT_KHR;
        const VkResult result = vkCreateComputePipelines(device, VK_NULL_HANDLE, 1, &pipelineInfo, nullptr, &pipeline_);
        vkDestroyShaderModule(device, module, nullptr);
        check(result, "Creating the compute pipeline " + spec_.shader);
    } catch (...) {
        release();
        throw;
    }
}

ComputePipeline::~ComputePipeline()
{
    release();
}

void ComputePipeline::release()
{
    VkDevice device = context_.device();
    if (pipeline_ != VK_NULL_HANDLE)
        vkDestroyPipeline(device, pipeline_, nullptr);
    if (layout_ != VK_NULL_HANDLE)
        vkDestroyPipelineLayout(device, layout_, nullptr);
    if (setLayout_ != VK_NULL_HANDLE)
        vkDestroyDescriptorSetLayout(device, setLayout_, nullptr);
    pipeline_ = VK_NULL_HANDLE;
    layout_ = VK_NULL_HANDLE;
    setLayout_ = VK_NULL_HANDLE;
}

} // namespace hearth::vk
