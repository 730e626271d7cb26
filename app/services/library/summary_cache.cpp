#include "services/library/summary_cache.h"

#include "services/library/runnable.h"

#include "hearth/error.h"
#include "hearth/gguf.h"

#include <QFile>
#include <QFileInfo>
#include <QMutexLocker>

#include <algorithm>
#include <new>

namespace hearth::library {
namespace {

QString readError(const QString& path, const char* what)
{
    const QString message = QString::fromUtf8(what);
    // The engine's messages already name the file; others get its name.
    return message.contains(QFileInfo(path).fileName()) ? message : QFileInfo(path).fileName() + ": " + message;
}

} // namespace

LibraryEntry SummaryCache::describe(const ModelFiles& files)
{
    LibraryEntry entry;
    entry.path = files.parts.value(0);
    entry.relativePath = files.relativePath;
    entry.publisher = files.publisher;
    entry.repo = files.repo;
    entry.fileName = files.fileName;
    entry.parts = files.parts;

    QList<Stamp> stamps;
    for (const QString& part : files.parts) {
        const QFileInfo info(part);
        const Stamp stamp{info.size(), info.lastModified().toMSecsSinceEpoch()};
        stamps.append(stamp);
        entry.sizeBytes += quint64(std::max<qint64>(stamp.size, 0));
        entry.modifiedMs = std::max(entry.modifiedMs, stamp.modifiedMs);
    }

    bool cached = false;
    {
        const QMutexLocker lock(&mutex_);
        const auto it = byPath_.constFind(entry.path);
        if (it != byPath_.constEnd() && it->stamps == stamps) {
            entry.summary = it->summary;
            entry.loadError = it->error;
            cached = true;
        }
    }
    if (!cached) { // read outside the lock: a big header takes a while
        ++headerReads_;
        try {
            entry.summary = summarize(GgufFile::open(QFile::encodeName(entry.path).toStdString()));
        } catch (const Error& e) {
            entry.loadError = readError(entry.path, e.what());
        } catch (const std::bad_alloc&) {
            entry.loadError = entry.fileName + ": the file's header is too large to read";
        } catch (const std::exception& e) {
            entry.loadError = readError(entry.path, e.what());
        }
        const QMutexLocker lock(&mutex_);
        byPath_.insert(entry.path, Cached{stamps, entry.summary, entry.loadError});
    }
    if (entry.readable())
        entry.unsupportedReason = unsupportedReason(entry.summary);
    return entry;
}

void SummaryCache::forget(const QString& path)
{
    const QMutexLocker lock(&mutex_);
    byPath_.remove(path);
}

} // namespace hearth::library
