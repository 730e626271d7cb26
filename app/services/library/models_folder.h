#pragma once

// Where the model library lives.

#include <QString>

namespace hearth::library {

// The app's data folder: `dataDirOption` (--data-dir) when given, else
// $HEARTH_DATA_DIR, else ~/.local/share/hearth on Linux (see
// core/data_folder.h).
QString appDataFolder(const QString& dataDirOption = {});

// The models folder, first of: `modelsDirOption` (--models-dir);
// `dataDirOption` + "/models" (--data-dir); $HEARTH_DATA_DIR + "/models";
// the folder chosen in Settings; <app data folder>/models. An explicit
// folder for this run wins over the saved preference. Absolute and clean;
// it may not exist yet.
QString resolveModelsFolder(const QString& modelsDirOption = {}, const QString& dataDirOption = {});

} // namespace hearth::library
