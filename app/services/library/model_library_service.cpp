#include "services/library/model_library_service.h"

#include "services/library/folder_scan.h"
#include "services/library/library_scan.h"
#include "services/library/models_folder.h"

#include "hearth/error.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace hearth {

using library::LibraryEntry;

namespace {

constexpr int kDefaultDebounceMs = 400;
constexpr qint64 kProgressIntervalMs = 100;

// What a listing change means to the UI: a model came, went, or changed.
bool sameListing(const QList<LibraryEntry>& a, const QList<LibraryEntry>& b)
{
    return std::equal(a.begin(), a.end(), b.begin(), b.end(), [](const LibraryEntry& x, const LibraryEntry& y) {
        return x.path == y.path && x.sizeBytes == y.sizeBytes && x.modifiedMs == y.modifiedMs &&
               x.loadError == y.loadError;
    });
}

} // namespace

ModelLibraryService::ModelLibraryService(const QString& modelsFolder, QObject* parent)
    : QObject(parent),
      root_(modelsFolder.isEmpty() ? library::resolveModelsFolder()
                                   : QDir::cleanPath(QDir(modelsFolder).absolutePath())),
      cache_(std::make_shared<library::SummaryCache>())
{
    debounce_.setSingleShot(true);
    debounce_.setInterval(kDefaultDebounceMs);
    connect(&debounce_, &QTimer::timeout, this, &ModelLibraryService::runPendingScan);
    connect(&watcher_, &QFileSystemWatcher::directoryChanged, this, &ModelLibraryService::folderChanged);
    importPool_.setMaxThreadCount(1);
}

ModelLibraryService::~ModelLibraryService()
{
    for (Import& import : imports_)
        import.cancel->store(true);
    // Queued imports still run, see the cancel flag and stop at once.
    importPool_.waitForDone();
    for (Import& import : imports_)
        import.future.waitForFinished();
    scan_.waitForFinished();
}

std::optional<LibraryEntry> ModelLibraryService::find(const QString& relativePath) const
{
    for (const LibraryEntry& e : models_)
        if (e.relativePath == relativePath)
            return e;
    return std::nullopt;
}

void ModelLibraryService::start()
{
    if (!QDir().mkpath(root_))
        Q_EMIT errorOccurred("Cannot create the models folder " + root_ + " (check that its parent is writable)");
    fullScan_ = true;
    runPendingScan();
}

void ModelLibraryService::folderChanged(const QString& folder)
{
    pending_.insert(folder);
    debounce_.start();
}

void ModelLibraryService::scheduleAround(const QString& folder)
{
    // The folder and its parents: an import may have created them all.
    for (QString f = QDir::cleanPath(folder); library::folderDepth(root_, f) >= 0; f = QFileInfo(f).path()) {
        pending_.insert(f);
        if (f == root_)
            break;
    }
    debounce_.start();
}

void ModelLibraryService::runPendingScan()
{
    if (scanRunning_ || (pending_.isEmpty() && !fullScan_))
        return; // a running scan looks at pending_ again when it ends
    const bool full = fullScan_;
    QStringList changed = full ? QStringList{root_} : QStringList(pending_.begin(), pending_.end());
    std::sort(changed.begin(), changed.end()); // parents before children
    QSet<QString> known;
    if (!full)
        for (auto it = byFolder_.cbegin(); it != byFolder_.cend(); ++it)
            known.insert(it.key());
    pending_.clear();
    fullScan_ = false;
    scanRunning_ = true;

    auto* futureWatcher = new QFutureWatcher<library::RescanResult>(this);
    connect(futureWatcher, &QFutureWatcher<library::RescanResult>::finished, this, [this, futureWatcher, full] {
        const library::RescanResult result = futureWatcher->result();
        futureWatcher->deleteLater();
        if (full) {
            if (!watcher_.directories().isEmpty())
                watcher_.removePaths(watcher_.directories());
            byFolder_.clear();
        }
        applyScan(result);
        scanRunning_ = false;
        Q_EMIT scanFinished();
        if (fullScan_ || !pending_.isEmpty())
            runPendingScan();
    });
    scan_ = QtConcurrent::run([root = root_, changed, known, cache = cache_] {
        return library::rescanFolders(root, changed, known, *cache);
    });
    futureWatcher->setFuture(scan_);
}

void ModelLibraryService::applyScan(const library::RescanResult& result)
{
    QStringList unwatch;
    for (const QString& gone : result.goneFolders) {
        const QString below = gone + "/";
        for (auto it = byFolder_.begin(); it != byFolder_.end();) {
            if (it.key() == gone || it.key().startsWith(below)) {
                unwatch.append(it.key());
                it = byFolder_.erase(it);
            } else {
                ++it;
            }
        }
    }
    if (!unwatch.isEmpty())
        watcher_.removePaths(unwatch);

    QStringList watch;
    const QStringList watched = watcher_.directories();
    for (auto it = result.entriesByFolder.cbegin(); it != result.entriesByFolder.cend(); ++it) {
        byFolder_.insert(it.key(), it.value());
        if (!watched.contains(it.key()))
            watch.append(it.key());
    }
    if (!watch.isEmpty()) {
        watcher_.addPaths(watch); // a folder that vanished meanwhile is simply not watched
        // A file added between the worker's listing and the new watch gave
        // no signal: look at these folders once more (cached, so cheap).
        for (const QString& folder : std::as_const(watch))
            pending_.insert(folder);
        debounce_.start();
    }
    rebuildList();
}

void ModelLibraryService::rebuildList()
{
    QList<LibraryEntry> all;
    for (const QList<LibraryEntry>& entries : std::as_const(byFolder_))
        all.append(entries);
    library::sortEntries(all);
    const bool changed = !sameListing(all, models_);
    models_ = std::move(all);
    if (changed)
        Q_EMIT modelsChanged();
}

void ModelLibraryService::rescanFolderOf(const QString& path)
{
    scheduleAround(QFileInfo(path).path());
}

int ModelLibraryService::importModel(const library::ImportRequest& request)
{
    const int id = nextImportId_++;
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    // The worker reports through queued calls, so the signals arrive on this
    // object's thread; the destructor waits for it, so `this` outlives it.
    QFuture<void> future = QtConcurrent::run(&importPool_, [this, id, request, cancel, root = root_] {
        QElapsedTimer sinceReport;
        sinceReport.start();
        const auto progress = [&](quint64 done, quint64 total) {
            if (done != total && sinceReport.elapsed() < kProgressIntervalMs)
                return;
            sinceReport.restart();
            QMetaObject::invokeMethod(this, [this, id, done, total] { Q_EMIT importProgress(id, done, total); },
                                      Qt::QueuedConnection);
        };
        QString path, error;
        try {
            path = library::importModel(root, request, progress, cancel.get());
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        QMetaObject::invokeMethod(
            this,
            [this, id, path, error] {
                imports_.remove(id);
                if (!error.isEmpty()) {
                    Q_EMIT importFailed(id, error);
                    return;
                }
                scheduleAround(QFileInfo(path).path());
                Q_EMIT importFinished(id, path);
            },
            Qt::QueuedConnection);
    });
    imports_.insert(id, Import{future, cancel});
    return id;
}

void ModelLibraryService::cancelImport(int id)
{
    if (const auto it = imports_.constFind(id); it != imports_.constEnd())
        it->cancel->store(true);
}

bool ModelLibraryService::deleteModel(const QString& relativePath)
{
    const std::optional<LibraryEntry> entry = find(relativePath);
    if (!entry) {
        Q_EMIT errorOccurred(relativePath + " is not in the library");
        return false;
    }
    try {
        library::deleteModel(root_, entry->path);
    } catch (const Error& e) {
        Q_EMIT errorOccurred(QString::fromUtf8(e.what()));
        return false;
    }
    const QString folder = QFileInfo(entry->path).path();
    if (auto it = byFolder_.find(folder); it != byFolder_.end())
        it->removeIf([&](const LibraryEntry& e) { return e.path == entry->path; });
    cache_->forget(entry->path);
    rebuildList();
    scheduleAround(folder); // its folders may be gone too
    return true;
}

library::ModelDefaults ModelLibraryService::modelDefaults(const QString& relativePath) const
{
    return library::ModelDefaultsStore(root_).get(relativePath);
}

GenerationDefaults ModelLibraryService::effectiveDefaults(const QString& relativePath) const
{
    const library::ModelDefaults own = modelDefaults(relativePath);
    GenerationDefaults d = own.appliedTo(Settings().generationDefaults());
    // Without a setting of its own, a model trained on a shorter context
    // starts with that: going beyond it only produces garbage.
    if (!own.contextLength)
        if (const auto entry = find(relativePath); entry && entry->readable() && entry->summary.contextLength > 0)
            d.contextLength = std::min(d.contextLength, int(std::min<uint32_t>(entry->summary.contextLength,
                                                                               uint32_t(GenerationLimits::kMaxContextLength))));
    return d;
}

bool ModelLibraryService::setModelDefaults(const QString& relativePath, const library::ModelDefaults& defaults)
{
    try {
        library::ModelDefaultsStore(root_).set(relativePath, defaults);
        return true;
    } catch (const Error& e) {
        Q_EMIT errorOccurred(QString::fromUtf8(e.what()));
        return false;
    }
}

} // namespace hearth
