#pragma once

// Finding model files in the models folder, without reading them.
//
// Layout (as LM Studio): <models>/<publisher>/<repo>/<file>.gguf, with one
// more folder level allowed below the repo (Hub repos that keep each
// quantisation in its own folder). Files directly in the models folder or
// one level deep are listed too, with no publisher or repo. Hidden files
// and folders (".name") are skipped: that is where imports, downloads and
// our own sidecar data live while they are not models.

#include <QList>
#include <QString>
#include <QStringList>

namespace hearth::library {

// Folder levels below the models folder that are searched.
inline constexpr int kMaxFolderDepth = 3;

// The files of one model, before its header is read.
struct ModelFiles {
    QString relativePath; // part 1's path relative to the models folder, '/'-separated
    QString publisher;
    QString repo;
    QString fileName;     // part 1's file name
    QStringList parts;    // absolute paths, in part order (one for a plain file)
};

// Whether `fileName` can be a model file: it ends in ".gguf" (any case) and
// is not hidden. Partial downloads (".part", ".part.json", ...) never are.
bool isModelFileName(const QString& fileName);

// `from` (default: `root`) and every non-hidden folder below it down to
// kMaxFolderDepth below `root`, as absolute clean paths, parents before
// children. Empty when `from` does not exist or is not inside `root`.
QStringList listModelFolders(const QString& root, const QString& from = {});

// The models whose files sit directly in `folder` (a folder under `root`).
// Parts of a split set (NAME-0000k-of-0000N.gguf) become one model, and
// only when every part is present; a lone part of an incomplete set is
// left out, since it cannot be opened.
QList<ModelFiles> findModelFiles(const QString& root, const QString& folder);

// `folder`'s depth below `root` (0 for root), or -1 when it is not inside it.
int folderDepth(const QString& root, const QString& folder);

} // namespace hearth::library
