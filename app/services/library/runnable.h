#pragma once

// Whether Hearth's engine can run a model, judged from its header.

#include "hearth/model_summary.h"

#include <QString>

namespace hearth::library {

// Empty when the engine can run `summary`'s model, else a sentence saying
// why not ("Hearth cannot run the gemma3 architecture yet").
QString unsupportedReason(const ModelSummary& summary);

} // namespace hearth::library
