#include "core/data_folder.h"

#include <QDir>
#include <QStandardPaths>

namespace hearth {
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

} // namespace hearth
