#include "services/library/runnable.h"

#include "hearth/model.h"

namespace hearth::library {

QString unsupportedReason(const ModelSummary& summary)
{
    const QString arch = QString::fromStdString(summary.architecture);
    if (arch.isEmpty())
        return "This file does not say which architecture its model has (general.architecture is missing)";
    if (!isArchitectureSupported(summary.architecture))
        return "Hearth cannot run the " + arch + " architecture yet";
    if (summary.parameterCount == 0)
        return "This file holds no weights (a vocabulary or other support file, not a model)";
    return {};
}

} // namespace hearth::library
