#pragma once

// Bringing a GGUF file from elsewhere into the models folder, and taking a
// model out of it. Synchronous: ModelLibraryService runs imports on a
// worker thread; the CLI and tests call these directly.

#include <QString>

#include <atomic>
#include <functional>

namespace hearth::library {

enum class ImportMode {
    Copy, // the original stays where it is
    Move, // a rename when on the same file system, else copy then delete
};

struct ImportRequest {
    QString source;  // a GGUF file; for a split model any part (all parts come along)
    ImportMode mode = ImportMode::Copy;
    // Where it goes: <models>/<publisher>/<repo>/. Both empty:
    // <models>/local/<model name>/.
    QString publisher;
    QString repo;
};

// Called while bytes are copied (not for a rename), from the importing thread.
using ImportProgress = std::function<void(quint64 done, quint64 total)>;

// Imports the model and returns the absolute path of its file (part 1 of a
// split model). Throws hearth::Error, leaving nothing behind, when the
// source is not a readable GGUF file, a file of that name is already
// there, the disk has not enough free space, copying fails, or `cancel`
// becomes true. Files are copied under a hidden temporary name and renamed
// only when complete, so the library never lists a half-copied model.
// A move across file systems whose original cannot be deleted afterwards
// keeps the imported copy and throws hearth::Error naming the files to
// delete by hand.
QString importModel(const QString& modelsFolder, const ImportRequest& request, const ImportProgress& progress = {},
                    const std::atomic<bool>* cancel = nullptr);

// Throws hearth::Error saying how much is needed and free when the file
// system holding `folder` (or its nearest existing parent) has fewer than
// `bytes` bytes available.
void ensureFreeSpace(const QString& folder, quint64 bytes);

// Deletes the model whose file (part 1) is `path`: every part of a split
// set, its saved defaults, and the folders this leaves empty below the
// models folder. Throws hearth::Error when `path` is not a model file in
// the models folder or cannot be deleted.
void deleteModel(const QString& modelsFolder, const QString& path);

} // namespace hearth::library
