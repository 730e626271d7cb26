#pragma once

#include <QString>

namespace hearth::store {

// Where the chat database lives: <data dir>/chats.sqlite3, the data dir
// being hearth::appDataFolder(overrideDir) (core/data_folder.h).
QString chatDatabasePath(const QString& overrideDir = {});

// Creates the data dir if needed; throws hearth::Error when it cannot.
QString ensureChatDatabasePath(const QString& overrideDir = {});

} // namespace hearth::store
