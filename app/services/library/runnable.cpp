#include "services/library/runnable.h"

namespace hearth::library {

const QStringList& runnableArchitectures()
{
    static const QStringList kArchitectures = {"llama", "qwen2", "qwen3"};
    return kArchitectures;
}

QString unsupportedReason(const ModelSummary& summary)
{
    const QString arch = QString::fromStdString(summary.architecture);
    if (arch.isEmpty())
        return "This file does not say which architecture its model has (general.architecture is missing)";
    if (!runnableArchitectures().contains(arch))
        return "Hearth cannot run the " + arch + " architecture yet";
    if (summary.parameterCount == 0)
        return "This file holds no weights (a vocabulary or other support file, not a model)";
    return {};
}

} // namespace hearth::library
