#pragma once

// Rescanning only the folders that changed (what the file watcher reports),
// for ModelLibraryService's worker thread.

#include "services/library/library_entry.h"
#include "services/library/summary_cache.h"

#include <QHash>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

namespace hearth::library {

struct RescanResult {
    // The models now in each folder that was scanned (possibly none).
    QHash<QString, QList<LibraryEntry>> entriesByFolder;
    // Folders that were known and are gone; everything below them is too.
    QStringList goneFolders;
};

// For each folder in `changed` (absolute, clean, under `root`): its own
// files are scanned again; its subfolders not in `known` are new and are
// scanned with everything below them; known subfolders that disappeared
// are reported gone. Passing {root} with an empty `known` is a full scan.
// Unchanged files are not reopened (see SummaryCache).
RescanResult rescanFolders(const QString& root, const QStringList& changed, const QSet<QString>& known,
                           SummaryCache& cache);

} // namespace hearth::library
