#include "vulkan/pipeline_statistics.h"

#include "vulkan/context.h"
#include "vulkan/vk_error.h"

namespace hearth::vk {

std::vector<PipelineStatistic> pipelineStatistics(const Context& context, VkPipeline pipeline)
{
    if (!context.pipelineStatistics())
        return {};
    VkDevice device = context.device();
    // Extension functions are not exported by the loader: ask the device.
    const auto getExecutables = reinterpret_cast<PFN_vkGetPipelineExecutablePropertiesKHR>(
        vkGetDeviceProcAddr(device, "vkGetPipelineExecutablePropertiesKHR"));
    const auto getStatistics = reinterpret_cast<PFN_vkGetPipelineExecutableStatisticsKHR>(
        vkGetDeviceProcAddr(device, "vkGetPipelineExecutableStatisticsKHR"));
    if (!getExecutables || !getStatistics)
        return {};

    VkPipelineInfoKHR pipelineInfo{VK_STRUCTURE_TYPE_PIPELINE_INFO_KHR};
    pipelineInfo.pipeline = pipeline;
    std::uint32_t executableCount = 0;
    check(getExecutables(device, &pipelineInfo, &executableCount, nullptr), "Reading pipeline executables");
    std::vector<VkPipelineExecutablePropertiesKHR> executables(
        executableCount, {VK_STRUCTURE_TYPE_PIPELINE_EXECUTABLE_PROPERTIES_KHR});
    check(getExecutables(device, &pipelineInfo, &executableCount, executables.data()), "Reading pipeline executables");

    std::vector<PipelineStatistic> out;
    for (std::uint32_t e = 0; e < executableCount; ++e) {
        VkPipelineExecutableInfoKHR executableInfo{VK_STRUCTURE_TYPE_PIPELINE_EXECUTABLE_INFO_KHR};
        executableInfo.pipeline = pipeline;
        executableInfo.executableIndex = e;
        std::uint32_t count = 0;
        check(getStatistics(device, &executableInfo, &count, nullptr), "Reading pipeline statistics");
        std::vector<VkPipelineExecutableStatisticKHR> stats(count, {VK_STRUCTURE_TYPE_PIPELINE_EXECUTABLE_STATISTIC_KHR});
        check(getStatistics(device, &executableInfo, &count, stats.data()), "Reading pipeline statistics");
        for (const VkPipelineExecutableStatisticKHR& s : stats) {
            double value = 0;
            switch (s.format) {
            case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_BOOL32_KHR: value = s.value.b32; break;
            case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_INT64_KHR: value = double(s.value.i64); break;
            case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_UINT64_KHR: value = double(s.value.u64); break;
            case VK_PIPELINE_EXECUTABLE_STATISTIC_FORMAT_FLOAT64_KHR: value = s.value.f64; break;
            default: break;
            }
            out.push_back({executables[e].name, s.name, s.description, value});
        }
    }
    return out;
}

} // namespace hearth::vk
