#pragma once

#include "vulkan/pipeline.h"

#include <map>
#include <memory>
#include <mutex>
#include <string>

namespace hearth::vk {

class Context;

// Pipelines are built on first use and kept for the life of the context:
// compiling all of them up front costs seconds on some drivers, and most
// models only touch a handful of (shader, specialization) pairs.
class PipelineCache {
public:
    explicit PipelineCache(Context& context) : context_(context) {}
    PipelineCache(const PipelineCache&) = delete;
    PipelineCache& operator=(const PipelineCache&) = delete;

    // The pipeline for `spec`, created now if this is its first use. The
    // reference stays valid until the context is destroyed.
    const ComputePipeline& get(const PipelineSpec& spec);
    std::size_t size() const;

private:
    static std::string key(const PipelineSpec& spec);

    Context& context_;
    mutable std::mutex mutex_;
    std::map<std::string, std::unique_ptr<ComputePipeline>> pipelines_;
};

} // namespace hearth::vk
