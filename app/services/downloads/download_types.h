#pragma once

// The vocabulary of the download manager.

#include "services/hub/hub_types.h"

#include <QList>
#include <QMetaType>
#include <QString>

#include <chrono>
#include <functional>

namespace hearth::downloads {

enum class DownloadState { Queued, Preparing, Running, Waiting, Paused, Completed, Failed, Cancelled };

// One file of a download, with where it goes and what it must hash to.
struct DownloadFile {
    QString path;        // inside the repo
    QString url;         // resolve URL on the Hub
    qint64 size = -1;    // expected bytes; -1 unknown
    QString sha256;      // expected lower-case hex; empty: size check only
    QString destination; // absolute final path
};

// A unit the user asked for: one GGUF file or all parts of a split set.
struct DownloadRequest {
    QString repo;            // "publisher/name"
    QString name;            // what the user picked (group name)
    QList<DownloadFile> files;

    qint64 totalSize() const
    {
        qint64 total = 0;
        for (const DownloadFile& f : files)
            total += f.size > 0 ? f.size : 0;
        return total;
    }
};

struct DownloadPolicy {
    int maxConcurrent = 2;
    // Attempts per file in a row without progress (a retry that moved data
    // starts the count again).
    int maxAttempts = 6;
    std::chrono::milliseconds firstRetryDelay{1000};
    double backoffFactor = 2.0;
    std::chrono::milliseconds maxRetryDelay{60000};
    // Multiplies Retry-After; tests shrink it. 1 honours the server.
    double retryAfterScale = 1.0;
    long connectTimeoutMs = 15000;
    long stallTimeoutSeconds = 30;
    std::chrono::milliseconds progressInterval{100}; // at most ~10 progress signals a second
    // Free bytes on the disk holding `folder` (-1: unknown). The default
    // asks QStorageInfo; tests inject their own.
    std::function<qint64(const QString& folder)> freeSpace;
};

} // namespace hearth::downloads
Q_DECLARE_METATYPE(hearth::downloads::DownloadState)
