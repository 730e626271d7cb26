#pragma once

#include "fit_estimate.h"
#include "retry_backoff.h"
#include "services/hub/hub_client.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

#include <optional>

namespace hearth::ui {

// The model page: one Hub repository's card (README) and its GGUF files,
// one row per file group (a split set is one row), each with its size and
// whether it fits this GPU, and the file we recommend. Downloads are the
// caller's job: requestDownload() emits downloadRequested().
class ModelDetailsModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use App.modelDetails")
    Q_PROPERTY(QString repoId READ repoId NOTIFY repoChanged)
    Q_PROPERTY(QString status READ status NOTIFY statusChanged)   ///< "idle", "loading", "ready", "offline", "error"
    Q_PROPERTY(QString message READ message NOTIFY statusChanged) ///< the error / offline sentence
    Q_PROPERTY(QString author READ author NOTIFY detailsChanged)
    Q_PROPERTY(QString name READ name NOTIFY repoChanged)
    Q_PROPERTY(QString readme READ readme NOTIFY detailsChanged)  ///< Markdown, front matter removed
    Q_PROPERTY(QString license READ license NOTIFY detailsChanged)
    Q_PROPERTY(QString downloadsText READ downloadsText NOTIFY detailsChanged)
    Q_PROPERTY(QString likesText READ likesText NOTIFY detailsChanged)
    Q_PROPERTY(QString updatedText READ updatedText NOTIFY detailsChanged)
    Q_PROPERTY(bool gated READ gated NOTIFY detailsChanged)
    Q_PROPERTY(QString gatedText READ gatedText NOTIFY detailsChanged) ///< how to get access; "" when not gated
    Q_PROPERTY(int recommendedRow READ recommendedRow NOTIFY filesChanged) ///< -1: none
    Q_PROPERTY(QString deviceMemoryText READ deviceMemoryText NOTIFY filesChanged) ///< "8.00 GiB"; "" when unknown
    Q_PROPERTY(int count READ count NOTIFY filesChanged)
    Q_PROPERTY(QString hubUrl READ hubUrl NOTIFY repoChanged) ///< the repo's page on the endpoint

public:
    enum Role {
        NameRole = Qt::UserRole + 1, ///< group name: the path, or a split set's path without -0000k-of-0000N
        FileNameRole,                ///< last path component of the name, for display
        QuantRole,                   ///< "Q4_K_M"; "" when the name does not say
        SizeRole,                    ///< bytes over all parts
        SizeTextRole,                ///< "4.37 GiB"
        PartsRole,                   ///< number of files (1 unless split)
        CompleteRole,                ///< false when a split set misses parts on the Hub
        FitRole,                     ///< "fits", "short", "wont", "unsupported", "" (memory unknown)
        FitTextRole,                 ///< the verdict as a sentence
        RecommendedRole,             ///< the file we suggest for this machine
        RunnableRole,                ///< the engine can run its quantisation (and the set is complete)
    };

    // `client` must outlive the model. `deviceMemory` in bytes; 0: unknown.
    explicit ModelDetailsModel(hub::HubClient& client, quint64 deviceMemory = 0, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString repoId() const { return repoId_; }
    QString status() const { return status_; }
    QString message() const { return message_; }
    QString author() const;
    QString name() const { return repoId_.section('/', 1); }
    QString readme() const { return readme_; }
    QString license() const { return details_.model.license; }
    QString downloadsText() const;
    QString likesText() const;
    QString updatedText() const;
    bool gated() const { return details_.model.gated; }
    QString gatedText() const;
    int recommendedRow() const { return recommended_; }
    QString deviceMemoryText() const;
    int count() const { return int(rows_.size()); }
    QString hubUrl() const;

    // The client's token changed: gatedText says what to do now.
    void tokenChanged() { Q_EMIT detailsChanged(); }

    // GPU memory the verdicts compare with (0: unknown, no verdict).
    void setDeviceMemory(quint64 bytes);
    quint64 deviceMemory() const { return deviceMemory_; }

    // Loads `repoId`'s details; an answer for an earlier repo is ignored.
    Q_INVOKABLE void open(const QString& repoId);
    Q_INVOKABLE void retry();
    // Emits downloadRequested for the row's group (nothing for a bad row).
    Q_INVOKABLE void requestDownload(int row);

    // The whole group behind a row (parts, sizes, SHA-256) for the download.
    std::optional<hub::HubFileGroup> fileGroup(int row) const;
    std::optional<hub::HubFileGroup> fileGroup(const QString& name) const;

    RetryBackoff& backoff() { return backoff_; } // tests: short delays

Q_SIGNALS:
    void repoChanged();
    void statusChanged();
    void detailsChanged();
    void filesChanged();
    void downloadRequested(const QString& repoId, const QString& fileGroupName);

private:
    struct Row {
        hub::HubFileGroup group;
        FitInput input;
        FitResult fit;
    };

    void fetch();
    void handleDetails(const QFuture<hub::RepoDetails>& future, quint64 serial);
    void updateFits();  // recomputes and tells the views
    void computeFits(); // recomputes only
    void setStatus(const QString& status, const QString& message);

    hub::HubClient& client_;
    quint64 deviceMemory_ = 0;
    QString repoId_;
    hub::RepoDetails details_;
    QString readme_;
    QList<Row> rows_;
    int recommended_ = -1;
    QString status_ = QStringLiteral("idle");
    QString message_;
    quint64 serial_ = 0;
    RetryBackoff backoff_;
};

} // namespace hearth::ui
