#pragma once

#include "curated_models.h"
#include "retry_backoff.h"
#include "services/hub/hub_client.h"

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

// The Discover page: GGUF repositories on the Hub matching the search box,
// sorted by downloads, likes or last update, a page at a time. With an
// empty query it shows the curated list (no network needed). When the Hub
// cannot be reached the status is "offline", the curated list is shown
// narrowed to the query, and the search is tried again with a growing
// delay until it works (or retry() is called).
class DiscoverModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use App.discover")
    Q_PROPERTY(QString query READ query WRITE setQuery NOTIFY queryChanged)
    Q_PROPERTY(QString sort READ sort WRITE setSort NOTIFY sortChanged)
    Q_PROPERTY(QString status READ status NOTIFY statusChanged)   ///< "idle", "loading", "offline", "error"
    Q_PROPERTY(QString message READ message NOTIFY statusChanged) ///< why offline / the error, as a sentence
    Q_PROPERTY(bool showingCurated READ showingCurated NOTIFY resultsChanged)
    /// the curated list stands in (filtered by the query) because the Hub can't be reached
    Q_PROPERTY(bool showingOfflineCurated READ showingOfflineCurated NOTIFY resultsChanged)
    Q_PROPERTY(bool canLoadMore READ canLoadMore NOTIFY resultsChanged)
    Q_PROPERTY(bool loadingMore READ loadingMore NOTIFY statusChanged)
    Q_PROPERTY(int count READ count NOTIFY resultsChanged)
    Q_PROPERTY(QString searchedText READ searchedText NOTIFY resultsChanged) ///< the query the rows answer

public:
    enum Role {
        RepoIdRole = Qt::UserRole + 1, ///< "publisher/name"
        AuthorRole,                    ///< "publisher"
        NameRole,                      ///< "name"
        DownloadsRole,                 ///< number; -1 when unknown (curated rows)
        DownloadsTextRole,             ///< "1.2M"; "" when unknown
        LikesRole,                     ///< number; -1 when unknown
        LikesTextRole,                 ///< "350"; "" when unknown
        UpdatedTextRole,               ///< "3 days ago"; "" when unknown
        LicenseRole,                   ///< "apache-2.0"; "" when unknown
        GatedRole,                     ///< access must be requested on huggingface.co
        DescriptionRole,               ///< the curated one-liner; "" for search results
        FamilyRole,                    ///< curated family ("Qwen3"); "" for search results
    };

    // `client` must outlive the model.
    explicit DiscoverModel(hub::HubClient& client, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString query() const { return query_; }
    // Searches ~300 ms after the last change (typing does not send a request per key).
    void setQuery(const QString& query);
    QString sort() const { return sort_; }
    void setSort(const QString& sort); // "downloads", "likes" or "recent"
    QString status() const { return status_; }
    QString message() const { return message_; }
    bool showingCurated() const { return showingCurated_; }
    bool showingOfflineCurated() const { return showingCurated_ && offlineCurated_; }
    bool canLoadMore() const { return !showingCurated_ && !nextUrl_.isEmpty(); }
    bool loadingMore() const { return loadingMore_; }
    int count() const { return int(rows_.size()); }
    QString searchedText() const { return searchedText_; }

    Q_INVOKABLE void loadMore();
    // Now, instead of waiting for the next automatic retry.
    Q_INVOKABLE void retry();
    Q_INVOKABLE QString repoIdAt(int row) const;

    // Tests: the debounce, the page size and the retry delays.
    void setDebounceMs(int ms) { debounce_.setInterval(ms); }
    void setPageSize(int size) { pageSize_ = size; }
    RetryBackoff& backoff() { return backoff_; }
    // Replaces the curated list (tests; the default comes from the resource).
    void setCuratedModels(const QList<CuratedModel>& models);

Q_SIGNALS:
    void queryChanged();
    void sortChanged();
    void statusChanged();
    void resultsChanged();

private:
    struct Row {
        hub::HubModel model;
        QString description;
        QString family;
        bool known = true; // numbers from the Hub (false for curated rows)
    };
    enum class Pending { None, Search, More };

    void startSearch();
    void startLoadMore();
    // The curated list; a non-empty `offlineQuery` narrows it to the models
    // matching the query that could not be searched.
    void showCurated(const QString& offlineQuery = {});
    void handlePage(const QFuture<hub::SearchPage>& future, quint64 serial, bool append);
    void setStatus(const QString& status, const QString& message);

    hub::HubClient& client_;
    QList<CuratedModel> curated_;
    QList<Row> rows_;
    QString query_;
    QString searchedText_;
    QString sort_ = QStringLiteral("downloads");
    QString status_ = QStringLiteral("idle");
    QString message_;
    QString nextUrl_;
    bool showingCurated_ = true;
    bool offlineCurated_ = false;
    bool loadingMore_ = false;
    int pageSize_ = 30;
    quint64 serial_ = 0;       // bumped per request: answers to older ones are dropped
    Pending failed_ = Pending::None; // what retry() repeats
    QTimer debounce_;
    RetryBackoff backoff_;
};

} // namespace hearth::ui
