#pragma once

#include "services/inference/inference_service.h"
#include "services/library/model_identity.h"
#include "services/library/model_library_service.h"

#include <QAbstractListModel>
#include <QSet>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace hearth::ui {

// The top bar's model picker: the library's models with size, quant and
// whether they fit the GPU, plus the state of the loaded one (progress,
// errors, device). Loading goes through InferenceService.
class ModelPickerModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use App.models")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(bool hasModel READ hasModel NOTIFY stateChanged)
    Q_PROPERTY(bool loading READ loading NOTIFY stateChanged)
    Q_PROPERTY(double loadProgress READ loadProgress NOTIFY loadProgressChanged)
    Q_PROPERTY(QString loadError READ loadError NOTIFY stateChanged)
    Q_PROPERTY(QString loadedName READ loadedName NOTIFY stateChanged)
    Q_PROPERTY(QString loadedPath READ loadedPath NOTIFY stateChanged)
    Q_PROPERTY(QString loadedDetails READ loadedDetails NOTIFY stateChanged)
    Q_PROPERTY(QString loadedFileName READ loadedFileName NOTIFY stateChanged)
    // False when the loaded model is no library entry nor a copy of one
    // (`hearth --model FILE`): the picker shows it apart, from loadedFolder.
    Q_PROPERTY(bool loadedInLibrary READ loadedInLibrary NOTIFY stateChanged)
    Q_PROPERTY(QString loadedFolder READ loadedFolder NOTIFY stateChanged)
    Q_PROPERTY(QString loadingName READ loadingName NOTIFY stateChanged)
    Q_PROPERTY(QString deviceName READ deviceName NOTIFY stateChanged)
    Q_PROPERTY(bool scanning READ scanning NOTIFY countChanged)
    Q_PROPERTY(int contextLength READ loadedContextLength NOTIFY stateChanged)
    Q_PROPERTY(QString modelsFolder READ modelsFolder CONSTANT)
    Q_PROPERTY(QString libraryError READ libraryError NOTIFY libraryErrorChanged)
    // The loaded model's chat format ("Llama 2"; empty: its own template) and
    // whether that is a guess because the model has none (the chat page says so).
    Q_PROPERTY(QString chatFormat READ chatFormat NOTIFY stateChanged)
    Q_PROPERTY(bool chatFormatGuessed READ chatFormatGuessed NOTIFY stateChanged)

public:
    enum Role {
        NameRole = Qt::UserRole + 1,
        PathRole,
        RelativePathRole,
        SizeRole,        ///< "4.37 GiB"
        QuantRole,       ///< "Q4_K_M"
        DetailsRole,     ///< "qwen2 · 494M params · Q4_K_M · 379 MiB"
        RunnableRole,
        ProblemRole,     ///< why it cannot run (damaged, unsupported)
        FitWarningRole,  ///< "Needs about 9.1 GiB; the GPU has 8.0 GiB" or empty
        LoadedRole,      ///< the loaded file, or an identical copy of it (model_identity.h)
        OriginRole,      ///< "Qwen/Qwen2.5-0.5B-Instruct-GGUF", or "" for a file put in by hand or imported
        ContextRole,     ///< trained context length, tokens
        FolderRole,      ///< the folder holding the file, as a URL for "show in folder"
        FileNameRole,    ///< "Qwen2.5-0.5B-Instruct-Q4_K_M.gguf", with the quant after it if the name lacks it
        ImportedRole,    ///< imported from a file on this computer (no Hub repository)
    };

    ModelPickerModel(ModelLibraryService& library, inference::InferenceService& inference, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool hasModel() const { return inference_.hasModel(); }
    bool loading() const { return inference_.isLoading(); }
    double loadProgress() const { return progress_; }
    QString loadError() const { return loadError_; }
    QString loadedName() const { return inference_.hasModel() ? inference_.model().name : QString(); }
    QString loadedPath() const { return inference_.hasModel() ? inference_.model().path : QString(); }
    QString loadedDetails() const;
    QString loadedFileName() const;
    bool loadedInLibrary() const { return !inference_.hasModel() || !loadedPaths_.isEmpty(); }
    QString loadedFolder() const;
    QString loadingName() const { return loadingName_; }
    QString deviceName() const { return inference_.hasModel() ? inference_.model().device : QString(); }
    bool scanning() const { return library_.isScanning(); }
    int loadedContextLength() const { return inference_.hasModel() ? inference_.model().contextLength : 0; }
    QString chatFormat() const { return inference_.hasModel() ? inference_.model().chatTemplateLabel : QString(); }
    bool chatFormatGuessed() const { return inference_.hasModel() && inference_.model().templateFallback; }

    // The GPU memory the fit warning compares with (0: unknown, no warning).
    void setDeviceMemory(quint64 bytes);

    Q_INVOKABLE void load(const QString& path);
    Q_INVOKABLE void retryLoad();
    Q_INVOKABLE void cancelLoad();
    Q_INVOKABLE void unload();
    Q_INVOKABLE void clearLoadError();
    // Loads the current model again with a context of `tokens` (the KV
    // cache is sized at load). False, with loadError set, for a length the
    // model cannot take.
    Q_INVOKABLE bool reloadWithContext(int tokens);
    // Deletes the model's files (every part of a split set); unloads it
    // first when it is the loaded one. False with libraryError on failure.
    Q_INVOKABLE bool deleteModel(const QString& relativePath);
    QString modelsFolder() const { return library_.modelsFolder(); }
    QString libraryError() const { return libraryError_; }

    // Whether `path` is the loaded model's file or an identical copy of it.
    bool isLoaded(const QString& path) const;
    // A model that can be loaded for `path` (a chat's remembered model): the
    // library's entry for it, or for an identical copy, or for a file of the
    // same name (the models folder moved); else the file itself if it is
    // still there. `label` is "name · file.gguf".
    struct ModelMatch {
        QString path;
        QString label;
    };
    std::optional<ModelMatch> findModel(const QString& path) const;

Q_SIGNALS:
    void countChanged();
    void stateChanged();
    void loadProgressChanged();
    void libraryErrorChanged();

private:
    void rebuild();
    void refreshLoaded(); // after the loaded model or the list changed
    void startLoad(const QString& path, int contextLength);
    QString fitWarning(const library::LibraryEntry& entry) const;

    ModelLibraryService& library_;
    inference::InferenceService& inference_;
    QList<library::LibraryEntry> entries_;
    library::ModelFileIdentity loadedIdentity_;
    QSet<QString> loadedPaths_; // entries that are the loaded model
    quint64 deviceMemory_ = 0;
    int defaultContext_ = 0; // Settings' context for new loads, read at each rebuild and load
    double progress_ = 0;
    QString loadError_;
    QString loadingName_;
    QString lastRequested_;
    QString libraryError_;
};

} // namespace hearth::ui
