#include "downloads_model.h"

#include "download_text.h"
#include "hearth/error.h"
#include "services/downloads/download_plan.h"
#include "services/downloads/partial_download.h"
#include "services/hub/quant_label.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QRegularExpression>

#include <algorithm>
#include <set>

namespace hearth::ui {

using downloads::DownloadRequest;
using downloads::DownloadState;

namespace {

bool isActive(DownloadState s)
{
    return s == DownloadState::Queued || s == DownloadState::Preparing || s == DownloadState::Running ||
           s == DownloadState::Waiting;
}

bool isFinished(DownloadState s)
{
    return s == DownloadState::Completed || s == DownloadState::Cancelled;
}

QString displayName(const QString& groupName)
{
    return groupName.section('/', -1);
}

// What is already on disk for `request` (its .part files), so a restored
// download shows its progress before the first report.
qint64 bytesOnDisk(const DownloadRequest& request)
{
    qint64 total = 0;
    for (const downloads::DownloadFile& f : request.files)
        total += QFileInfo(QFile::exists(f.destination) ? f.destination : downloads::partPath(f.destination)).size();
    return total;
}

bool filesExist(const QStringList& paths)
{
    if (paths.isEmpty())
        return false;
    for (const QString& path : paths)
        if (!QFile::exists(path))
            return false;
    return true;
}

} // namespace

DownloadRequest withMissingSplitParts(const hub::HubConfig& config, const QString& modelsDir, DownloadRequest request)
{
    if (request.files.isEmpty())
        return request;
    const auto first = hub::splitPart(request.files.first().path);
    if (!first || first->count <= 1 || first->count > 9999)
        return request;
    std::set<int> present;
    for (const downloads::DownloadFile& f : request.files)
        if (const auto part = hub::splitPart(f.path); part && part->count == first->count)
            present.insert(part->index);
    // "-00002-of-00003" in the path, rewritten for each missing index.
    static const QRegularExpression pattern(QStringLiteral("-(\\d+)-of-(\\d+)(\\.gguf)$"),
                                            QRegularExpression::CaseInsensitiveOption);
    const QRegularExpressionMatch match = pattern.match(request.files.first().path);
    if (!match.hasMatch())
        return request;
    const qsizetype width = match.capturedLength(1);
    const QString stem = request.files.first().path.left(match.capturedStart(0));
    for (int index = 1; index <= first->count; ++index) {
        if (present.count(index))
            continue;
        const QString path = QStringLiteral("%1-%2-of-%3%4")
                                 .arg(stem)
                                 .arg(index, int(width), 10, QLatin1Char('0'))
                                 .arg(match.captured(2), match.captured(3));
        try {
            request.files << downloads::DownloadFile{path, QString::fromStdString(config.resolveUrl(request.repo, path)),
                                                     -1, QString(),
                                                     downloads::destinationFor(modelsDir, request.repo, path)};
        } catch (const Error&) {
            return request;
        }
    }
    std::sort(request.files.begin(), request.files.end(),
              [](const downloads::DownloadFile& a, const downloads::DownloadFile& b) { return a.path < b.path; });
    return request;
}

DownloadsModel::DownloadsModel(downloads::DownloadManager& manager, hub::HubConfig config, QString modelsDir,
                               QObject* parent)
    : QAbstractListModel(parent), manager_(manager), config_(std::move(config)), modelsDir_(std::move(modelsDir))
{
    connect(&manager_, &downloads::DownloadManager::progress, this, &DownloadsModel::onProgress);
    connect(&manager_, &downloads::DownloadManager::stateChanged, this, &DownloadsModel::onStateChanged);
    connect(&manager_, &downloads::DownloadManager::completed, this, &DownloadsModel::onCompleted);
    connect(&manager_, &downloads::DownloadManager::failed, this, &DownloadsModel::onFailed);
}

int DownloadsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QHash<int, QByteArray> DownloadsModel::roleNames() const
{
    return {{IdRole, "downloadId"},        {RepoRole, "repo"},         {NameRole, "name"},
            {StateRole, "downloadState"},          {ProgressRole, "progress"}, {BytesTextRole, "bytesText"},
            {SpeedTextRole, "speedText"},  {EtaTextRole, "etaText"},   {StatusTextRole, "statusText"},
            {ErrorRole, "error"},          {PathRole, "path"},         {FolderUrlRole, "folderUrl"},
            {QuantRole, "quant"}};
}

QString DownloadsModel::statusText(const Row& r) const
{
    switch (r.state) {
    case DownloadState::Queued: return tr("Queued");
    case DownloadState::Preparing: return tr("Preparing…");
    case DownloadState::Running: {
        QStringList parts{downloadBytesText(r.done, r.total)};
        if (const QString speed = downloadSpeedText(r.speed); !speed.isEmpty())
            parts << speed;
        if (const QString eta = downloadEtaText(r.secondsLeft); !eta.isEmpty())
            parts << eta;
        return parts.join(QStringLiteral(" · "));
    }
    case DownloadState::Waiting: return downloadWaitText(r.waitMessage);
    case DownloadState::Paused: return tr("Paused · %1").arg(downloadBytesText(r.done, r.total));
    case DownloadState::Completed: return tr("Downloaded · %1").arg(downloadBytesText(r.total > 0 ? r.total : r.done, -1));
    case DownloadState::Failed: return r.error.isEmpty() ? tr("Failed") : r.error;
    case DownloadState::Cancelled: return tr("Cancelled");
    }
    return {};
}

QVariant DownloadsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row& r = rows_[index.row()];
    const bool running = r.state == DownloadState::Running;
    switch (role) {
    case IdRole: return r.id;
    case RepoRole: return r.request.repo;
    case Qt::DisplayRole:
    case NameRole: return displayName(r.request.name);
    case StateRole: return downloadStateName(r.state);
    case ProgressRole:
        if (r.state == DownloadState::Completed)
            return 1.0;
        return r.total > 0 ? std::clamp(double(r.done) / double(r.total), 0.0, 1.0) : -1.0;
    case BytesTextRole: return downloadBytesText(r.done, r.total);
    case SpeedTextRole: return running ? downloadSpeedText(r.speed) : QString();
    case EtaTextRole: return running ? downloadEtaText(r.secondsLeft) : QString();
    case StatusTextRole: return statusText(r);
    case ErrorRole: return r.state == DownloadState::Failed ? r.error : QString();
    case PathRole: return r.state == DownloadState::Completed ? r.paths.value(0) : QString();
    case FolderUrlRole:
        return r.request.files.isEmpty() ? QUrl()
                                         : QUrl::fromLocalFile(QFileInfo(r.request.files.first().destination).absolutePath());
    case QuantRole: return hub::quantLabel(r.request.name);
    default: return {};
    }
}

int DownloadsModel::activeCount() const
{
    return int(std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return isActive(r.state); }));
}

int DownloadsModel::finishedCount() const
{
    return int(std::count_if(rows_.begin(), rows_.end(), [](const Row& r) { return isFinished(r.state); }));
}

double DownloadsModel::totalProgress() const
{
    qint64 done = 0;
    qint64 total = 0;
    for (const Row& r : rows_) {
        if (!isActive(r.state) || r.total <= 0)
            continue;
        done += std::min(r.done, r.total);
        total += r.total;
    }
    return total > 0 ? double(done) / double(total) : -1.0;
}

int DownloadsModel::rowOf(int id) const
{
    for (qsizetype i = 0; i < rows_.size(); ++i)
        if (rows_[i].id == id)
            return int(i);
    return -1;
}

int DownloadsModel::rowOf(const QString& repo, const QString& name) const
{
    for (qsizetype i = 0; i < rows_.size(); ++i)
        if (rows_[i].request.repo == repo && rows_[i].request.name == name)
            return int(i);
    return -1;
}

void DownloadsModel::changed(int row)
{
    const QModelIndex i = index(row);
    Q_EMIT dataChanged(i, i);
}

int DownloadsModel::enqueue(DownloadRequest request)
{
    Row row;
    row.request = request;
    row.total = request.totalSize();
    row.done = bytesOnDisk(request);
    // The manager may start (or even fail) the download inside enqueue(),
    // before the id is ours to match its signals: read the state after.
    row.id = manager_.enqueue(std::move(request));
    row.state = manager_.state(row.id);
    row.error = manager_.errorMessage(row.id);
    row.waitMessage = manager_.waitMessage(row.id);
    beginInsertRows({}, 0, 0);
    rows_.prepend(row);
    endInsertRows();
    Q_EMIT countChanged();
    Q_EMIT activeChanged();
    return row.id;
}

int DownloadsModel::start(const QString& repo, const hub::HubFileGroup& group)
{
    if (const int existing = rowOf(repo, group.name); existing >= 0) {
        const Row& r = rows_[existing];
        const bool gone = r.state == DownloadState::Cancelled ||
                          (r.state == DownloadState::Completed && !filesExist(r.paths));
        if (!gone)
            return r.id;
        removeRow(existing); // start it again, as a new row
    }
    DownloadRequest request;
    try {
        if (group.parts.isEmpty())
            throw Error("There is no file to download in " + group.name.toStdString());
        request = downloads::planDownload(config_, modelsDir_, repo, group);
    } catch (const Error& e) {
        Q_EMIT startFailed(QString::fromUtf8(e.what()));
        return -1;
    }
    return enqueue(std::move(request));
}

int DownloadsModel::startGroup(const QString& repo, const QString& name, const QVariantList& parts)
{
    hub::HubFileGroup group;
    group.name = name;
    for (const QVariant& v : parts) {
        const QVariantMap part = v.toMap();
        hub::HubFile file;
        file.path = part.value(QStringLiteral("path")).toString();
        bool ok = false;
        const qint64 size = part.value(QStringLiteral("size")).toLongLong(&ok);
        file.size = ok && size > 0 ? size : -1;
        file.sha256 = part.value(QStringLiteral("sha256")).toString().toLower();
        group.parts << file;
    }
    if (group.name.isEmpty() && !group.parts.isEmpty())
        group.name = group.parts.first().path;
    group.quant = hub::quantLabel(group.name);
    return start(repo, group);
}

void DownloadsModel::pause(int id)
{
    if (rowOf(id) >= 0)
        manager_.pause(id);
}

void DownloadsModel::resume(int id)
{
    if (rowOf(id) >= 0)
        manager_.resume(id);
}

void DownloadsModel::cancel(int id)
{
    if (rowOf(id) >= 0)
        manager_.cancel(id);
}

void DownloadsModel::retry(int id)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    const DownloadState state = rows_[row].state;
    if (state == DownloadState::Failed || state == DownloadState::Paused) {
        rows_[row].error.clear();
        manager_.resume(id);
    } else if (state == DownloadState::Cancelled) {
        DownloadRequest request = rows_[row].request;
        removeRow(row);
        enqueue(std::move(request));
    }
}

void DownloadsModel::removeRow(int row)
{
    const Row& r = rows_[row];
    // Anything unfinished is cancelled so its partial files do not come
    // back at the next restore().
    if (!isFinished(r.state))
        manager_.cancel(r.id);
    beginRemoveRows({}, row, row);
    rows_.removeAt(row);
    endRemoveRows();
    Q_EMIT countChanged();
    Q_EMIT activeChanged();
}

void DownloadsModel::remove(int id)
{
    if (const int row = rowOf(id); row >= 0)
        removeRow(row);
}

void DownloadsModel::clearFinished()
{
    for (int row = int(rows_.size()) - 1; row >= 0; --row)
        if (isFinished(rows_[row].state))
            removeRow(row);
}

void DownloadsModel::load(int id)
{
    const int row = rowOf(id);
    if (row >= 0 && rows_[row].state == DownloadState::Completed && !rows_[row].paths.isEmpty())
        Q_EMIT loadRequested(rows_[row].paths.first());
}

void DownloadsModel::newChat(int id)
{
    const int row = rowOf(id);
    if (row >= 0 && rows_[row].state == DownloadState::Completed && !rows_[row].paths.isEmpty())
        Q_EMIT newChatRequested(rows_[row].paths.first());
}

int DownloadsModel::findDownload(const QString& repo, const QString& name) const
{
    const int row = rowOf(repo, name);
    return row >= 0 ? rows_[row].id : -1;
}

QVariantMap DownloadsModel::get(int id) const
{
    const int row = rowOf(id);
    if (row < 0)
        return {};
    QVariantMap out;
    const QHash<int, QByteArray> names = roleNames();
    for (auto it = names.begin(); it != names.end(); ++it)
        out.insert(QString::fromLatin1(it.value()), data(index(row), it.key()));
    return out;
}

int DownloadsModel::restore()
{
    int restored = 0;
    QList<DownloadRequest> unfinished;
    try {
        unfinished = downloads::unfinishedDownloads(config_, modelsDir_);
    } catch (const Error&) {
        return 0; // an unreadable models folder: nothing to continue
    }
    for (DownloadRequest& request : unfinished) {
        if (rowOf(request.repo, request.name) >= 0)
            continue; // already listed (restore() called twice)
        enqueue(withMissingSplitParts(config_, modelsDir_, std::move(request)));
        ++restored;
    }
    return restored;
}

void DownloadsModel::onProgress(int id, qint64 done, qint64 total, double bytesPerSecond, double secondsLeft)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    Row& r = rows_[row];
    r.done = done;
    if (total > 0)
        r.total = total;
    r.speed = bytesPerSecond;
    r.secondsLeft = secondsLeft;
    if (r.state == DownloadState::Waiting)
        r.waitMessage = manager_.waitMessage(id);
    changed(row);
    Q_EMIT activeChanged();
}

void DownloadsModel::onStateChanged(int id, DownloadState state)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    Row& r = rows_[row];
    r.state = state;
    r.waitMessage = manager_.waitMessage(id);
    if (state != DownloadState::Running) {
        r.speed = 0; // a pause or a wait must not show a stale speed
        r.secondsLeft = -1;
    }
    if (state == DownloadState::Failed)
        r.error = manager_.errorMessage(id);
    else if (state != DownloadState::Completed)
        r.error.clear();
    if (state == DownloadState::Cancelled)
        r.done = 0;
    changed(row);
    Q_EMIT activeChanged();
}

void DownloadsModel::onCompleted(int id, const QStringList& paths)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    Row& r = rows_[row];
    r.state = DownloadState::Completed;
    r.paths = paths;
    if (r.total > 0)
        r.done = r.total;
    changed(row);
    Q_EMIT activeChanged();
    if (!paths.isEmpty())
        Q_EMIT downloadFinished(paths.first());
}

void DownloadsModel::onFailed(int id, const QString& message)
{
    const int row = rowOf(id);
    if (row < 0)
        return;
    rows_[row].state = DownloadState::Failed;
    rows_[row].error = message;
    changed(row);
    Q_EMIT activeChanged();
}

} // namespace hearth::ui
