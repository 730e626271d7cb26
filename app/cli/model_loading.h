#pragma once

// Loading a model from the command line, with progress on stderr.

#include "hearth/model.h"

#include <QString>

#include <memory>

namespace hearth::cli {

// Throws hearth::Error like Model::load.
std::shared_ptr<Model> loadModelWithProgress(const QString& path, const QString& device, std::uint32_t context);

} // namespace hearth::cli
