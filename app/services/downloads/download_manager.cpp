#include "services/downloads/download_manager.h"

#include "services/downloads/download_job.h"
#include "services/downloads/speed_meter.h"
#include "services/hub/curl_worker.h"

namespace hearth::downloads {

DownloadManager::DownloadManager(hub::HubConfig config, DownloadPolicy policy, QObject* parent)
    : QObject(parent), config_(std::move(config)), policy_(std::move(policy)),
      worker_(std::make_unique<hub::CurlWorker>())
{
    progressTimer_.setInterval(int(policy_.progressInterval.count()));
    connect(&progressTimer_, &QTimer::timeout, this, &DownloadManager::reportProgress);
}

DownloadManager::~DownloadManager()
{
    // Jobs first (they cancel their transfers), then the worker thread.
    qDeleteAll(jobs_);
    jobs_.clear();
    worker_.reset();
}

int DownloadManager::enqueue(DownloadRequest request)
{
    const int id = nextId_++;
    auto* job = new DownloadJob(id, std::move(request), *worker_, config_, policy_, this);
    jobs_.insert(id, job);
    meters_[id] = std::make_unique<SpeedMeter>();
    connect(job, &DownloadJob::stateChanged, this, [this, id](DownloadState state) {
        Q_EMIT stateChanged(id, state);
        if (state == DownloadState::Completed || state == DownloadState::Failed ||
            state == DownloadState::Cancelled || state == DownloadState::Paused)
            schedule(); // a slot came free
    });
    connect(job, &DownloadJob::completed, this, [this, id, job](const QStringList& paths) {
        Q_EMIT progress(id, job->bytesDone(), job->totalBytes(), 0, 0);
        Q_EMIT completed(id, paths);
    });
    connect(job, &DownloadJob::failed, this, [this, id](const QString& message) { Q_EMIT failed(id, message); });
    queue_ << id;
    Q_EMIT stateChanged(id, DownloadState::Queued);
    schedule();
    return id;
}

void DownloadManager::pause(int id)
{
    if (DownloadJob* j = job(id)) {
        queue_.removeAll(id);
        j->pause();
    }
}

void DownloadManager::resume(int id)
{
    DownloadJob* j = job(id);
    if (!j || (j->state() != DownloadState::Paused && j->state() != DownloadState::Failed))
        return;
    if (!queue_.contains(id))
        queue_ << id;
    schedule();
}

void DownloadManager::cancel(int id)
{
    if (DownloadJob* j = job(id)) {
        queue_.removeAll(id);
        j->cancel();
    }
}

DownloadState DownloadManager::state(int id) const
{
    const DownloadJob* j = job(id);
    return j ? j->state() : DownloadState::Cancelled;
}

QString DownloadManager::errorMessage(int id) const
{
    const DownloadJob* j = job(id);
    return j ? j->errorMessage() : QString();
}

QString DownloadManager::waitMessage(int id) const
{
    const DownloadJob* j = job(id);
    return j && j->state() == DownloadState::Waiting ? j->waitMessage() : QString();
}

void DownloadManager::schedule()
{
    int active = 0;
    for (const DownloadJob* j : jobs_) {
        const DownloadState s = j->state();
        active += s == DownloadState::Preparing || s == DownloadState::Running || s == DownloadState::Waiting;
    }
    while (active < policy_.maxConcurrent && !queue_.isEmpty()) {
        DownloadJob* j = job(queue_.takeFirst());
        if (!j)
            continue;
        meters_[j->id()]->reset();
        j->start();
        ++active;
    }
    if (active > 0 && !progressTimer_.isActive())
        progressTimer_.start();
    else if (active == 0)
        progressTimer_.stop();
}

void DownloadManager::reportProgress()
{
    for (DownloadJob* j : jobs_) {
        if (j->state() != DownloadState::Running && j->state() != DownloadState::Waiting)
            continue;
        SpeedMeter& meter = *meters_[j->id()];
        const qint64 done = j->bytesDone();
        meter.add(done);
        const double speed = meter.bytesPerSecond();
        const qint64 total = j->totalBytes();
        const double left = speed > 0 && total > done ? double(total - done) / speed : -1;
        Q_EMIT progress(j->id(), done, total, speed, left);
    }
}

void DownloadManager::setConfig(const hub::HubConfig& config)
{
    config_ = config;
    for (DownloadJob* j : std::as_const(jobs_))
        j->setConfig(config);
}

} // namespace hearth::downloads
