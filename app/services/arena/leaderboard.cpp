#include "services/arena/leaderboard.h"

#include <QHash>

namespace hearth::arena {

namespace {

// Numbers in exports: enough digits for the votes behind them, never more.
QString number(double value, int decimals)
{
    return QString::number(value, 'f', decimals);
}

QString csvField(const QString& text)
{
    if (!text.contains(QLatin1Char(',')) && !text.contains(QLatin1Char('"')) && !text.contains(QLatin1Char('\n')))
        return text;
    QString quoted = text;
    quoted.replace(QLatin1Char('"'), QStringLiteral("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

QString markdownCell(QString text)
{
    return text.replace(QLatin1Char('|'), QStringLiteral("\\|")).replace(QLatin1Char('\n'), QLatin1Char(' '));
}

} // namespace

Leaderboard buildLeaderboard(const std::vector<Vote>& votes, const RatingsOptions& options)
{
    Leaderboard board;
    board.ratings = computeRatings(votes, options);
    const size_t n = board.ratings.ratings.size();
    QHash<QString, int> index;
    for (size_t i = 0; i < n; ++i)
        index.insert(board.ratings.ratings[i].model, int(i));
    board.matrix.assign(n, std::vector<HeadToHead>(n));
    for (const Vote& v : votes) {
        const int a = index.value(v.a, -1);
        const int b = index.value(v.b, -1);
        if (a < 0 || b < 0 || a == b)
            continue;
        const double scoreA = v.verdict == Verdict::A ? 1.0 : v.verdict == Verdict::B ? 0.0 : 0.5;
        HeadToHead& ab = board.matrix[size_t(a)][size_t(b)];
        HeadToHead& ba = board.matrix[size_t(b)][size_t(a)];
        ab.score += scoreA;
        ba.score += 1.0 - scoreA;
        ++ab.games;
        ++ba.games;
    }
    return board;
}

std::vector<Vote> votesInCategory(const std::vector<Vote>& votes, const QString& category)
{
    if (category.isEmpty())
        return votes;
    std::vector<Vote> kept;
    for (const Vote& v : votes)
        if (v.category.compare(category, Qt::CaseInsensitive) == 0)
            kept.push_back(v);
    return kept;
}

QString leaderboardCsv(const Leaderboard& board)
{
    QString text = "rank,model,rating,ci_low,ci_high,votes,wins,ties,losses,win_share\n";
    int rank = 0;
    for (const ModelRating& m : board.ratings.ratings)
        text += QString("%1,%2,%3,%4,%5,%6,%7,%8,%9,%10\n")
                    .arg(++rank)
                    .arg(csvField(m.model), number(m.rating, 1), number(m.ciLow, 1), number(m.ciHigh, 1))
                    .arg(m.votes)
                    .arg(m.wins)
                    .arg(m.ties)
                    .arg(m.losses)
                    .arg(number(m.winShare() / 100, 3));
    return text;
}

QString leaderboardMarkdown(const Leaderboard& board)
{
    const auto& rows = board.ratings.ratings;
    QString text = QString("## Leaderboard (%1 votes)\n\n").arg(board.ratings.votes);
    text += "| # | Model | Rating | 95% interval | Votes | W-T-L | Win share |\n";
    text += "|---:|---|---:|---|---:|---|---:|\n";
    int rank = 0;
    for (const ModelRating& m : rows)
        text += QString("| %1 | %2 | %3 | %4 - %5 | %6 | %7-%8-%9 | %10% |\n")
                    .arg(++rank)
                    .arg(markdownCell(m.model), number(m.rating, 0), number(m.ciLow, 0), number(m.ciHigh, 0))
                    .arg(m.votes)
                    .arg(m.wins)
                    .arg(m.ties)
                    .arg(m.losses)
                    .arg(number(m.winShare(), 1));
    for (const QString& note : board.ratings.notes)
        text += "\n> " + note + "\n";
    if (rows.size() < 2)
        return text;

    text += "\n### Head to head (row's share of the points against column)\n\n| |";
    QString rule = "|---|";
    for (const ModelRating& m : rows) {
        text += " " + markdownCell(m.model) + " |";
        rule += "---:|";
    }
    text += "\n" + rule + "\n";
    for (size_t i = 0; i < rows.size(); ++i) {
        text += "| " + markdownCell(rows[i].model) + " |";
        for (size_t j = 0; j < rows.size(); ++j) {
            const HeadToHead& cell = board.matrix[i][j];
            text += i == j || cell.games == 0 ? QString(" - |")
                                              : QString(" %1% (%2) |").arg(number(100 * cell.winRate(), 0)).arg(cell.games);
        }
        text += "\n";
    }
    return text;
}

} // namespace hearth::arena
