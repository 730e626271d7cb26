#include "leaderboard_model.h"

#include "core/settings.h"
#include "services/arena/stored_votes.h"

#include <QDateTime>
#include <QDir>
#include <QFutureWatcher>
#include <QSaveFile>
#include <QtConcurrent/QtConcurrentRun>

namespace hearth::ui {

LeaderboardModel::LeaderboardModel(chat::ChatService& chats, QObject* parent)
    : QAbstractListModel(parent), chats_(chats)
{
}

int LeaderboardModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(board_.ratings.ratings.size());
}

QVariant LeaderboardModel::data(const QModelIndex& index, int role) const
{
    if (!index.isValid() || index.row() >= rowCount())
        return {};
    const arena::ModelRating& m = board_.ratings.ratings[size_t(index.row())];
    switch (role) {
    case RankRole: return index.row() + 1;
    case Qt::DisplayRole:
    case ModelRole: return m.model;
    case RatingRole: return m.rating;
    case IntervalRole: return QString("%1 - %2").arg(m.ciLow, 0, 'f', 0).arg(m.ciHigh, 0, 'f', 0);
    case CiLowRole: return m.ciLow;
    case CiHighRole: return m.ciHigh;
    case VotesRole: return m.votes;
    case WinsRole: return m.wins;
    case TiesRole: return m.ties;
    case LossesRole: return m.losses;
    case WinShareRole: return m.votes > 0 ? (m.wins + 0.5 * m.ties) / m.votes : 0.0;
    default: return {};
    }
}

QHash<int, QByteArray> LeaderboardModel::roleNames() const
{
    return {{RankRole, "rank"},         {ModelRole, "model"},   {RatingRole, "rating"},
            {IntervalRole, "interval"}, {CiLowRole, "ciLow"},   {CiHighRole, "ciHigh"},
            {VotesRole, "votes"},       {WinsRole, "wins"},     {TiesRole, "ties"},
            {LossesRole, "losses"},     {WinShareRole, "winShare"}};
}

void LeaderboardModel::setCategory(const QString& category)
{
    if (category == category_)
        return;
    category_ = category;
    Q_EMIT categoryChanged();
    rebuild();
}

QStringList LeaderboardModel::modelNames() const
{
    QStringList names;
    for (const arena::ModelRating& m : board_.ratings.ratings)
        names.append(m.model);
    return names;
}

QVariantList LeaderboardModel::matrix() const
{
    QVariantList rows;
    for (const auto& row : board_.matrix) {
        QVariantList cells;
        for (const arena::HeadToHead& cell : row) {
            const double rate = cell.winRate();
            cells.append(QVariantMap{{"rate", rate},
                                     {"games", cell.games},
                                     {"text", rate < 0 ? QString() : QString::number(qRound(rate * 100)) + "%"}});
        }
        rows.append(QVariant(cells));
    }
    return rows;
}

void LeaderboardModel::refresh()
{
    ++pending_;
    Q_EMIT loadingChanged();
    chats_.post(
        this, [](chat::Stores& s) { return arena::storedVotes(s.db); },
        [this](std::vector<arena::Vote> votes) {
            votes_ = std::move(votes);
            QStringList categories;
            for (const arena::Vote& v : votes_)
                if (!v.category.isEmpty() && !categories.contains(v.category, Qt::CaseInsensitive))
                    categories.append(v.category);
            categories.sort(Qt::CaseInsensitive);
            categories_ = categories;
            --pending_;
            rebuild();
        });
}

void LeaderboardModel::rebuild()
{
    ++pending_;
    Q_EMIT loadingChanged();
    const quint64 generation = ++generation_;
    auto* watcher = new QFutureWatcher<arena::Leaderboard>(this);
    connect(watcher, &QFutureWatcher<arena::Leaderboard>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        --pending_;
        if (generation == generation_) {
            beginResetModel();
            board_ = watcher->result();
            endResetModel();
            Q_EMIT boardChanged();
        }
        Q_EMIT loadingChanged();
    });
    const std::vector<arena::Vote> votes = arena::votesInCategory(votes_, category_);
    const arena::RatingsOptions options{bootstrap_, 0};
    watcher->setFuture(QtConcurrent::run([votes, options] { return arena::buildLeaderboard(votes, options); }));
}

void LeaderboardModel::exportBoard(const QString& format)
{
    const bool csv = format == "csv";
    const QString folder = Settings().exportFolder();
    if (!QDir().mkpath(folder))
        return setNotice(tr("Could not create the export folder %1.").arg(folder));
    const QString name = "leaderboard-" + QDateTime::currentDateTime().toString("yyyy-MM-dd-HHmm") +
                         (category_.isEmpty() ? QString() : "-" + category_) + (csv ? ".csv" : ".md");
    const QString path = QDir(folder).filePath(name);
    const QByteArray bytes = (csv ? arena::leaderboardCsv(board_) : arena::leaderboardMarkdown(board_)).toUtf8();
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
        return setNotice(tr("Could not write %1: %2").arg(path, file.errorString()));
    setNotice(tr("Exported to %1").arg(path));
}

void LeaderboardModel::clearNotice()
{
    setNotice({});
}

void LeaderboardModel::setNotice(const QString& text)
{
    notice_ = text;
    Q_EMIT noticeTextChanged();
}

} // namespace hearth::ui
