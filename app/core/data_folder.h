#pragma once

// Where the app keeps its data (chats, models): one rule for every part.

#include <QString>

namespace hearth {

// The app's data folder: `dataDirOption` (--data-dir) when given, else
// $HEARTH_DATA_DIR, else defaultDataFolder(). Absolute and clean; it may
// not exist yet.
QString appDataFolder(const QString& dataDirOption = {});

// ~/.local/share/hearth on Linux ($XDG_DATA_HOME/hearth); but the folder
// older versions used (legacyDataFolder()) while it is still there and
// holds the data, i.e. until moveLegacyDataFolder() has moved it.
QString defaultDataFolder();

// ~/.local/share/hearth/hearth: where earlier versions kept their data
// (the organisation and application names were both "hearth").
QString legacyDataFolder();

// The names every entry point (hearth, hearth-cli) gives Qt: application
// "hearth" and no organisation, so Qt's own folders are ~/.local/share/hearth,
// ~/.cache/hearth and ~/.config/hearth.
void setApplicationNames();

} // namespace hearth
