#include "services/downloads/download_job.h"

#include "core/size_text.h"
#include "hearth/error.h"
#include "services/downloads/disk_space.h"
#include "services/downloads/part_file_writer.h"
#include "services/downloads/partial_download.h"
#include "services/hub/hub_errors.h"

#include <QDir>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

#include <cmath>
#include <filesystem>

namespace hearth::downloads {

using hub::HttpRequest;
using hub::HttpResult;

// Written by the worker thread during a transfer, read after it ended.
struct DownloadJob::TransferContext {
    std::shared_ptr<PartFileWriter> writer;
    qint64 offset = 0;
    qint64 expectedSize = -1;
    bool rangeMismatch = false;
    bool tooLong = false;
};

namespace {

QString sizeText(qint64 bytes)
{
    return bytesText(quint64(std::max<qint64>(bytes, 0)));
}

// Retry-After can say anything: never wait longer than this for it.
constexpr double kMaxRetryAfterMs = 600'000.0;

QString writeFailureMessage(const PartFileWriter& writer, const QString& file)
{
    if (writer.writeErrorIsNoSpace())
        return "Not enough disk space to finish " + file + ": writing " + writer.path() + " failed (" +
               writer.writeError() + "). Free some space, then resume the download.";
    return "Could not write " + writer.path() + " (" + writer.writeError() +
           "). Check that the models folder is writable, then resume.";
}

// "bytes 100-199/200" -> 100; -1 when unreadable.
qint64 contentRangeStart(const std::string& header)
{
    const QString text = QString::fromStdString(header).trimmed();
    if (!text.startsWith("bytes "))
        return -1;
    bool ok = false;
    const qint64 start = text.mid(6).section('-', 0, 0).toLongLong(&ok);
    return ok ? start : -1;
}

} // namespace

DownloadJob::DownloadJob(int id, DownloadRequest request, hub::CurlWorker& worker, hub::HubConfig config,
                         DownloadPolicy policy, QObject* parent)
    : QObject(parent), id_(id), request_(std::move(request)), worker_(worker), config_(std::move(config)),
      policy_(std::move(policy)), lifeline_(std::make_shared<Lifeline>())
{
    lifeline_->job = this;
    retryTimer_.setSingleShot(true);
    connect(&retryTimer_, &QTimer::timeout, this, [this] { startTransfer(); });
}

DownloadJob::~DownloadJob()
{
    {
        std::lock_guard lock(lifeline_->mutex);
        lifeline_->job = nullptr;
    }
    if (transfer_)
        worker_.cancel(*transfer_);
}

qint64 DownloadJob::bytesDone() const
{
    return completedBytes_ + (writer_ ? writer_->written() : 0);
}

QString DownloadJob::waitMessage() const
{
    return QString("retrying in %1 s: ").arg((retryDelayMs_ + 999) / 1000) + retryReason_;
}

void DownloadJob::setState(DownloadState state)
{
    if (state_ == state)
        return;
    state_ = state;
    Q_EMIT stateChanged(state);
}

void DownloadJob::fail(const QString& message)
{
    ++generation_;
    retryTimer_.stop();
    error_ = message;
    writer_.reset();
    setState(DownloadState::Failed);
    Q_EMIT failed(message);
}

void DownloadJob::asyncEnded()
{
    if (--busy_ > 0)
        return;
    if (removeWhenIdle_) {
        removeWhenIdle_ = false;
        for (const DownloadFile& f : request_.files)
            removePartial(f.destination);
    }
    if (startWhenIdle_) {
        startWhenIdle_ = false;
        start();
    }
}

void DownloadJob::start()
{
    if (state_ == DownloadState::Completed || state_ == DownloadState::Cancelled ||
        state_ == DownloadState::Preparing || state_ == DownloadState::Running || state_ == DownloadState::Waiting)
        return;
    if (busy_ > 0) { // the previous run's transfer has not let go of the file yet
        startWhenIdle_ = true;
        return;
    }
    ++generation_;
    error_.clear();
    attempts_ = 0;
    fileIndex_ = 0;
    completedBytes_ = 0;
    writer_.reset();
    setState(DownloadState::Preparing);
    if (request_.files.isEmpty())
        return fail("Nothing to download for " + request_.name);
    if (!checkDiskSpace())
        return;
    prepareFile();
}

void DownloadJob::pause()
{
    if (state_ != DownloadState::Queued && state_ != DownloadState::Preparing && state_ != DownloadState::Running &&
        state_ != DownloadState::Waiting)
        return;
    ++generation_;
    retryTimer_.stop();
    if (transfer_)
        worker_.cancel(*transfer_);
    transfer_.reset();
    saveProgress();
    writer_.reset();
    setState(DownloadState::Paused);
}

void DownloadJob::cancel()
{
    if (state_ == DownloadState::Completed || state_ == DownloadState::Cancelled)
        return;
    ++generation_;
    retryTimer_.stop();
    startWhenIdle_ = false;
    if (transfer_)
        worker_.cancel(*transfer_);
    transfer_.reset();
    writer_.reset();
    if (busy_ > 0)
        removeWhenIdle_ = true;
    else
        for (const DownloadFile& f : request_.files)
            removePartial(f.destination);
    setState(DownloadState::Cancelled);
}

bool DownloadJob::checkDiskSpace()
{
    qint64 needed = 0;
    for (const DownloadFile& f : request_.files) {
        if (f.size <= 0)
            continue;
        const qint64 have = QFileInfo(partPath(f.destination)).size();
        needed += std::max<qint64>(0, f.size - have);
    }
    const QString folder = QFileInfo(request_.files.first().destination).absolutePath();
    const qint64 free = policy_.freeSpace ? policy_.freeSpace(folder) : freeDiskSpace(folder);
    if (free >= 0 && needed > free) {
        fail("Not enough disk space to download " + request_.name + ": it needs " + sizeText(needed) + " but only " +
             sizeText(free) + " is free in " + folder + ". Free some space or choose another models folder.");
        return false;
    }
    return true;
}

void DownloadJob::prepareFile()
{
    if (fileIndex_ >= request_.files.size())
        return finishAll();
    const DownloadFile& f = currentFile();
    if (!QDir().mkpath(QFileInfo(f.destination).absolutePath()))
        return fail("Could not create the folder " + QFileInfo(f.destination).absolutePath());

    // What a previous run left: resume it if it is the same file, else start over.
    qint64 keep = 0;
    const auto previous = readSidecar(f.destination);
    const bool sameFile = previous && previous->repo == request_.repo && previous->file == f.path &&
                          previous->sha256 == f.sha256 && previous->size == f.size;
    if (sameFile) {
        const qint64 onDisk = QFileInfo(partPath(f.destination)).size();
        if (previous->verified && onDisk == f.size) {
            completedBytes_ += onDisk;
            ++fileIndex_;
            return prepareFile();
        }
        if (f.size < 0 || onDisk <= f.size)
            keep = onDisk;
    }
    try {
        writeSidecar(f.destination, {request_.repo, f.path, f.url, f.size, f.sha256, keep, false});
    } catch (const Error& e) {
        return fail(QString::fromUtf8(e.what()));
    }

    // Hash what is already there on a pool thread: it can be gigabytes.
    writer_ = std::make_shared<PartFileWriter>(partPath(f.destination));
    const quint64 generation = generation_;
    asyncStarted();
    QtConcurrent::run([writer = writer_, keep]() -> QString {
        try {
            writer->openForResume(keep);
            return {};
        } catch (const Error& e) {
            return QString::fromUtf8(e.what());
        }
    }).then(this, [this, generation](const QString& error) {
        asyncEnded();
        if (generation != generation_)
            return;
        if (!error.isEmpty())
            return fail(error);
        startTransfer();
    });
}

void DownloadJob::startTransfer()
{
    const DownloadFile& f = currentFile();
    setState(DownloadState::Running);
    auto context = std::make_shared<TransferContext>();
    context->writer = writer_;
    context->offset = writer_->written();
    context->expectedSize = f.size;
    attemptStartBytes_ = context->offset;
    // A .part already holding every byte (say the run stopped before it was
    // marked verified): asking for "bytes=<size>-" would only get 416, so
    // verify it as it is.
    if (f.size >= 0 && context->offset == f.size)
        return fileDownloaded();

    HttpRequest request;
    request.url = f.url.toStdString();
    request.headers = config_.authHeaders();
    request.userAgent = config_.userAgent();
    request.acceptCompressed = false;
    request.connectTimeoutMs = policy_.connectTimeoutMs;
    request.stallTimeoutSeconds = policy_.stallTimeoutSeconds;
    if (context->offset > 0)
        request.headers.push_back("Range: bytes=" + std::to_string(context->offset) + "-");

    // Worker thread from here on.
    request.onResponse = [context](long status, const hub::HeaderMap& headers) {
        if (status == 206) {
            const auto it = headers.find("content-range");
            if (it == headers.end() || contentRangeStart(it->second) != context->offset) {
                context->rangeMismatch = true;
                return false;
            }
            return true;
        }
        if (status == 200) // the whole file: start over, never append it to what we have
            return context->writer->written() == 0 || context->writer->restartFromZero();
        return false; // an error status: nothing of its body goes into the file
    };
    request.onBody = [context](const char* data, std::size_t size) {
        if (context->expectedSize >= 0 && context->writer->written() + qint64(size) > context->expectedSize) {
            context->tooLong = true;
            return false;
        }
        return context->writer->append(data, qint64(size));
    };
    const quint64 generation = generation_;
    asyncStarted();
    request.onDone = [lifeline = lifeline_, generation, context](const HttpResult& result) {
        std::lock_guard lock(lifeline->mutex);
        DownloadJob* job = lifeline->job;
        if (!job)
            return;
        QMetaObject::invokeMethod(
            job,
            [job, generation, context, result] {
                DownloadJob* const self = job;
                self->asyncEnded();
                if (generation == self->generation_)
                    self->onTransferDone(result, *context);
            },
            Qt::QueuedConnection);
    };
    transfer_ = worker_.submit(std::move(request));
}

void DownloadJob::onTransferDone(const HttpResult& result, const TransferContext& context)
{
    transfer_.reset();
    const DownloadFile& f = currentFile();
    PartFileWriter& writer = *context.writer;
    if (!writer.writeError().isEmpty()) {
        saveProgress();
        return fail(writeFailureMessage(writer, f.path));
    }
    if (context.tooLong) {
        removePartial(f.destination);
        return fail("The download was corrupted (the server sent more than the expected " + sizeText(f.size) +
                    " for " + f.path + ")");
    }
    if (writer.written() > attemptStartBytes_)
        attempts_ = 0; // it moved: a drop after progress is not a strike
    if (context.rangeMismatch) {
        writer.restartFromZero();
        return scheduleRetry(result, "the server sent a different part of " + f.path + " than the one asked for");
    }
    const bool transferFailed = !result.transportOk() || result.status >= 400 || result.status == 0;
    const bool cutShort = !transferFailed && f.size >= 0 && writer.written() < f.size;
    if (transferFailed || cutShort) {
        if (cutShort)
            return scheduleRetry(result, "the connection closed before all of " + f.path + " arrived");
        if (hub::isRetryable(result))
            return scheduleRetry(result, hub::describeFailure(result, f.path + " in " + request_.repo));
        saveProgress();
        return fail(hub::describeFailure(result, f.path + " in " + request_.repo));
    }
    fileDownloaded();
}

void DownloadJob::scheduleRetry(const HttpResult& result, const QString& reason)
{
    saveProgress();
    if (++attempts_ >= policy_.maxAttempts)
        return fail("Could not download " + request_.name + ": " + reason + " (gave up after " +
                    QString::number(attempts_) + " attempts)");
    double delayMs = double(policy_.firstRetryDelay.count()) * std::pow(policy_.backoffFactor, attempts_ - 1);
    delayMs = std::min(delayMs, double(policy_.maxRetryDelay.count()));
    if (const int seconds = hub::retryAfterSeconds(result); seconds >= 0) {
        const double capMs = std::max(kMaxRetryAfterMs, double(policy_.maxRetryDelay.count()));
        delayMs = std::max(delayMs, std::min(seconds * 1000.0 * policy_.retryAfterScale, capMs));
    }
    retryDelayMs_ = std::lround(delayMs);
    retryReason_ = reason;
    setState(DownloadState::Waiting);
    retryTimer_.start(int(retryDelayMs_));
}

void DownloadJob::fileDownloaded()
{
    const DownloadFile& f = currentFile();
    const qint64 written = writer_->written();
    const QString sha = writer_->finish();
    if (!writer_->writeError().isEmpty())
        return fail(writeFailureMessage(*writer_, f.path));
    if ((!f.sha256.isEmpty() && sha != f.sha256) || (f.size >= 0 && written != f.size)) {
        removePartial(f.destination);
        return fail("The download was corrupted (checksum mismatch) for " + f.path +
                    ". The partial file was deleted; try again.");
    }
    try {
        writeSidecar(f.destination, {request_.repo, f.path, f.url, f.size, f.sha256, written, true});
    } catch (const Error& e) {
        return fail(QString::fromUtf8(e.what()));
    }
    completedBytes_ += written;
    writer_.reset();
    ++fileIndex_;
    attempts_ = 0;
    prepareFile();
}

void DownloadJob::finishAll()
{
    // Every file is verified: now they get their real names, one atomic
    // rename each, so the library never sees half a split set for long.
    QStringList paths;
    for (const DownloadFile& f : request_.files) {
        std::error_code error;
        std::filesystem::rename(partPath(f.destination).toStdString(), f.destination.toStdString(), error);
        if (error)
            return fail("Could not move the finished download to " + f.destination + ": " +
                        QString::fromStdString(error.message()));
        QFile::remove(sidecarPath(f.destination));
        paths << f.destination;
    }
    setState(DownloadState::Completed);
    Q_EMIT completed(paths);
}

void DownloadJob::saveProgress()
{
    if (!writer_ || fileIndex_ >= request_.files.size())
        return;
    const DownloadFile& f = currentFile();
    try {
        writeSidecar(f.destination, {request_.repo, f.path, f.url, f.size, f.sha256, writer_->written(), false});
    } catch (const Error&) {
        // Only informational: the .part file's length is what a resume uses.
    }
}

} // namespace hearth::downloads
