#pragma once

#include "engine/device_weights.h"
#include "engine/shared_device.h"
#include "hearth/gguf.h"
#include "hearth/model.h"
#include "hearth/tokenizer.h"
#include "model/model_config.h"
#include "model/model_weights.h"

#include <memory>
#include <optional>

namespace hearth {

struct Model::Impl {
    std::filesystem::path path;
    GgufFile file; // kept mapped: the CPU embedding fallback reads rows from it
    ModelSummary summary;
    model::ModelConfig config;
    model::ModelWeights weights;
    Tokenizer tokenizer;
    std::string chatTemplate;
    std::shared_ptr<engine::SharedDevice> device;
    std::optional<engine::DeviceWeights> deviceWeights;
    std::uint64_t reservedBytes = 0;

    Impl(std::filesystem::path p, GgufFile f, Tokenizer t)
        : path(std::move(p)), file(std::move(f)), tokenizer(std::move(t))
    {
    }
};

} // namespace hearth
