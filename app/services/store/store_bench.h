#pragma once

// The chat store at scale, for `hearth-cli bench-store`: fills a database
// in `directory` with synthetic chats and times what the UI does most
// (first page of the chat list, opening a long chat, searching).
// A benchmark, not a test: numbers go to docs/PERFORMANCE.md.

#include <QString>

#include <functional>
#include <vector>

namespace hearth::store {

struct StoreBenchOptions {
    QString directory;          // where chats.sqlite3 is created (must be empty)
    int chats = 10000;
    qint64 messages = 1000000;  // in total, over all chats
    int longChatMessages = 1000; // the chat that is opened
    int repeats = 5;            // runs per timed operation
};

struct StoreBenchTiming {
    QString name;   // e.g. "list_chats"
    QString what;   // one line for people
    double firstMs = 0;  // first run on a fresh connection
    double medianMs = 0; // median of all runs
    qint64 rows = 0;     // rows it returned
};

struct StoreBenchResult {
    int chats = 0;
    qint64 messages = 0;
    double generateMs = 0;
    qint64 databaseBytes = 0;
    std::vector<StoreBenchTiming> timings;
};

// `progress` (optional) receives short status lines while generating.
StoreBenchResult runStoreBench(const StoreBenchOptions& options,
                               const std::function<void(const QString&)>& progress = {});

} // namespace hearth::store
