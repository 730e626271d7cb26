#pragma once

#include <QString>

namespace hearth::store {

// Where the chat database lives: <data dir>/chats.sqlite3. The data dir is
// `overrideDir` when given, else $HEARTH_DATA_DIR, else the platform's
// application data folder (~/.local/share/hearth/hearth on Linux).
QString dataDirectory(const QString& overrideDir = {});
QString chatDatabasePath(const QString& overrideDir = {});

// Creates the data dir if needed; throws hearth::Error when it cannot.
QString ensureChatDatabasePath(const QString& overrideDir = {});

} // namespace hearth::store
