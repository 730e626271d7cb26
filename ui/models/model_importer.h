#pragma once

#include "services/library/model_library_service.h"

#include <QObject>
#include <QStringList>
#include <QUrl>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

// Brings GGUF files from elsewhere into the models folder for My Models
// (file dialog or drag and drop): copies them one at a time on the
// library's import thread, with progress and a message when done. The
// library's folder watcher lists each model once it is in place.
class ModelImporter : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use App.importer")
    Q_PROPERTY(bool busy READ busy NOTIFY stateChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged) // of the current file, 0..1
    Q_PROPERTY(QString currentName READ currentName NOTIFY stateChanged)
    Q_PROPERTY(int pendingCount READ pendingCount NOTIFY stateChanged)   // waiting after the current one
    Q_PROPERTY(QString statusText READ statusText NOTIFY stateChanged)   // "Imported x.gguf"
    Q_PROPERTY(QString errorText READ errorText NOTIFY stateChanged)

public:
    explicit ModelImporter(ModelLibraryService& library, QObject* parent = nullptr);

    // Queues the local files among `urls` (QUrl or strings; from a
    // FileDialog or a drop). Files that are not .gguf are refused with a
    // message; the parts of one split model count once. Returns how many
    // were queued.
    Q_INVOKABLE int importUrls(const QVariantList& urls);
    // Whether a drag holding `urls` carries something to import.
    Q_INVOKABLE bool acceptsUrls(const QVariantList& urls) const;
    // Stops the current copy (nothing is left behind) and drops the queue.
    Q_INVOKABLE void cancel();
    Q_INVOKABLE void clearMessages();

    bool busy() const { return currentId_ != 0; }
    double progress() const { return progress_; }
    QString currentName() const { return currentName_; }
    int pendingCount() const { return int(queue_.size()); }
    QString statusText() const { return statusText_; }
    QString errorText() const { return errorText_; }

Q_SIGNALS:
    void stateChanged();
    void progressChanged();
    void imported(const QString& path);

private:
    void startNext();
    void onProgress(int id, quint64 done, quint64 total);
    void onFinished(int id, const QString& path);
    void onFailed(int id, const QString& message);

    ModelLibraryService& library_;
    QStringList queue_;
    int currentId_ = 0;
    QString currentName_;
    double progress_ = 0;
    QStringList imported_; // names imported in this batch, for the status line
    QString statusText_;
    QString errorText_;
    bool cancelling_ = false; // the failure that follows a cancel is not an error
};

} // namespace hearth::ui
