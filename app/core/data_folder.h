#pragma once

// Where the app keeps its data (chats, models): one rule for every part.

#include <QString>

namespace hearth {

// The app's data folder: `dataDirOption` (--data-dir) when given, else
// $HEARTH_DATA_DIR, else QStandardPaths::AppDataLocation
// (~/.local/share/hearth/hearth on Linux). Absolute and clean; it may not
// exist yet.
QString appDataFolder(const QString& dataDirOption = {});

} // namespace hearth
