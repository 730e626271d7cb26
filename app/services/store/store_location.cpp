#include "services/store/store_location.h"

#include "hearth/error.h"

#include <QDir>
#include <QStandardPaths>

namespace hearth::store {

QString dataDirectory(const QString& overrideDir)
{
    if (!overrideDir.isEmpty())
        return overrideDir;
    const QString fromEnv = qEnvironmentVariable("HEARTH_DATA_DIR");
    if (!fromEnv.isEmpty())
        return fromEnv;
    return QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
}

QString chatDatabasePath(const QString& overrideDir)
{
    return QDir(dataDirectory(overrideDir)).filePath("chats.sqlite3");
}

QString ensureChatDatabasePath(const QString& overrideDir)
{
    const QString dir = dataDirectory(overrideDir);
    if (!QDir().mkpath(dir))
        throw Error("Could not create the data folder " + dir.toStdString() + ".");
    return chatDatabasePath(overrideDir);
}

} // namespace hearth::store
