#pragma once

#include "core/settings.h"

#include <QObject>
#include <QString>
#include <QUrl>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

// The settings page's view of hearth::Settings: folders, the Hugging Face
// token, the GPU preference and the defaults new chats start with. Every
// apply* call checks its value first; a bad one is not saved, and errorText
// says why (errorField names the field it belongs under).
class SettingsModel : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString modelsFolder READ modelsFolder NOTIFY modelsFolderChanged)
    Q_PROPERTY(bool modelsFolderIsDefault READ modelsFolderIsDefault NOTIFY modelsFolderChanged)
    Q_PROPERTY(bool modelsFolderOverridden READ modelsFolderOverridden CONSTANT)
    Q_PROPERTY(QString huggingFaceToken READ huggingFaceToken NOTIFY huggingFaceTokenChanged)
    Q_PROPERTY(QString exportFolder READ exportFolder NOTIFY exportFolderChanged)
    Q_PROPERTY(bool exportFolderIsDefault READ exportFolderIsDefault NOTIFY exportFolderChanged)
    Q_PROPERTY(QString devicePreference READ devicePreference NOTIFY devicePreferenceChanged)
    Q_PROPERTY(int contextLength READ contextLength WRITE setContextLength NOTIFY generationDefaultsChanged)
    Q_PROPERTY(double temperature READ temperature WRITE setTemperature NOTIFY generationDefaultsChanged)
    Q_PROPERTY(int topK READ topK WRITE setTopK NOTIFY generationDefaultsChanged)
    Q_PROPERTY(double topP READ topP WRITE setTopP NOTIFY generationDefaultsChanged)
    Q_PROPERTY(double minP READ minP WRITE setMinP NOTIFY generationDefaultsChanged)
    Q_PROPERTY(double repeatPenalty READ repeatPenalty WRITE setRepeatPenalty NOTIFY generationDefaultsChanged)
    Q_PROPERTY(QString systemPrompt READ systemPrompt WRITE setSystemPrompt NOTIFY generationDefaultsChanged)
    Q_PROPERTY(bool generationDefaultsAreBuiltIn READ generationDefaultsAreBuiltIn NOTIFY generationDefaultsChanged)
    // The built-in values, keyed like the properties above, for hints.
    Q_PROPERTY(QVariantMap builtInDefaults READ builtInDefaults CONSTANT)
    // What new chats do when the context is full: "drop-oldest",
    // "truncate-middle" or "stop" (hearth::ContextOverflow's names).
    Q_PROPERTY(QString contextOverflow READ contextOverflow WRITE setContextOverflow NOTIFY contextOverflowChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorChanged)
    Q_PROPERTY(QString errorField READ errorField NOTIFY errorChanged)

public:
    explicit SettingsModel(QObject* parent = nullptr);

    QString modelsFolder() const;
    bool modelsFolderIsDefault() const;
    bool modelsFolderOverridden() const;
    QString huggingFaceToken() const;
    QString exportFolder() const;
    bool exportFolderIsDefault() const;
    QString devicePreference() const;

    int contextLength() const { return defaults_.contextLength; }
    double temperature() const { return defaults_.temperature; }
    int topK() const { return defaults_.topK; }
    double topP() const { return defaults_.topP; }
    double minP() const { return defaults_.minP; }
    double repeatPenalty() const { return defaults_.repeatPenalty; }
    QString systemPrompt() const { return defaults_.systemPrompt; }
    bool generationDefaultsAreBuiltIn() const { return defaults_ == GenerationDefaults{}; }
    QVariantMap builtInDefaults() const;

    QString errorText() const { return errorText_; }
    QString errorField() const { return errorField_; }
    QString contextOverflow() const;
    void setContextOverflow(const QString& name); // an unknown name is ignored

    void setContextLength(int value) { applyContextLength(value); }
    void setTemperature(double value) { applyTemperature(value); }
    void setTopK(int value) { applyTopK(value); }
    void setTopP(double value) { applyTopP(value); }
    void setMinP(double value) { applyMinP(value); }
    void setRepeatPenalty(double value) { applyRepeatPenalty(value); }
    void setSystemPrompt(const QString& value) { applySystemPrompt(value); }

    // Folders accept a local path or a file: URL (what FolderDialog gives);
    // the folder must exist or be creatable. An empty models folder goes
    // back to the default one.
    // A folder path as a URL for "open folder" (spaces, '#' and non-ASCII
    // names escaped); empty for an empty path.
    Q_INVOKABLE QUrl folderUrl(const QString& path) const { return path.isEmpty() ? QUrl() : QUrl::fromLocalFile(path); }
    Q_INVOKABLE bool applyModelsFolder(const QString& pathOrUrl);
    Q_INVOKABLE bool applyExportFolder(const QString& pathOrUrl);
    Q_INVOKABLE bool applyHuggingFaceToken(const QString& token);
    Q_INVOKABLE void removeHuggingFaceToken();
    // "" for automatic, else the device's index as text.
    Q_INVOKABLE void applyDevicePreference(const QString& preference);

    Q_INVOKABLE bool applyContextLength(int value);
    Q_INVOKABLE bool applyTemperature(double value);
    Q_INVOKABLE bool applyTopK(int value);
    Q_INVOKABLE bool applyTopP(double value);
    Q_INVOKABLE bool applyMinP(double value);
    Q_INVOKABLE bool applyRepeatPenalty(double value);
    Q_INVOKABLE bool applySystemPrompt(const QString& value);
    Q_INVOKABLE void resetGenerationDefaults();

    // Forgets the error shown under `field` (when the user edits it again).
    Q_INVOKABLE void clearError(const QString& field = {});

Q_SIGNALS:
    void modelsFolderChanged();
    void huggingFaceTokenChanged();
    void exportFolderChanged();
    void devicePreferenceChanged();
    void generationDefaultsChanged();
    void contextOverflowChanged();
    void errorChanged();

private:
    bool applyGeneration(const QString& field, const GenerationDefaults& candidate);
    // `candidate` = the current defaults with one value replaced.
    template <typename T, typename V>
    bool applyField(const QString& field, T GenerationDefaults::*member, const V& value)
    {
        GenerationDefaults candidate = defaults_;
        candidate.*member = value;
        return applyGeneration(field, candidate);
    }
    void setError(const QString& field, const QString& text);

    GenerationDefaults defaults_;
    QString errorText_;
    QString errorField_;
};

} // namespace hearth::ui
