#include "model_details_model.h"

#include "core/size_text.h"
#include "hearth/error.h"
#include "hub_text.h"

#include <algorithm>

namespace hearth::ui {

ModelDetailsModel::ModelDetailsModel(hub::HubClient& client, quint64 deviceMemory, QObject* parent)
    : QAbstractListModel(parent), client_(client), deviceMemory_(deviceMemory), backoff_([this] { fetch(); }, this)
{
}

int ModelDetailsModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant ModelDetailsModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row& row = rows_[index.row()];
    const hub::HubFileGroup& g = row.group;
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return g.name;
    case FileNameRole: return g.name.section('/', -1);
    case QuantRole: return g.quant;
    case SizeRole: return g.totalSize();
    case SizeTextRole: return bytesText(quint64(g.totalSize()));
    case PartsRole: return int(g.parts.size());
    case CompleteRole: return g.complete;
    case FitRole: return fitKey(row.fit.fit);
    case FitTextRole:
        if (!g.complete)
            return tr("Some parts of this split file are missing on Hugging Face");
        return fitText(row.fit, g.quant, deviceMemory_);
    case RecommendedRole: return index.row() == recommended_;
    case RunnableRole: return g.complete && isRunnableQuant(g.quant);
    default: return {};
    }
}

QHash<int, QByteArray> ModelDetailsModel::roleNames() const
{
    return {{NameRole, "name"},         {FileNameRole, "fileName"},   {QuantRole, "quant"},
            {SizeRole, "size"},         {SizeTextRole, "sizeText"},   {PartsRole, "parts"},
            {CompleteRole, "complete"}, {FitRole, "fit"},             {FitTextRole, "fitText"},
            {RecommendedRole, "recommended"}, {RunnableRole, "runnable"}};
}

QString ModelDetailsModel::author() const
{
    return details_.model.author.isEmpty() ? repoId_.section('/', 0, 0) : details_.model.author;
}

QString ModelDetailsModel::downloadsText() const
{
    return status_ == QLatin1String("ready") ? countText(quint64(std::max<qint64>(0, details_.model.downloads)))
                                             : QString();
}

QString ModelDetailsModel::likesText() const
{
    return status_ == QLatin1String("ready") ? countText(quint64(std::max<qint64>(0, details_.model.likes)))
                                             : QString();
}

QString ModelDetailsModel::updatedText() const
{
    return relativeTimeText(details_.model.lastModified);
}

QString ModelDetailsModel::gatedText() const
{
    if (!details_.model.gated)
        return {};
    if (client_.config().token.isEmpty())
        return tr("This model is gated. To download it, sign in on huggingface.co, open the model's page and "
                  "accept its license, then create an access token (huggingface.co/settings/tokens, \"Read\" "
                  "is enough) and paste it into Settings → Hugging Face token.");
    return tr("This model is gated. Your Hugging Face token is set; if the download is refused, accept the "
              "model's license on huggingface.co with the account that token belongs to.");
}

QString ModelDetailsModel::deviceMemoryText() const
{
    return deviceMemory_ > 0 ? bytesText(deviceMemory_) : QString();
}

QString ModelDetailsModel::hubUrl() const
{
    return repoId_.isEmpty() ? QString() : client_.config().endpoint + '/' + repoId_;
}

void ModelDetailsModel::setDeviceMemory(quint64 bytes)
{
    if (bytes == deviceMemory_)
        return;
    deviceMemory_ = bytes;
    updateFits();
}

void ModelDetailsModel::open(const QString& repoId)
{
    const QString id = repoId.trimmed();
    backoff_.reset();
    beginResetModel();
    rows_.clear();
    recommended_ = -1;
    endResetModel();
    repoId_ = id;
    details_ = {};
    readme_.clear();
    Q_EMIT repoChanged();
    Q_EMIT detailsChanged();
    Q_EMIT filesChanged();
    fetch();
}

void ModelDetailsModel::retry()
{
    backoff_.cancel();
    fetch();
}

void ModelDetailsModel::fetch()
{
    if (repoId_.isEmpty())
        return;
    const quint64 serial = ++serial_;
    setStatus(QStringLiteral("loading"), {});
    client_.repoDetails(repoId_).then(this, [this, serial](const QFuture<hub::RepoDetails>& f) {
        handleDetails(f, serial);
    });
}

void ModelDetailsModel::handleDetails(const QFuture<hub::RepoDetails>& future, quint64 serial)
{
    if (serial != serial_)
        return; // another model was opened meanwhile
    QString error;
    hub::RepoDetails details;
    try {
        QFuture<hub::RepoDetails> done = future;
        done.waitForFinished(); // finished already; rethrows the client's error
        if (done.resultCount() == 0)
            error = tr("Loading the model was cancelled.");
        else
            details = done.result();
    } catch (const hearth::Error& e) {
        error = QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        error = tr("Loading the model failed: %1").arg(QString::fromUtf8(e.what()));
    }
    if (!error.isEmpty()) {
        if (isOfflineError(error)) {
            setStatus(QStringLiteral("offline"), asSentence(error)); // the page adds "Hearth keeps trying."
            backoff_.schedule();
        } else {
            setStatus(QStringLiteral("error"), error);
        }
        return;
    }
    backoff_.reset();
    details_ = details;
    readme_ = modelCardBody(details.readme);
    beginResetModel();
    rows_.clear();
    for (const hub::HubFileGroup& g : details.ggufFiles) {
        Row row;
        row.group = g;
        row.input.fileBytes = quint64(g.totalSize());
        row.input.quant = g.quant;
        rows_ << row;
    }
    // Smallest first, as people scan from "runs anywhere" to "best quality".
    std::stable_sort(rows_.begin(), rows_.end(),
                     [](const Row& a, const Row& b) { return a.group.totalSize() < b.group.totalSize(); });
    computeFits(); // before the views see the rows: no flash of rows without a verdict
    endResetModel();
    Q_EMIT filesChanged();
    setStatus(QStringLiteral("ready"), details.ggufFiles.isEmpty()
                                           ? tr("This repository has no GGUF files Hearth could download.")
                                           : QString());
    Q_EMIT detailsChanged();
}

void ModelDetailsModel::updateFits()
{
    computeFits();
    if (!rows_.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(rows_.size()) - 1), {FitRole, FitTextRole, RecommendedRole});
    Q_EMIT filesChanged();
}

void ModelDetailsModel::computeFits()
{
    QList<FitInput> inputs;
    QList<FitResult> fits;
    for (Row& row : rows_) {
        row.fit = estimateFit(row.input, deviceMemory_);
        if (!row.group.complete && row.fit.fit != Fit::Unsupported)
            row.fit.fit = Fit::Unsupported; // cannot be downloaded whole
        inputs << row.input;
        fits << row.fit;
    }
    recommended_ = recommendedIndex(inputs, fits);
}

void ModelDetailsModel::requestDownload(int row)
{
    if (row < 0 || row >= rows_.size())
        return;
    Q_EMIT downloadRequested(repoId_, rows_[row].group.name);
}

std::optional<hub::HubFileGroup> ModelDetailsModel::fileGroup(int row) const
{
    if (row < 0 || row >= rows_.size())
        return std::nullopt;
    return rows_[row].group;
}

std::optional<hub::HubFileGroup> ModelDetailsModel::fileGroup(const QString& name) const
{
    for (const Row& row : rows_)
        if (row.group.name == name)
            return row.group;
    return std::nullopt;
}

void ModelDetailsModel::setStatus(const QString& status, const QString& message)
{
    status_ = status;
    message_ = message;
    Q_EMIT statusChanged();
}

} // namespace hearth::ui
