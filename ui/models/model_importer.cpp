#include "model_importer.h"

#include "services/hub/quant_label.h"

#include <QDir>
#include <QFileInfo>
#include <QSet>

namespace hearth::ui {
namespace {

QString localPath(const QVariant& v)
{
    const QUrl url = v.typeId() == QMetaType::QUrl ? v.toUrl() : QUrl(v.toString());
    if (url.isLocalFile())
        return url.toLocalFile();
    if (url.scheme().isEmpty()) // a plain path
        return v.toString();
    return {};
}

bool isGguf(const QString& path)
{
    return path.endsWith(QStringLiteral(".gguf"), Qt::CaseInsensitive);
}

} // namespace

ModelImporter::ModelImporter(ModelLibraryService& library, QObject* parent) : QObject(parent), library_(library)
{
    connect(&library_, &ModelLibraryService::importProgress, this, &ModelImporter::onProgress);
    connect(&library_, &ModelLibraryService::importFinished, this, &ModelImporter::onFinished);
    connect(&library_, &ModelLibraryService::importFailed, this, &ModelImporter::onFailed);
}

bool ModelImporter::acceptsUrls(const QVariantList& urls) const
{
    for (const QVariant& v : urls)
        if (const QString path = localPath(v); isGguf(path))
            return true;
    return false;
}

int ModelImporter::importUrls(const QVariantList& urls)
{
    QSet<QString> splitSets; // one import brings every part of a split model
    QStringList refused;
    int queued = 0;
    for (const QVariant& v : urls) {
        const QString path = localPath(v);
        if (path.isEmpty())
            continue;
        if (!isGguf(path) || QFileInfo(path).isDir()) {
            refused << QFileInfo(path).fileName();
            continue;
        }
        if (const auto part = hub::splitPart(path)) {
            if (splitSets.contains(part->setName))
                continue;
            splitSets.insert(part->setName);
        }
        if (queue_.contains(path))
            continue;
        queue_ << path;
        ++queued;
    }
    if (!refused.isEmpty())
        errorText_ = tr("Only GGUF model files (.gguf) can be imported: %1").arg(refused.join(QStringLiteral(", ")));
    else if (queued > 0)
        errorText_.clear();
    if (queued > 0 && !busy()) {
        imported_.clear();
        statusText_.clear();
    }
    Q_EMIT stateChanged();
    if (!busy())
        startNext();
    return queued;
}

void ModelImporter::startNext()
{
    if (queue_.isEmpty()) {
        if (!imported_.isEmpty())
            statusText_ = imported_.size() == 1 ? tr("Imported %1").arg(imported_.first())
                                                : tr("Imported %1 models").arg(imported_.size());
        Q_EMIT stateChanged();
        return;
    }
    const QString source = queue_.takeFirst();
    currentName_ = QFileInfo(source).fileName();
    progress_ = 0;
    library::ImportRequest request;
    request.source = source;
    request.mode = library::ImportMode::Copy;
    currentId_ = library_.importModel(request);
    Q_EMIT progressChanged();
    Q_EMIT stateChanged();
}

void ModelImporter::onProgress(int id, quint64 done, quint64 total)
{
    if (id != currentId_ || total == 0)
        return;
    progress_ = double(done) / double(total);
    Q_EMIT progressChanged();
}

void ModelImporter::onFinished(int id, const QString& path)
{
    if (id != currentId_)
        return;
    currentId_ = 0;
    imported_ << currentName_;
    currentName_.clear();
    progress_ = 1;
    Q_EMIT progressChanged();
    Q_EMIT imported(path);
    startNext();
}

void ModelImporter::onFailed(int id, const QString& message)
{
    if (id != currentId_)
        return;
    currentId_ = 0;
    // A cancel ends with an empty queue and no message of its own.
    if (!message.isEmpty() && !cancelling_)
        errorText_ = tr("%1 was not imported: %2").arg(currentName_, message);
    cancelling_ = false;
    currentName_.clear();
    startNext();
}

void ModelImporter::cancel()
{
    queue_.clear();
    if (currentId_) {
        cancelling_ = true;
        library_.cancelImport(currentId_);
    }
    Q_EMIT stateChanged();
}

void ModelImporter::clearMessages()
{
    statusText_.clear();
    errorText_.clear();
    Q_EMIT stateChanged();
}

} // namespace hearth::ui
