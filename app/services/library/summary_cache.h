#pragma once

// Reading model headers, remembered by (path, size, modification time) so a
// rescan does not reopen files that did not change. Thread-safe: the
// service's worker fills it while the caller's thread may read it.

#include "services/library/folder_scan.h"
#include "services/library/library_entry.h"

#include <QHash>
#include <QMutex>
#include <QString>

#include <atomic>

namespace hearth::library {

class SummaryCache {
public:
    // The entry for `files`: sizes and times
    // from the file system, the summary from the header (read now unless
    // cached for the same sizes and times), or the error that reading it
    // gave. Never throws for a bad file.
    LibraryEntry describe(const ModelFiles& files);

    // How many times a header was actually read (for tests and logs).
    int headerReads() const { return headerReads_.load(); }

    // Drops what is remembered about a model whose part 1 is `path`.
    void forget(const QString& path);

private:
    struct Stamp {
        qint64 size = 0;
        qint64 modifiedMs = 0;
        bool operator==(const Stamp&) const = default;
    };
    struct Cached {
        QList<Stamp> stamps; // one per part
        ModelSummary summary;
        QString error;
    };

    mutable QMutex mutex_;
    QHash<QString, Cached> byPath_; // key: part 1's absolute path
    std::atomic<int> headerReads_{0};
};

} // namespace hearth::library
