#pragma once

// The model library for the UI: lists the models folder on a worker thread,
// watches it for changes, imports and deletes models, and keeps each
// model's own defaults. Lives on the thread that created it (the GUI
// thread); every signal is delivered there.

#include "core/settings.h"
#include "services/library/folder_rescan.h"
#include "services/library/library_edit.h"
#include "services/library/library_entry.h"
#include "services/library/model_defaults.h"
#include "services/library/summary_cache.h"

#include <QFileSystemWatcher>
#include <QFuture>
#include <QHash>
#include <QList>
#include <QObject>
#include <QSet>
#include <QThreadPool>
#include <QTimer>

#include <atomic>
#include <memory>
#include <optional>

namespace hearth {

class ModelLibraryService : public QObject {
    Q_OBJECT
public:
    // `modelsFolder` empty: library::resolveModelsFolder() (settings, env).
    explicit ModelLibraryService(const QString& modelsFolder = {}, QObject* parent = nullptr);
    // Cancels running imports and waits for the workers.
    ~ModelLibraryService() override;

    QString modelsFolder() const { return root_; }
    // The models found so far, sorted by relative path.
    const QList<library::LibraryEntry>& models() const { return models_; }
    std::optional<library::LibraryEntry> find(const QString& relativePath) const;
    bool isScanning() const { return scanRunning_; }

    // Creates the models folder if needed, scans it on a worker thread
    // (scanFinished, then modelsChanged if anything was found) and from
    // then on watches it. Calling it again rescans everything.
    void start();

    // Looks again at the folder holding `path` (a file just written there,
    // say by a download), without waiting for the watcher.
    void rescanFolderOf(const QString& path);

    // How long the watcher waits for a burst of changes to settle (ms).
    void setDebounceInterval(int ms) { debounce_.setInterval(ms); }

    // Starts an import on a worker thread and returns its id for the
    // importProgress / importFinished / importFailed signals.
    int importModel(const library::ImportRequest& request);
    void cancelImport(int id);

    // Deletes the model's files now; false (and errorOccurred) on failure.
    bool deleteModel(const QString& relativePath);

    // The model's own defaults, and the ones a chat with it starts with
    // (the global settings with the model's values on top).
    library::ModelDefaults modelDefaults(const QString& relativePath) const;
    GenerationDefaults effectiveDefaults(const QString& relativePath) const;
    // False (and errorOccurred with the reason) for a value out of range.
    bool setModelDefaults(const QString& relativePath, const library::ModelDefaults& defaults);

    // Header reads so far (cached rescans do not add to it).
    int headerReads() const { return cache_->headerReads(); }

Q_SIGNALS:
    void modelsChanged();
    void scanFinished();
    void importProgress(int id, quint64 done, quint64 total);
    void importFinished(int id, const QString& path);
    void importFailed(int id, const QString& message);
    void errorOccurred(const QString& message);

private:
    void folderChanged(const QString& folder);
    void scheduleAround(const QString& folder);
    void runPendingScan();
    void applyScan(const library::RescanResult& result);
    void rebuildList();

    QString root_;
    std::shared_ptr<library::SummaryCache> cache_;
    QFileSystemWatcher watcher_;
    QTimer debounce_;
    QSet<QString> pending_;          // folders to rescan when the timer fires
    QHash<QString, QList<library::LibraryEntry>> byFolder_; // every known folder
    QList<library::LibraryEntry> models_;
    bool scanRunning_ = false;
    bool fullScan_ = false;          // start() asked for everything again
    QFuture<library::RescanResult> scan_;

    struct Import {
        QFuture<void> future;
        std::shared_ptr<std::atomic<bool>> cancel;
    };
    QHash<int, Import> imports_;
    // Imports copy gigabytes; on their own pool, one at a time, so they never
    // hold up rescans or other services on QtConcurrent's global pool.
    QThreadPool importPool_;
    int nextImportId_ = 1;
};

} // namespace hearth
