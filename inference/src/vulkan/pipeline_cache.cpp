#include "vulkan/pipeline_cache.h"

#include "hearth/error.h"

namespace hearth::vk {

std::string PipelineCache::key(const PipelineSpec& spec)
{
    std::string k = spec.shader + "|" + std::to_string(spec.storageBuffers) + "|" +
                    std::to_string(spec.pushConstantBytes) + "|" + std::to_string(spec.uniformMask) + "|" +
                    std::to_string(spec.texelMask);
    for (std::uint32_t value : spec.specialization)
        k += "|" + std::to_string(value);
    return k;
}

const ComputePipeline& PipelineCache::get(const PipelineSpec& spec)
{
    const std::string k = key(spec);
    std::lock_guard lock(mutex_);
    auto it = pipelines_.find(k);
    if (it == pipelines_.end())
        it = pipelines_.emplace(k, std::make_unique<ComputePipeline>(context_, spec)).first;
    return *it->second;
}

std::size_t PipelineCache::size() const
{
    std::lock_guard lock(mutex_);
    return pipelines_.size();
}

} // namespace hearth::vk
