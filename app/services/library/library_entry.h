#pragma once

// One model in the library, as the scanner found it on disk.

#include "hearth/model_summary.h"

#include <QString>
#include <QStringList>

namespace hearth::library {

// The publisher folder imports go to (<models>/local/<model name>/): a
// model there came from the user's disk, not from a Hub repository.
inline constexpr char kImportPublisher[] = "local";

struct LibraryEntry {
    QString path;         // absolute path of the file to open (part 1 of a split set)
    QString relativePath; // to the models folder, '/'-separated; the model's key
    QString publisher;    // "" when the file is not in publisher/repo/
    QString repo;         // ""    "
    QString fileName;     // "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf" (part 1 for a split set)
    QStringList parts;    // absolute paths of every file of the model, in order
    quint64 sizeBytes = 0; // over all parts
    qint64 modifiedMs = 0; // newest part's modification time, ms since epoch

    // From the GGUF header; meaningful only when loadError is empty.
    ModelSummary summary;
    // Why the file could not be read ("... is not a GGUF file"); the entry
    // is still listed so the user sees it and can delete it.
    QString loadError;
    // Why our engine cannot run a readable model; empty when it can.
    QString unsupportedReason;

    bool readable() const { return loadError.isEmpty(); }
    bool runnable() const { return loadError.isEmpty() && unsupportedReason.isEmpty(); }
    // Imported from a file (in <models>/local/), so publisher/repo is no Hub repository.
    bool imported() const { return publisher == QLatin1String(kImportPublisher); }
    // The model's general.name, else its file name without ".gguf" (and
    // without "-00001-of-0000N" for a split set).
    QString displayName() const;
};

} // namespace hearth::library
