#include "services/library/models_folder.h"

#include "core/settings.h"

#include <QDir>
#include <QStandardPaths>

namespace hearth::library {
namespace {

QString absoluteClean(const QString& path)
{
    return QDir::cleanPath(QDir(path).absolutePath());
}

} // namespace

QString appDataFolder(const QString& dataDirOption)
{
    if (!dataDirOption.isEmpty())
        return absoluteClean(dataDirOption);
    const QString fromEnv = qEnvironmentVariable("HEARTH_DATA_DIR");
    if (!fromEnv.isEmpty())
        return absoluteClean(fromEnv);
    return absoluteClean(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
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
