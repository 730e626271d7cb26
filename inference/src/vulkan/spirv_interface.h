#pragma once

// A compute shader's resource interface read from its SPIR-V: the bindings
// it declares and how it sees each, and whether it takes push constants.
// Enough to build a pipeline layout for a shader without the op that
// normally describes it (hearth-cli shader-stats compiles every shader).

#include "vulkan/pipeline.h"

#include <cstdint>
#include <span>
#include <vector>

namespace hearth::vk {

struct SpirvInterface {
    std::vector<BindingKind> bindings; // by binding number (set 0); unused numbers are Storage
    bool pushConstants = false;
};

// Throws hearth::Error for words that are not SPIR-V.
SpirvInterface readSpirvInterface(std::span<const std::uint32_t> words);

// A PipelineSpec for the shader `name` with its default specialization
// constants and the largest push-constant block every device allows.
PipelineSpec specFromSpirv(std::string name, std::span<const std::uint32_t> words);

} // namespace hearth::vk
