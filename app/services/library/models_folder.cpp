#include "services/library/models_folder.h"

#include "core/data_folder.h"
#include "core/settings.h"

#include <QDir>

namespace hearth::library {
namespace {

QString absoluteClean(const QString& path)
{
    return QDir::cleanPath(QDir(path).absolutePath());
}

} // namespace

QString appDataFolder(const QString& dataDirOption)
{
    return hearth::appDataFolder(dataDirOption);
}

QString resolveModelsFolder(const QString& modelsDirOption, const QString& dataDirOption)
{
    if (!modelsDirOption.isEmpty())
        return absoluteClean(modelsDirOption);
    if (dataDirOption.isEmpty() && qEnvironmentVariableIsEmpty("HEARTH_DATA_DIR")) {
        const QString chosen = Settings().modelsFolder();
        if (!chosen.isEmpty())
            return absoluteClean(chosen);
    }
    return appDataFolder(dataDirOption) + "/models";
}

} // namespace hearth::library
