#pragma once

// What the driver's compiler says about a compute pipeline (registers,
// spills, shared memory, waves per SIMD...), as
// VK_KHR_pipeline_executable_properties reports it. The pipeline must come
// from a Context made with ContextOptions::pipelineStatistics.

#include <string>
#include <vector>

#include <vulkan/vulkan.h>

namespace hearth::vk {

class Context;

struct PipelineStatistic {
    std::string executable; // the driver's name for the compiled stage ("Compute Shader")
    std::string name;       // "VGPRs", "Spilled SGPRs", ...
    std::string description;
    double value = 0;
};

// Empty when the context has no statistics. Throws hearth::Error when the
// driver fails to report.
std::vector<PipelineStatistic> pipelineStatistics(const Context& context, VkPipeline pipeline);

} // namespace hearth::vk
