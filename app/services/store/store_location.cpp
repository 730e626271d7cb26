#include "services/store/store_location.h"

#include "core/data_folder.h"
#include "hearth/error.h"

#include <QDir>

namespace hearth::store {

QString chatDatabasePath(const QString& overrideDir)
{
    return QDir(appDataFolder(overrideDir)).filePath("chats.sqlite3");
}

QString ensureChatDatabasePath(const QString& overrideDir)
{
    const QString dir = appDataFolder(overrideDir);
    if (!QDir().mkpath(dir))
        throw Error("Could not create the data folder " + dir.toStdString() + ".");
    return chatDatabasePath(overrideDir);
}

} // namespace hearth::store
