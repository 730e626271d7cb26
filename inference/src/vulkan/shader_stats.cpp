#include "hearth/shader_stats.h"

#include "embedded_shaders.h"
#include "hearth/error.h"
#include "vulkan/context.h"
#include "vulkan/pipeline.h"
#include "vulkan/pipeline_statistics.h"
#include "vulkan/spirv_interface.h"

namespace hearth {

ShaderStatisticsReport shaderStatistics(const std::string& device, const std::string& filter)
{
    vk::Context context(device, {.pipelineStatistics = true});
    ShaderStatisticsReport report;
    report.device = context.info().name;
    report.available = context.pipelineStatistics();
    if (!report.available)
        return report;
    for (const shaders::EmbeddedShader& shader : shaders::all()) {
        if (!filter.empty() && shader.name.find(filter) == std::string_view::npos)
            continue;
        ShaderStatistics entry;
        entry.shader = std::string(shader.name);
        try {
            const vk::ComputePipeline pipeline(context, vk::specFromSpirv(entry.shader, shader.code()));
            for (const vk::PipelineStatistic& s : vk::pipelineStatistics(context, pipeline.handle()))
                entry.values.emplace_back(s.name, s.value);
        } catch (const Error& e) {
            entry.error = e.what();
        }
        report.shaders.push_back(std::move(entry));
    }
    return report;
}

} // namespace hearth
