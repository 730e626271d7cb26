#include "discover_model.h"

#include "core/size_text.h"
#include "hearth/error.h"
#include "hub_text.h"

namespace hearth::ui {
namespace {

constexpr int kDebounceMs = 300;

hub::SearchSort toSearchSort(const QString& sort)
{
    if (sort == QLatin1String("likes"))
        return hub::SearchSort::Likes;
    if (sort == QLatin1String("recent"))
        return hub::SearchSort::Recent;
    return hub::SearchSort::Downloads;
}

} // namespace

DiscoverModel::DiscoverModel(hub::HubClient& client, QObject* parent)
    : QAbstractListModel(parent), client_(client), backoff_([this] { retry(); }, this)
{
    debounce_.setSingleShot(true);
    debounce_.setInterval(kDebounceMs);
    connect(&debounce_, &QTimer::timeout, this, &DiscoverModel::startSearch);
    curated_ = loadCuratedModels();
    showCurated();
}

int DiscoverModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant DiscoverModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row& row = rows_[index.row()];
    const hub::HubModel& m = row.model;
    switch (role) {
    case Qt::DisplayRole:
    case RepoIdRole: return m.id;
    case AuthorRole: return m.author.isEmpty() ? m.id.section('/', 0, 0) : m.author;
    case NameRole: return m.id.section('/', 1);
    case DownloadsRole: return row.known ? m.downloads : qint64(-1);
    case DownloadsTextRole: return row.known ? countText(quint64(std::max<qint64>(0, m.downloads))) : QString();
    case LikesRole: return row.known ? m.likes : qint64(-1);
    case LikesTextRole: return row.known ? countText(quint64(std::max<qint64>(0, m.likes))) : QString();
    case UpdatedTextRole: return relativeTimeText(m.lastModified);
    case LicenseRole: return m.license;
    case GatedRole: return m.gated;
    case DescriptionRole: return row.description;
    case FamilyRole: return row.family;
    default: return {};
    }
}

QHash<int, QByteArray> DiscoverModel::roleNames() const
{
    return {{RepoIdRole, "repoId"},           {AuthorRole, "author"},
            {NameRole, "name"},               {DownloadsRole, "downloads"},
            {DownloadsTextRole, "downloadsText"}, {LikesRole, "likes"},
            {LikesTextRole, "likesText"},     {UpdatedTextRole, "updatedText"},
            {LicenseRole, "license"},         {GatedRole, "gated"},
            {DescriptionRole, "description"}, {FamilyRole, "family"}};
}

void DiscoverModel::setQuery(const QString& query)
{
    if (query == query_)
        return;
    query_ = query;
    Q_EMIT queryChanged();
    if (query_.trimmed().isEmpty()) {
        debounce_.stop();
        backoff_.reset();
        ++serial_; // an answer still on its way is for a query that is gone
        failed_ = Pending::None;
        loadingMore_ = false;
        showCurated();
        setStatus(QStringLiteral("idle"), {});
        return;
    }
    debounce_.start();
}

void DiscoverModel::setSort(const QString& sort)
{
    const QString valid = (sort == QLatin1String("likes") || sort == QLatin1String("recent")) ? sort
                                                                                             : QStringLiteral("downloads");
    if (valid == sort_)
        return;
    sort_ = valid;
    Q_EMIT sortChanged();
    if (!query_.trimmed().isEmpty()) {
        debounce_.stop();
        startSearch();
    }
}

void DiscoverModel::setCuratedModels(const QList<CuratedModel>& models)
{
    curated_ = models;
    if (showingCurated_)
        showCurated(offlineCurated_ ? query_.trimmed() : QString());
}

void DiscoverModel::showCurated(const QString& offlineQuery)
{
    beginResetModel();
    rows_.clear();
    for (const CuratedModel& c : curated_) {
        if (!matchesQuery(c, offlineQuery))
            continue;
        Row row;
        row.model.id = c.repoId;
        row.model.author = c.repoId.section('/', 0, 0);
        row.description = c.description;
        row.family = c.family;
        row.known = false;
        rows_ << row;
    }
    showingCurated_ = true;
    offlineCurated_ = !offlineQuery.isEmpty();
    nextUrl_.clear();
    searchedText_.clear();
    endResetModel();
    Q_EMIT resultsChanged();
}

void DiscoverModel::startSearch()
{
    const QString text = query_.trimmed();
    if (text.isEmpty())
        return;
    backoff_.cancel();
    const quint64 serial = ++serial_;
    failed_ = Pending::None;
    loadingMore_ = false;
    setStatus(QStringLiteral("loading"), {});
    hub::SearchQuery q;
    q.text = text;
    q.sort = toSearchSort(sort_);
    q.limit = pageSize_;
    client_.search(q).then(this, [this, serial, text](const QFuture<hub::SearchPage>& f) {
        if (serial == serial_)
            searchedText_ = text;
        handlePage(f, serial, false);
    });
}

void DiscoverModel::loadMore()
{
    if (!canLoadMore() || status_ == QLatin1String("loading"))
        return;
    startLoadMore();
}

void DiscoverModel::startLoadMore()
{
    if (nextUrl_.isEmpty())
        return;
    backoff_.cancel();
    const quint64 serial = ++serial_;
    failed_ = Pending::None;
    loadingMore_ = true;
    setStatus(QStringLiteral("loading"), {});
    client_.nextPage(nextUrl_).then(this, [this, serial](const QFuture<hub::SearchPage>& f) {
        handlePage(f, serial, true);
    });
}

void DiscoverModel::handlePage(const QFuture<hub::SearchPage>& future, quint64 serial, bool append)
{
    if (serial != serial_)
        return; // the user has moved on to another query or sort
    QString error;
    hub::SearchPage page;
    try {
        QFuture<hub::SearchPage> done = future;
        done.waitForFinished(); // finished already; rethrows the client's error
        if (done.resultCount() == 0)
            error = tr("The search was cancelled.");
        else
            page = done.result();
    } catch (const hearth::Error& e) {
        error = QString::fromUtf8(e.what());
    } catch (const std::exception& e) {
        error = tr("The search failed: %1").arg(QString::fromUtf8(e.what()));
    }
    loadingMore_ = false;
    if (!error.isEmpty()) {
        failed_ = append ? Pending::More : Pending::Search;
        if (isOfflineError(error)) {
            if (!append) // what we know without the Hub, rather than rows for another query
                showCurated(query_.trimmed());
            setStatus(QStringLiteral("offline"), asSentence(error)); // the page adds "Hearth keeps trying."
            backoff_.schedule();
        } else {
            setStatus(QStringLiteral("error"), error);
        }
        return;
    }
    backoff_.reset();
    if (append) {
        if (!page.models.isEmpty()) {
            beginInsertRows({}, int(rows_.size()), int(rows_.size() + page.models.size() - 1));
            for (const hub::HubModel& m : page.models)
                rows_ << Row{m, {}, {}, true};
            endInsertRows();
        }
    } else {
        beginResetModel();
        rows_.clear();
        for (const hub::HubModel& m : page.models)
            rows_ << Row{m, {}, {}, true};
        showingCurated_ = false;
        endResetModel();
    }
    nextUrl_ = page.nextUrl;
    setStatus(QStringLiteral("idle"), {});
    Q_EMIT resultsChanged();
}

void DiscoverModel::retry()
{
    backoff_.cancel();
    switch (failed_) {
    case Pending::More: startLoadMore(); break;
    case Pending::Search: startSearch(); break;
    case Pending::None:
        if (!query_.trimmed().isEmpty())
            startSearch();
        break;
    }
}

QString DiscoverModel::repoIdAt(int row) const
{
    return row >= 0 && row < rows_.size() ? rows_[row].model.id : QString();
}

void DiscoverModel::setStatus(const QString& status, const QString& message)
{
    status_ = status;
    message_ = message;
    Q_EMIT statusChanged(); // also when only loadingMore changed
}

} // namespace hearth::ui
