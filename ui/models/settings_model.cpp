#include "models/settings_model.h"

#include "services/library/models_folder.h"

#include <QDir>
#include <QFileInfo>
#include <QStandardPaths>
#include <QUrl>

namespace hearth::ui {
namespace {

// FolderDialog hands over file: URLs, people type paths (maybe with ~).
QString localPath(const QString& pathOrUrl)
{
    QString path = pathOrUrl.trimmed();
    if (path.startsWith("file:"))
        path = QUrl(path).toLocalFile();
    if (path == "~" || path.startsWith("~/"))
        path = QDir::homePath() + path.mid(1);
    return path.isEmpty() ? path : QDir::cleanPath(path);
}

// Why `path` cannot be used as a folder Hearth writes to; empty when it
// can. Only looks: the folder is created by whoever first writes there.
QString folderProblem(const QString& path)
{
    if (path.isEmpty())
        return QObject::tr("Choose a folder.");
    if (QDir::isRelativePath(path))
        return QObject::tr("Use a full path, such as %1.").arg(QDir::homePath() + "/Models");
    const QFileInfo info(path);
    if (info.exists()) {
        if (!info.isDir())
            return QObject::tr("%1 is a file, not a folder.").arg(path);
        if (!info.isWritable())
            return QObject::tr("Hearth cannot write to %1. Choose a folder you own.").arg(path);
        return {};
    }
    // It does not exist yet: the nearest folder that does must let us create it.
    QFileInfo parent(info.absolutePath());
    while (!parent.exists() && !parent.isRoot())
        parent = QFileInfo(parent.absolutePath());
    if (!parent.isDir() || !parent.isWritable())
        return QObject::tr("Hearth cannot create %1 because %2 is not writable.").arg(path, parent.absoluteFilePath());
    return {};
}

} // namespace

SettingsModel::SettingsModel(QObject* parent) : QObject(parent), defaults_(Settings().generationDefaults()) {}

QString SettingsModel::modelsFolder() const
{
    return library::resolveModelsFolder();
}

bool SettingsModel::modelsFolderIsDefault() const
{
    return Settings().modelsFolder().isEmpty();
}

bool SettingsModel::modelsFolderOverridden() const
{
    // resolveModelsFolder lets $HEARTH_DATA_DIR win over the saved folder.
    return !qEnvironmentVariableIsEmpty("HEARTH_DATA_DIR");
}

QString SettingsModel::huggingFaceToken() const
{
    return Settings().huggingFaceToken();
}

QString SettingsModel::exportFolder() const
{
    return Settings().exportFolder();
}

bool SettingsModel::exportFolderIsDefault() const
{
    return exportFolder() == QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation);
}

QString SettingsModel::devicePreference() const
{
    return Settings().devicePreference();
}

QVariantMap SettingsModel::builtInDefaults() const
{
    const GenerationDefaults d;
    return {{"contextLength", d.contextLength}, {"temperature", d.temperature}, {"topK", d.topK},
            {"topP", d.topP},       {"minP", d.minP},   {"repeatPenalty", d.repeatPenalty},
            {"systemPrompt", d.systemPrompt}};
}

bool SettingsModel::applyModelsFolder(const QString& pathOrUrl)
{
    const QString path = localPath(pathOrUrl);
    if (!path.isEmpty()) {
        if (const QString problem = folderProblem(path); !problem.isEmpty()) {
            setError("modelsFolder", problem);
            return false;
        }
    }
    clearError("modelsFolder");
    // Choosing the default folder by hand is the same as "default".
    const QString defaultFolder = library::appDataFolder() + "/models";
    Settings().setModelsFolder(path == defaultFolder ? QString() : path);
    Q_EMIT modelsFolderChanged();
    return true;
}

bool SettingsModel::applyExportFolder(const QString& pathOrUrl)
{
    const QString path = localPath(pathOrUrl);
    if (!path.isEmpty()) {
        if (const QString problem = folderProblem(path); !problem.isEmpty()) {
            setError("exportFolder", problem);
            return false;
        }
    }
    clearError("exportFolder");
    Settings().setExportFolder(path);
    Q_EMIT exportFolderChanged();
    return true;
}

bool SettingsModel::applyHuggingFaceToken(const QString& token)
{
    const QString trimmed = token.trimmed();
    for (const QChar c : trimmed) {
        if (c.isSpace()) {
            setError("huggingFaceToken", tr("A Hugging Face token is a single word without spaces, like hf_AbC123…"));
            return false;
        }
    }
    clearError("huggingFaceToken");
    Settings().setHuggingFaceToken(trimmed);
    Q_EMIT huggingFaceTokenChanged();
    return true;
}

void SettingsModel::removeHuggingFaceToken()
{
    applyHuggingFaceToken({});
}

void SettingsModel::applyDevicePreference(const QString& preference)
{
    if (preference.trimmed() == devicePreference())
        return;
    Settings().setDevicePreference(preference.trimmed());
    Q_EMIT devicePreferenceChanged();
}

bool SettingsModel::applyContextLength(int value)
{
    return applyField("contextLength", &GenerationDefaults::contextLength, value);
}

bool SettingsModel::applyTemperature(double value)
{
    return applyField("temperature", &GenerationDefaults::temperature, value);
}

bool SettingsModel::applyTopK(int value)
{
    return applyField("topK", &GenerationDefaults::topK, value);
}

bool SettingsModel::applyTopP(double value)
{
    return applyField("topP", &GenerationDefaults::topP, value);
}

bool SettingsModel::applyMinP(double value)
{
    return applyField("minP", &GenerationDefaults::minP, value);
}

bool SettingsModel::applyRepeatPenalty(double value)
{
    return applyField("repeatPenalty", &GenerationDefaults::repeatPenalty, value);
}

bool SettingsModel::applySystemPrompt(const QString& value)
{
    return applyField("systemPrompt", &GenerationDefaults::systemPrompt, value);
}

void SettingsModel::resetGenerationDefaults()
{
    clearError();
    applyGeneration({}, GenerationDefaults{});
}

bool SettingsModel::applyGeneration(const QString& field, const GenerationDefaults& candidate)
{
    if (const QString problem = generationDefaultsProblem(candidate); !problem.isEmpty()) {
        setError(field, problem + '.');
        return false;
    }
    clearError(field);
    if (candidate == defaults_)
        return true;
    Settings().setGenerationDefaults(candidate);
    defaults_ = candidate;
    Q_EMIT generationDefaultsChanged();
    return true;
}

void SettingsModel::setError(const QString& field, const QString& text)
{
    if (field == errorField_ && text == errorText_)
        return;
    errorField_ = field;
    errorText_ = text;
    Q_EMIT errorChanged();
}

void SettingsModel::clearError(const QString& field)
{
    if (errorText_.isEmpty() || (!field.isEmpty() && field != errorField_))
        return;
    errorField_.clear();
    errorText_.clear();
    Q_EMIT errorChanged();
}

QString SettingsModel::contextOverflow() const
{
    return QString::fromUtf8(contextOverflowName(Settings().contextOverflow()));
}

void SettingsModel::setContextOverflow(const QString& name)
{
    const auto policy = contextOverflowFromName(name.toStdString());
    if (!policy || name == contextOverflow())
        return;
    Settings().setContextOverflow(*policy);
    Q_EMIT contextOverflowChanged();
}

} // namespace hearth::ui
