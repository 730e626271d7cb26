#pragma once

#include "services/downloads/download_manager.h"
#include "services/hub/hub_config.h"
#include "services/hub/hub_types.h"

#include <QAbstractListModel>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

// The Downloads panel: every download the user started (or a previous run
// left unfinished) with its progress, speed, time left and state, and the
// actions on it. It drives a DownloadManager it is given; every download
// must go through start() / startGroup() / restore() to be listed here.
//
// Restarts: restore() lists and re-enqueues what unfinishedDownloads()
// finds; restored downloads continue on their own (also ones that were
// paused when the app quit: the sidecars do not record a pause). Queued
// downloads that had not begun yet, and finished rows, are not remembered.
class DownloadsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use App.downloads")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    // Queued, preparing, running or waiting to retry: for a sidebar badge.
    Q_PROPERTY(int activeCount READ activeCount NOTIFY activeChanged)
    // Bytes done over bytes expected of the active downloads, 0..1; -1 when
    // nothing is active or no size is known.
    Q_PROPERTY(double totalProgress READ totalProgress NOTIFY activeChanged)
    // Completed or cancelled rows that clearFinished() would remove.
    Q_PROPERTY(int finishedCount READ finishedCount NOTIFY activeChanged)
    Q_PROPERTY(QString modelsFolder READ modelsFolder CONSTANT)

public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        RepoRole,
        NameRole,        ///< the file (or split set) name without folders
        StateRole,       ///< "queued", "preparing", "running", "waiting", "paused", "completed", "failed", "cancelled"
        ProgressRole,    ///< 0..1, -1 unknown
        BytesTextRole,   ///< "1.2 MiB of 4.37 GiB"
        SpeedTextRole,   ///< "12.3 MiB/s" while running, else empty
        EtaTextRole,     ///< "2 min left" while running, else empty
        StatusTextRole,  ///< one line on what is going on, e.g. "Waiting to retry in 4 s: connection dropped"
        ErrorRole,       ///< why it failed; empty otherwise
        PathRole,        ///< the first file, once completed; else empty
        FolderUrlRole,   ///< the folder the files go to, as a URL for "show in folder"
        QuantRole,       ///< "Q4_K_M" or empty
    };

    DownloadsModel(downloads::DownloadManager& manager, hub::HubConfig config, QString modelsDir,
                   QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    int activeCount() const;
    double totalProgress() const;
    int finishedCount() const;
    QString modelsFolder() const { return modelsDir_; }
    // The Hub endpoint for new downloads' URLs (the token travels with the
    // manager's own config: DownloadManager::setConfig).
    void setHubConfig(const hub::HubConfig& config) { config_ = config; }

    // Downloads `group` of `repo` into <models>/<repo>/. Returns the id of
    // the download; when the same repo + group is already listed (and not
    // cancelled, nor completed with its files gone) that one's id. -1 (with
    // startFailed) for a name that cannot be downloaded.
    int start(const QString& repo, const hub::HubFileGroup& group);
    // The same for QML: `parts` is a list of {path, size, sha256}.
    Q_INVOKABLE int startGroup(const QString& repo, const QString& name, const QVariantList& parts);

    Q_INVOKABLE void pause(int id);
    Q_INVOKABLE void resume(int id);
    Q_INVOKABLE void cancel(int id); // removes its partial files; the row stays as "cancelled"
    // A failed download continues from its partial files; a cancelled one starts again.
    Q_INVOKABLE void retry(int id);
    // Takes the row off the list; a download still going is cancelled first.
    Q_INVOKABLE void remove(int id);
    Q_INVOKABLE void clearFinished(); // completed and cancelled rows
    // A finished row's buttons: emit loadRequested / newChatRequested with its path.
    Q_INVOKABLE void load(int id);
    Q_INVOKABLE void newChat(int id);

    // The id listed for `repo` + group `name`, or -1.
    Q_INVOKABLE int findDownload(const QString& repo, const QString& name) const;
    // The row of `id` as {id, repo, name, state, progress, ...} (role names); empty when unknown.
    Q_INVOKABLE QVariantMap get(int id) const;

    // Lists and continues what a previous run left unfinished. Returns how
    // many downloads were restored. Call once at start-up.
    Q_INVOKABLE int restore();

Q_SIGNALS:
    void countChanged();
    void activeChanged();
    void loadRequested(const QString& path);
    void newChatRequested(const QString& path);
    void downloadFinished(const QString& path);
    void startFailed(const QString& message);

private:
    struct Row {
        int id = 0;
        downloads::DownloadRequest request;
        downloads::DownloadState state = downloads::DownloadState::Queued;
        qint64 done = 0;
        qint64 total = 0;
        double speed = 0;
        double secondsLeft = -1;
        QString error;
        QString waitMessage;
        QStringList paths;
    };

    int enqueue(downloads::DownloadRequest request);
    int rowOf(int id) const;
    int rowOf(const QString& repo, const QString& name) const;
    void changed(int row);
    void removeRow(int row);
    QString statusText(const Row& r) const;

    void onProgress(int id, qint64 done, qint64 total, double bytesPerSecond, double secondsLeft);
    void onStateChanged(int id, downloads::DownloadState state);
    void onCompleted(int id, const QStringList& paths);
    void onFailed(int id, const QString& message);

    downloads::DownloadManager& manager_;
    hub::HubConfig config_;
    const QString modelsDir_;
    QList<Row> rows_; // newest first
};

// A restored split set names only the parts that had begun (each part's
// sidecar is written when it starts): adds the missing parts, with unknown
// size and hash, so the set is never finished with parts missing.
downloads::DownloadRequest withMissingSplitParts(const hub::HubConfig& config, const QString& modelsDir,
                                                 downloads::DownloadRequest request);

} // namespace hearth::ui
