#include "services/library/library_edit.h"

#include "services/library/folder_scan.h"
#include "services/library/model_defaults.h"

#include "hearth/error.h"
#include "hearth/gguf.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

namespace hearth::library {
namespace {

std::string text(const QString& s)
{
    return s.toStdString();
}

// Every file of the model whose part 1 is `path` that is present.
QStringList modelParts(const QString& path)
{
    const QFileInfo info(path);
    const auto split = parseGgufSplitName(info.fileName().toStdString());
    if (!split)
        return {info.absoluteFilePath()};
    QStringList parts;
    for (uint32_t part = 1; part <= split->count; ++part) {
        const QString name = QString::fromStdString(ggufSplitFileName(split->prefix, part, split->count));
        const QString partPath = info.dir().absoluteFilePath(name);
        if (QFileInfo::exists(partPath))
            parts.append(partPath);
    }
    return parts;
}

} // namespace

void deleteModel(const QString& modelsFolder, const QString& path)
{
    const QString root = QDir::cleanPath(QDir(modelsFolder).absolutePath());
    const QFileInfo info(QDir::cleanPath(QDir(root).absoluteFilePath(path)));
    const QString folder = info.absolutePath();
    if (folderDepth(root, folder) < 0 || !isModelFileName(info.fileName()))
        throw Error("Cannot delete " + text(path) + ": it is not a model file in the models folder " + text(root));
    if (!info.isFile())
        throw Error("Cannot delete " + text(info.fileName()) + ": it is no longer in the models folder");

    // Try every part even after a failure, so no part is left behind unseen
    // (the scanner lists a split model by its part 1 only).
    QStringList failed;
    for (const QString& part : modelParts(info.absoluteFilePath()))
        if (!QFile::remove(part))
            failed.append(part);
    if (!failed.isEmpty())
        throw Error("Cannot delete " + text(failed.join(", ")) + " (check the files' permissions)");
    try {
        ModelDefaultsStore(root).remove(QDir(root).relativeFilePath(info.absoluteFilePath()));
    } catch (const Error&) {
        // The model is gone; stale defaults for it are harmless.
    }
    // Remove the repo and publisher folders the model leaves empty;
    // rmdir refuses a folder that still holds anything.
    for (QString f = folder; folderDepth(root, f) > 0 && QDir().rmdir(f); f = QFileInfo(f).path()) {
    }
}

} // namespace hearth::library
