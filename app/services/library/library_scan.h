#pragma once

// The synchronous core of the model library: what the models folder holds.
// The CLI and tests call these directly; ModelLibraryService runs them on a
// worker thread.

#include "services/library/library_entry.h"
#include "services/library/summary_cache.h"

#include <QList>
#include <QString>
#include <QStringList>

namespace hearth::library {

// Every model under `root`, sorted by relative path. Reads each header
// unless `cache` already knows the file unchanged. Empty when `root` does
// not exist; a damaged file is listed with its loadError.
QList<LibraryEntry> scanLibrary(const QString& root, SummaryCache& cache);

// The models whose files sit directly in `folder` (not below it).
QList<LibraryEntry> scanFolder(const QString& root, const QString& folder, SummaryCache& cache);

// Sorts by relative path, case-insensitively (as a file manager would).
void sortEntries(QList<LibraryEntry>& entries);

} // namespace hearth::library
