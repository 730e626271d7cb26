#pragma once

// One download the user asked for (a file or a whole split set), run file
// after file: resume from the ".part" file, retry with backoff, verify the
// SHA-256, and only when every file is verified rename them all to their
// final names, so a split set appears at once. Lives on its manager's
// thread; the bytes are written on the curl worker's thread.

#include "services/downloads/download_types.h"
#include "services/hub/curl_worker.h"
#include "services/hub/hub_config.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <memory>
#include <mutex>
#include <optional>

namespace hearth::downloads {

class PartFileWriter;

class DownloadJob : public QObject {
    Q_OBJECT
public:
    DownloadJob(int id, DownloadRequest request, hub::CurlWorker& worker, hub::HubConfig config,
                DownloadPolicy policy, QObject* parent = nullptr);
    ~DownloadJob() override;

    int id() const { return id_; }
    const DownloadRequest& request() const { return request_; }
    DownloadState state() const { return state_; }
    const QString& errorMessage() const { return error_; }
    qint64 bytesDone() const;
    qint64 totalBytes() const { return request_.totalSize(); }
    // While Waiting: "retrying in N s: <why the last attempt failed>".
    QString waitMessage() const;

    // Starts, or resumes after pause / failure, from what is on disk.
    void start();
    // Stops the transfer and keeps the partial files for a later start().
    void pause();
    // Stops and removes the partial files and their sidecars.
    void cancel();
    // A new token (Settings): used from the next request on.
    void setConfig(hub::HubConfig config) { config_ = std::move(config); }

Q_SIGNALS:
    void stateChanged(hearth::downloads::DownloadState state);
    void completed(const QStringList& paths);
    void failed(const QString& message);

private:
    struct TransferContext;
    // Lets the worker thread post to this job only while it exists.
    struct Lifeline {
        std::mutex mutex;
        DownloadJob* job = nullptr;
    };

    void setState(DownloadState state);
    void fail(const QString& message);
    bool checkDiskSpace();
    void prepareFile();
    void startTransfer();
    void onTransferDone(const hub::HttpResult& result, const TransferContext& context);
    void fileDownloaded();
    void finishAll();
    // `reason` says why the attempt failed; it is the message if we give up.
    void scheduleRetry(const hub::HttpResult& result, const QString& reason);
    void saveProgress();
    void asyncStarted() { ++busy_; }
    void asyncEnded();
    const DownloadFile& currentFile() const { return request_.files[qsizetype(fileIndex_)]; }

    const int id_;
    const DownloadRequest request_;
    hub::CurlWorker& worker_;
    hub::HubConfig config_;
    const DownloadPolicy policy_;

    DownloadState state_ = DownloadState::Queued;
    QString error_;
    int fileIndex_ = 0;
    qint64 completedBytes_ = 0; // of the files before fileIndex_
    std::shared_ptr<PartFileWriter> writer_;
    std::optional<hub::CurlWorker::RequestId> transfer_;
    qint64 attemptStartBytes_ = 0;
    int attempts_ = 0; // failed attempts in a row without progress
    QTimer retryTimer_;
    long retryDelayMs_ = 0;
    QString retryReason_;
    // Bumped by pause/cancel/start so late callbacks of an older run are ignored.
    quint64 generation_ = 0;
    // Async work (hashing, a transfer) still touching the files; a new
    // start or a cancel's file removal waits for it.
    int busy_ = 0;
    bool startWhenIdle_ = false;
    bool removeWhenIdle_ = false;
    std::shared_ptr<Lifeline> lifeline_;
};

} // namespace hearth::downloads
