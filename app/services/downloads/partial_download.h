#pragma once

// The on-disk state of an unfinished download, so it survives a network
// drop and an app restart: the bytes so far in "<dest>.part" and what they
// belong to in "<dest>.part.json". The model library ignores both.

#include <QList>
#include <QString>

#include <optional>

namespace hearth::downloads {

struct PartialDownload {
    QString repo;
    QString file;     // path inside the repo
    QString url;
    qint64 size = -1; // expected total
    QString sha256;
    qint64 bytesDone = 0; // informational: the .part file's length is what counts
    bool verified = false; // the whole file is in .part and its hash matched
};

QString partPath(const QString& destination);    // <dest>.part
QString sidecarPath(const QString& destination); // <dest>.part.json

// nullopt when the sidecar is missing or unreadable.
std::optional<PartialDownload> readSidecar(const QString& destination);
// Written atomically (QSaveFile); throws hearth::Error on failure.
void writeSidecar(const QString& destination, const PartialDownload& state);
// Removes <dest>.part and <dest>.part.json.
void removePartial(const QString& destination);

struct UnfinishedDownload {
    QString destination;
    PartialDownload state;
};
// Every download under `modelsDir` that has a sidecar (for resuming at start-up).
QList<UnfinishedDownload> findUnfinishedDownloads(const QString& modelsDir);

} // namespace hearth::downloads
