#include "model_picker_model.h"

#include "model_text.h"
#include "core/settings.h"
#include "core/size_text.h"
#include "hearth/model.h"

#include <QDir>
#include <QFileInfo>
#include <QUrl>

#include <algorithm>

namespace hearth::ui {

ModelPickerModel::ModelPickerModel(ModelLibraryService& library, inference::InferenceService& inference,
                                   QObject* parent)
    : QAbstractListModel(parent), library_(library), inference_(inference)
{
    connect(&library_, &ModelLibraryService::modelsChanged, this, &ModelPickerModel::rebuild);
    connect(&library_, &ModelLibraryService::errorOccurred, this, [this](const QString& message) {
        libraryError_ = message;
        Q_EMIT libraryErrorChanged();
    });
    connect(&library_, &ModelLibraryService::scanFinished, this, &ModelPickerModel::rebuild);
    connect(&inference_, &inference::InferenceService::loadProgress, this, [this](double fraction) {
        progress_ = fraction;
        Q_EMIT loadProgressChanged();
    });
    connect(&inference_, &inference::InferenceService::modelLoaded, this, [this] {
        loadError_.clear();
        loadingName_.clear();
        refreshLoaded();
    });
    connect(&inference_, &inference::InferenceService::loadFailed, this,
            [this](const QString&, const QString& message) {
                loadError_ = message; // empty when the user cancelled
                loadingName_.clear();
                refreshLoaded();
            });
    connect(&inference_, &inference::InferenceService::modelChanged, this, &ModelPickerModel::stateChanged);
    connect(&inference_, &inference::InferenceService::modelUnloaded, this, &ModelPickerModel::refreshLoaded);
    rebuild();
}

int ModelPickerModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(entries_.size());
}

QString ModelPickerModel::fitWarning(const library::LibraryEntry& entry) const
{
    if (deviceMemory_ == 0 || !entry.runnable())
        return {};
    const std::uint32_t context =
        defaultContext_ > 0 ? std::min(std::uint32_t(defaultContext_), defaultContextLength(entry.summary))
                            : defaultContextLength(entry.summary);
    const quint64 needed = estimateMemory(entry.summary, context).totalBytes;
    if (needed <= deviceMemory_)
        return {};
    return tr("Needs about %1 of GPU memory; this GPU has %2. It won't fit.")
        .arg(bytesText(needed), bytesText(deviceMemory_));
}

QVariant ModelPickerModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const library::LibraryEntry& e = entries_[index.row()];
    switch (role) {
    case Qt::DisplayRole:
    case NameRole: return e.displayName();
    case PathRole: return e.path;
    case RelativePathRole: return e.relativePath;
    case SizeRole: return bytesText(e.sizeBytes);
    case QuantRole: return QString::fromStdString(e.summary.fileTypeLabel);
    case DetailsRole: {
        QStringList parts;
        if (!e.summary.architecture.empty())
            parts << QString::fromStdString(e.summary.architecture);
        if (e.summary.parameterCount > 0)
            parts << tr("%1 params").arg(countText(e.summary.parameterCount));
        if (!e.summary.fileTypeLabel.empty())
            parts << QString::fromStdString(e.summary.fileTypeLabel);
        parts << bytesText(e.sizeBytes);
        return parts.join(QStringLiteral(" · "));
    }
    case RunnableRole: return e.runnable();
    case ProblemRole: return e.loadError.isEmpty() ? e.unsupportedReason : e.loadError;
    case FitWarningRole: return fitWarning(e);
    case LoadedRole: return loadedPaths_.contains(e.path);
    case OriginRole: return e.publisher.isEmpty() || e.imported() ? QString() : e.publisher + "/" + e.repo;
    case ContextRole: return int(e.summary.contextLength);
    case FolderRole: return QUrl::fromLocalFile(QFileInfo(e.path).absolutePath());
    case FileNameRole: return fileWithQuant(e.fileName, QString::fromStdString(e.summary.fileTypeLabel));
    case ImportedRole: return e.imported();
    default: return {};
    }
}

QHash<int, QByteArray> ModelPickerModel::roleNames() const
{
    return {{NameRole, "name"},         {PathRole, "path"},         {RelativePathRole, "relativePath"},
            {SizeRole, "size"},         {QuantRole, "quant"},       {DetailsRole, "details"},
            {RunnableRole, "runnable"}, {ProblemRole, "problem"},   {FitWarningRole, "fitWarning"},
            {LoadedRole, "loaded"},     {OriginRole, "origin"},     {ContextRole, "trainedContext"},
            {FolderRole, "folderUrl"},  {FileNameRole, "fileName"}, {ImportedRole, "imported"}};
}

QString ModelPickerModel::loadedDetails() const
{
    if (!inference_.hasModel())
        return {};
    const inference::LoadedModel& m = inference_.model();
    QStringList parts;
    parts << loadedFileName();
    parts << tr("%1 on the GPU").arg(bytesText(m.deviceBytes));
    parts << tr("%1 tokens of context").arg(m.contextLength);
    return parts.join(QStringLiteral(" · "));
}

QString ModelPickerModel::loadedFileName() const
{
    if (!inference_.hasModel())
        return {};
    return fileWithQuant(QFileInfo(inference_.model().path).fileName(), inference_.model().quantization);
}

QString ModelPickerModel::loadedFolder() const
{
    return inference_.hasModel() ? QDir::toNativeSeparators(QFileInfo(inference_.model().path).absolutePath())
                                 : QString();
}

bool ModelPickerModel::isLoaded(const QString& path) const
{
    return inference_.hasModel() && loadedIdentity_.matches(path);
}

std::optional<ModelPickerModel::ModelMatch> ModelPickerModel::findModel(const QString& path) const
{
    if (path.isEmpty())
        return std::nullopt;
    const auto match = [](const library::LibraryEntry& e) {
        return ModelMatch{e.path, e.displayName() + QStringLiteral(" · ") +
                                      fileWithQuant(e.fileName, QString::fromStdString(e.summary.fileTypeLabel))};
    };
    for (const library::LibraryEntry& e : entries_)
        if (e.runnable() && e.path == path)
            return match(e);
    const library::ModelFileIdentity wanted(path);
    for (const library::LibraryEntry& e : entries_)
        if (e.runnable() && wanted.matches(e.path))
            return match(e);
    const QString fileName = QFileInfo(path).fileName();
    for (const library::LibraryEntry& e : entries_)
        if (e.runnable() && e.fileName == fileName)
            return match(e);
    if (QFileInfo(path).isFile())
        return ModelMatch{path, fileName};
    return std::nullopt;
}

void ModelPickerModel::refreshLoaded()
{
    // Made again each time (a stat; the file is read only on a size match):
    // the file at the same path may have been replaced since.
    const QString path = inference_.hasModel() ? inference_.model().path : QString();
    loadedIdentity_ = library::ModelFileIdentity(path);
    loadedPaths_.clear();
    if (!path.isEmpty())
        for (const library::LibraryEntry& e : entries_)
            if (loadedIdentity_.matches(e.path))
                loadedPaths_.insert(e.path);
    Q_EMIT stateChanged();
    if (!entries_.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(entries_.size()) - 1), {LoadedRole});
}

void ModelPickerModel::setDeviceMemory(quint64 bytes)
{
    deviceMemory_ = bytes;
    if (!entries_.isEmpty())
        Q_EMIT dataChanged(index(0), index(int(entries_.size()) - 1), {FitWarningRole});
}

void ModelPickerModel::rebuild()
{
    defaultContext_ = Settings().generationDefaults().contextLength;
    beginResetModel();
    entries_ = library_.models();
    endResetModel();
    refreshLoaded();
    Q_EMIT countChanged();
}

void ModelPickerModel::load(const QString& path)
{
    defaultContext_ = Settings().generationDefaults().contextLength; // the settings page may have changed it
    // A model's own context setting (My Models) wins over the global one.
    int context = defaultContext_;
    for (const library::LibraryEntry& e : entries_)
        if (e.path == path)
            context = library_.effectiveDefaults(e.relativePath).contextLength;
    startLoad(path, context);
}

void ModelPickerModel::startLoad(const QString& path, int contextLength)
{
    if (path.isEmpty())
        return;
    lastRequested_ = path;
    loadError_.clear();
    progress_ = 0;
    loadingName_ = QFileInfo(path).completeBaseName();
    inference::LoadRequest request;
    for (const library::LibraryEntry& e : entries_) {
        if (e.path == path) {
            loadingName_ = e.displayName();
            request.chatTemplate = library_.modelDefaults(e.relativePath).chatTemplate.value_or(QString());
        }
    }
    request.path = path;
    request.contextLength = contextLength; // the service caps it at the trained context
    inference_.load(request);
    Q_EMIT loadProgressChanged();
    Q_EMIT stateChanged();
}

void ModelPickerModel::retryLoad()
{
    load(lastRequested_);
}

void ModelPickerModel::cancelLoad()
{
    inference_.cancelLoad();
}

void ModelPickerModel::unload()
{
    inference_.unload();
}

bool ModelPickerModel::reloadWithContext(int tokens)
{
    if (!inference_.hasModel() || inference_.isLoading())
        return false;
    const inference::LoadedModel& m = inference_.model();
    constexpr int kMinContext = 64;
    if (tokens < kMinContext || (m.trainedContextLength > 0 && tokens > m.trainedContextLength)) {
        loadError_ = tr("%1 can use between %2 and %3 tokens of context.")
                         .arg(m.name)
                         .arg(kMinContext)
                         .arg(m.trainedContextLength > 0 ? m.trainedContextLength : GenerationLimits::kMaxContextLength);
        Q_EMIT stateChanged();
        return false;
    }
    if (tokens == m.contextLength)
        return true;
    startLoad(m.path, tokens);
    return true;
}

bool ModelPickerModel::deleteModel(const QString& relativePath)
{
    const std::optional<library::LibraryEntry> entry = library_.find(relativePath);
    if (!entry)
        return false;
    if (inference_.hasModel() && inference_.model().path == entry->path)
        inference_.unload(); // the engine maps nothing from the file, but the user expects it gone
    libraryError_.clear(); // errorOccurred sets it again if this fails
    Q_EMIT libraryErrorChanged();
    return library_.deleteModel(relativePath);
}

void ModelPickerModel::clearLoadError()
{
    loadError_.clear();
    Q_EMIT stateChanged();
}

} // namespace hearth::ui
