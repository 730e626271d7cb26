#pragma once

// The download queue: runs at most DownloadPolicy::maxConcurrent downloads
// at a time, in the order they were added, and reports progress (bytes,
// total, speed, time left) at most every progressInterval. Signals are
// emitted on the thread the manager lives on.

#include "services/downloads/download_types.h"
#include "services/hub/hub_config.h"

#include <QMap>
#include <QObject>
#include <QStringList>
#include <QTimer>

#include <map>
#include <memory>

namespace hearth::hub {
class CurlWorker;
}

namespace hearth::downloads {

class DownloadJob;
class SpeedMeter;

class DownloadManager : public QObject {
    Q_OBJECT
public:
    explicit DownloadManager(hub::HubConfig config, DownloadPolicy policy = {}, QObject* parent = nullptr);
    ~DownloadManager() override; // stops transfers, keeps partial files

    // Adds a download to the queue; returns its id.
    int enqueue(DownloadRequest request);
    void pause(int id);
    void resume(int id); // also retries a failed download, from its partial files
    void cancel(int id); // removes its partial files
    // A new token (Settings) for every download from its next request on:
    // a gated download that failed can be retried once access is granted.
    void setConfig(const hub::HubConfig& config);

    DownloadState state(int id) const;
    QString errorMessage(int id) const;
    // While it waits to retry: "retrying in N s: <reason>"; empty otherwise.
    QString waitMessage(int id) const;

Q_SIGNALS:
    void progress(int id, qint64 bytesDone, qint64 totalBytes, double bytesPerSecond, double secondsLeft);
    void stateChanged(int id, hearth::downloads::DownloadState state);
    void completed(int id, const QStringList& paths);
    void failed(int id, const QString& message);

private:
    void schedule();
    void reportProgress();
    DownloadJob* job(int id) const { return jobs_.value(id); }

    hub::HubConfig config_;
    DownloadPolicy policy_;
    std::unique_ptr<hub::CurlWorker> worker_;
    QMap<int, DownloadJob*> jobs_; // owned as children
    QList<int> queue_;             // waiting to start, in order
    std::map<int, std::unique_ptr<SpeedMeter>> meters_;
    QTimer progressTimer_;
    int nextId_ = 1;
};

} // namespace hearth::downloads
