#include "core/data_folder.h"

#include <QCoreApplication>
#include <QDir>
#include <QStandardPaths>

namespace hearth {
namespace {

QString absoluteClean(const QString& path)
{
    return QDir::cleanPath(QDir(path).absolutePath());
}

QString currentDataFolder()
{
    return absoluteClean(QStandardPaths::writableLocation(QStandardPaths::GenericDataLocation) + "/hearth");
}

// The current folder holds something besides the legacy folder inside it.
bool holdsOwnData(const QString& folder)
{
    const QStringList entries = QDir(folder).entryList(QDir::AllEntries | QDir::Hidden | QDir::System | QDir::NoDotAndDotDot);
    return entries.size() > (entries.contains("hearth") ? 1 : 0);
}

} // namespace

QString appDataFolder(const QString& dataDirOption)
{
    if (!dataDirOption.isEmpty())
        return absoluteClean(dataDirOption);
    const QString fromEnv = qEnvironmentVariable("HEARTH_DATA_DIR");
    if (!fromEnv.isEmpty())
        return absoluteClean(fromEnv);
    return defaultDataFolder();
}

QString defaultDataFolder()
{
    const QString current = currentDataFolder();
    const QString legacy = legacyDataFolder();
    if (QFileInfo(legacy).isDir() && !holdsOwnData(current))
        return legacy;
    return current;
}

QString legacyDataFolder()
{
    return currentDataFolder() + "/hearth";
}

void setApplicationNames()
{
    QCoreApplication::setApplicationName("hearth");
    QCoreApplication::setOrganizationName(QString());
}

} // namespace hearth
