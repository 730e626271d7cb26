#pragma once

// Moving the data folder of older versions (~/.local/share/hearth/hearth)
// to where it belongs (~/.local/share/hearth), once, at start-up, before
// anything opens a chat database or scans the models folder.

#include <QString>

#include <functional>

namespace hearth {

struct DataFolderMove {
    enum class Outcome {
        NothingToDo, // no legacy folder
        Moved,       // its contents are in the new folder now
        LeftAlone,   // the new folder already holds data: the legacy one is not touched
        Failed,      // nothing moved; the legacy folder stays in use
    };
    Outcome outcome = Outcome::NothingToDo;
    QString message; // what was done, for the log (and the user when Failed); empty for NothingToDo
};

// Renames every entry of legacyDataFolder() into the folder above it
// (models, chats.sqlite3 and its -wal/-shm, anything else), then removes the
// legacy folder and points a saved models folder inside it at the new
// place. If any rename fails, those already done are renamed back, so the
// data stays whole in the legacy folder, which defaultDataFolder() then
// keeps using. `rename` is QDir().rename unless a test gives another.
DataFolderMove moveLegacyDataFolder(
    const std::function<bool(const QString& from, const QString& to)>& rename = {});

// Moved goes to the log as information, Failed as a warning; the rest is
// not worth a line at every start.
void logDataFolderMove(const DataFolderMove& move);

} // namespace hearth
