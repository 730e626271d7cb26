#pragma once

// Whether Hearth's engine can run a model, judged from its header.

#include "hearth/model_summary.h"

#include <QString>
#include <QStringList>

namespace hearth::library {

// Architectures the engine runs (inference/src/model/architectures.cpp;
// that table is private to the engine, so the library keeps this list).
const QStringList& runnableArchitectures();

// Empty when the engine can run `summary`'s model, else a sentence saying
// why not ("Hearth cannot run the gemma3 architecture yet").
QString unsupportedReason(const ModelSummary& summary);

} // namespace hearth::library
