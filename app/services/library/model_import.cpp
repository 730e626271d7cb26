#include "services/library/library_edit.h"
#include "services/library/library_entry.h"

#include "services/downloads/disk_space.h"
#include "core/size_text.h"

#include "hearth/error.h"
#include "hearth/gguf.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

namespace hearth::library {
namespace {

constexpr qint64 kCopyChunk = 4 << 20;

std::string text(const QString& s)
{
    return s.toStdString();
}

// A publisher, repo or model name becomes one folder: it must not climb
// out of the models folder or hide itself.
void checkFolderName(const QString& name, const char* what)
{
    if (name.isEmpty() || name == "." || name == ".." || name.startsWith('.') || name.contains('/') ||
        name.contains('\\') || name.contains(QChar(0)))
        throw Error(std::string("'") + text(name) + "' cannot be used as a " + what +
                    " folder name (it must be a plain name, not starting with '.')");
}

struct Part {
    QString source;
    QString target;
    QString temporary;
    quint64 size = 0;
};

// Removes what a failed import left: temporary and finished copies, and
// the folders it created (innermost first).
struct Cleanup {
    std::vector<QString> files;
    QStringList createdFolders;
    bool armed = true;
    ~Cleanup()
    {
        if (!armed)
            return;
        for (const QString& f : files)
            QFile::remove(f);
        for (qsizetype i = createdFolders.size() - 1; i >= 0; --i)
            QDir().rmdir(createdFolders[i]);
    }
};

// Creates `folder` and its missing parents, remembering which were new.
void makeFolders(const QString& folder, Cleanup& cleanup)
{
    QStringList missing;
    for (QString f = folder; !QFileInfo::exists(f); f = QFileInfo(f).path())
        missing.prepend(f);
    for (const QString& f : missing) {
        if (!QDir().mkdir(f))
            throw Error("Cannot create the folder " + text(f) + " (check that the models folder is writable)");
        cleanup.createdFolders.append(f);
    }
}

void copyPart(const Part& part, quint64& done, quint64 total, const ImportProgress& progress,
              const std::atomic<bool>* cancel, Cleanup& cleanup)
{
    QFile in(part.source);
    if (!in.open(QIODevice::ReadOnly))
        throw Error("Cannot read " + text(part.source) + ": " + text(in.errorString()));
    QFile out(part.temporary);
    cleanup.files.push_back(part.temporary);
    if (!out.open(QIODevice::WriteOnly | QIODevice::Truncate))
        throw Error("Cannot write " + text(part.temporary) + ": " + text(out.errorString()));
    QByteArray buffer;
    while (!in.atEnd()) {
        if (cancel && cancel->load())
            throw Error("The import of " + text(QFileInfo(part.source).fileName()) + " was cancelled");
        buffer = in.read(kCopyChunk);
        if (buffer.isEmpty() && in.error() != QFileDevice::NoError)
            throw Error("Cannot read " + text(part.source) + ": " + text(in.errorString()));
        if (out.write(buffer) != buffer.size())
            throw Error("Cannot write " + text(part.target) + ": " + text(out.errorString()));
        done += quint64(buffer.size());
        if (progress)
            progress(done, total);
    }
    out.close();
    if (out.error() != QFileDevice::NoError)
        throw Error("Cannot write " + text(part.target) + ": " + text(out.errorString()));
    if (!QFile::rename(part.temporary, part.target))
        throw Error("Cannot rename the copy to " + text(part.target));
    cleanup.files.back() = part.target;
}

bool renameFile(const QString& from, const QString& to)
{
    return std::rename(QFile::encodeName(from).constData(), QFile::encodeName(to).constData()) == 0;
}

// Moves every part by renaming. False (nothing moved) when the library is on
// another file system, so the caller copies instead; throws on other errors,
// after putting back any part already moved.
bool renameParts(const std::vector<Part>& parts)
{
    for (size_t i = 0; i < parts.size(); ++i) {
        if (renameFile(parts[i].source, parts[i].target))
            continue;
        const int error = errno;
        for (size_t j = 0; j < i; ++j)
            renameFile(parts[j].target, parts[j].source);
        if (error == EXDEV && i == 0)
            return false;
        throw Error("Cannot move " + text(parts[i].source) + " into the library (" + std::strerror(error) + ")");
    }
    return true;
}

} // namespace

void ensureFreeSpace(const QString& folder, quint64 bytes)
{
    const qint64 available = downloads::freeDiskSpace(folder);
    if (available >= 0 && quint64(available) < bytes) // unknown (-1): the copy reports a full disk itself
        throw Error("Not enough free disk space: the model needs " + text(bytesText(bytes)) + " but only " +
                    text(bytesText(quint64(available))) + " are free for " + text(folder));
}

QString importModel(const QString& modelsFolder, const ImportRequest& request, const ImportProgress& progress,
                    const std::atomic<bool>* cancel)
{
    const QFileInfo sourceInfo(request.source);
    if (!sourceInfo.isFile())
        throw Error("Cannot import " + text(request.source) + ": there is no such file");

    // Reading the header checks that this is a GGUF model (and that every
    // part of a split model is there) before anything is copied.
    std::vector<Part> parts;
    quint64 total = 0;
    QString modelName = sourceInfo.completeBaseName();
    try {
        const GgufFile file = GgufFile::open(QFile::encodeName(sourceInfo.absoluteFilePath()).toStdString());
        for (uint32_t i = 0; i < file.splitCount(); ++i) {
            const QString path = QFile::decodeName(file.splitPath(i).c_str());
            parts.push_back({QFileInfo(path).absoluteFilePath(), {}, {}, quint64(QFileInfo(path).size())});
            total += parts.back().size;
        }
    } catch (const Error& e) {
        throw Error("Cannot import " + text(sourceInfo.fileName()) + ": it is not a GGUF model file Hearth can read (" +
                    e.what() + ")");
    }
    if (const auto split = parseGgufSplitName(QFileInfo(parts.front().source).fileName().toStdString()))
        modelName = QString::fromStdString(split->prefix);
    while (modelName.startsWith('.'))
        modelName.remove(0, 1);

    QString folder;
    if (request.publisher.isEmpty() && request.repo.isEmpty()) {
        checkFolderName(modelName, "model");
        folder = QDir(modelsFolder).filePath(QLatin1String(kImportPublisher) + "/" + modelName);
    } else {
        checkFolderName(request.publisher, "publisher");
        checkFolderName(request.repo, "repository");
        folder = QDir(modelsFolder).filePath(request.publisher + "/" + request.repo);
    }
    folder = QDir::cleanPath(QDir(folder).absolutePath());

    for (Part& part : parts) {
        const QString name = QFileInfo(part.source).fileName();
        part.target = folder + "/" + name;
        part.temporary = folder + "/." + name + ".importing";
        if (QFileInfo::exists(part.target))
            throw Error(text(name) + " is already in your library (" + text(part.target) + ")");
    }

    Cleanup cleanup;
    makeFolders(folder, cleanup);

    if (request.mode == ImportMode::Move && renameParts(parts)) {
        cleanup.armed = false;
        return parts.front().target;
    }

    ensureFreeSpace(folder, total);
    quint64 done = 0;
    for (const Part& part : parts)
        copyPart(part, done, total, progress, cancel, cleanup);
    cleanup.armed = false; // the copies are complete and stay
    if (request.mode == ImportMode::Move) {
        QStringList leftover;
        for (const Part& part : parts)
            if (!QFile::remove(part.source))
                leftover.append(part.source);
        // Said, not hidden: a forgotten original silently takes as much disk
        // space as the model itself.
        if (!leftover.isEmpty())
            throw Error(text(QFileInfo(parts.front().target).fileName()) + " was imported, but the original could not be removed: delete " +
                        text(leftover.join(", ")) + " by hand");
    }
    return parts.front().target;
}

} // namespace hearth::library
