// Bradley-Terry ratings of the blind arena: hand-solved cases, recovery of
// known strengths from simulated votes, the prior for models that never
// lost or never won, the bootstrap intervals, and the votes file.

#include "hearth/error.h"
#include "services/arena/leaderboard.h"
#include "services/arena/ratings.h"
#include "services/arena/vote_file.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <random>

using namespace hearth::arena;

namespace {

void addVotes(std::vector<Vote>& votes, const QString& a, const QString& b, int aWins, int bWins, int ties = 0)
{
    for (int i = 0; i < aWins; ++i)
        votes.push_back({a, b, Verdict::A});
    for (int i = 0; i < bWins; ++i)
        votes.push_back({a, b, Verdict::B});
    for (int i = 0; i < ties; ++i)
        votes.push_back({a, b, Verdict::Tie});
}

const ModelRating& ratingOf(const Ratings& ratings, const QString& model)
{
    for (const ModelRating& m : ratings.ratings)
        if (m.model == model)
            return m;
    qFatal("no rating for %s", qPrintable(model));
}

} // namespace

class ArenaRatingsTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // 3 wins to 1: odds 3, so R_A - R_B = 400 log10(3); the mean is 1000.
    void twoModelsAreSolvedByHand()
    {
        std::vector<Vote> votes;
        addVotes(votes, "A", "B", 3, 1);
        bool regularised = true;
        const std::vector<double> r = fitRatings({"A", "B"}, votes, &regularised);
        QVERIFY(!regularised);
        const double gap = 400 * std::log10(3.0);
        QVERIFY(std::abs(r[0] - (1000 + gap / 2)) < 1e-6);
        QVERIFY(std::abs(r[1] - (1000 - gap / 2)) < 1e-6);
    }

    // Counts drawn exactly from strengths 4 : 2 : 1, for which the likelihood
    // equations hold exactly: the fit must give back 400 log10 of them.
    void threeModelsAreSolvedByHand()
    {
        std::vector<Vote> votes;
        addVotes(votes, "A", "B", 2, 1);
        addVotes(votes, "A", "C", 4, 1);
        addVotes(votes, "B", "C", 2, 1);
        const std::vector<double> r = fitRatings({"A", "B", "C"}, votes);
        const double step = 400 * std::log10(2.0);
        QVERIFY2(std::abs(r[0] - (1000 + step)) < 1e-6, qPrintable(QString::number(r[0], 'f', 6)));
        QVERIFY(std::abs(r[1] - 1000) < 1e-6);
        QVERIFY(std::abs(r[2] - (1000 - step)) < 1e-6);
    }

    // A tie is half a win for each side, and "both bad" counts as a tie.
    void tiesAndBothBadAreHalfWins()
    {
        std::vector<Vote> withTies;
        addVotes(withTies, "A", "B", 1, 0, 2); // A scores 2, B scores 1
        std::vector<Vote> withBothBad;
        addVotes(withBothBad, "A", "B", 1, 0);
        withBothBad.push_back({"A", "B", Verdict::BothBad});
        withBothBad.push_back({"B", "A", Verdict::BothBad});
        const std::vector<double> r1 = fitRatings({"A", "B"}, withTies);
        const std::vector<double> r2 = fitRatings({"A", "B"}, withBothBad);
        const double gap = 400 * std::log10(2.0);
        QVERIFY(std::abs((r1[0] - r1[1]) - gap) < 1e-6);
        QVERIFY(std::abs((r2[0] - r2[1]) - gap) < 1e-6);

        const Ratings table = computeRatings(withBothBad, {0, 0});
        QCOMPARE(ratingOf(table, "A").wins, 1);
        QCOMPARE(ratingOf(table, "A").ties, 2);
        QCOMPARE(ratingOf(table, "B").losses, 1);
        QCOMPARE(ratingOf(table, "B").votes, 3);
    }

    // Simulated votes from known ratings: the fit finds them again, and the
    // 95% intervals hold the true values.
    void knownStrengthsAreRecovered()
    {
        const QStringList models{"m1200", "m1100", "m1000", "m900", "m800"};
        const std::vector<double> truth{1200, 1100, 1000, 900, 800};
        std::mt19937_64 random(7);
        std::uniform_int_distribution<int> pick(0, int(models.size()) - 1);
        std::uniform_real_distribution<double> coin(0, 1);
        std::vector<Vote> votes;
        while (votes.size() < 6000) {
            const int a = pick(random);
            const int b = pick(random);
            if (a == b)
                continue;
            const double pA = 1 / (1 + std::pow(10.0, (truth[size_t(b)] - truth[size_t(a)]) / 400));
            votes.push_back({models[a], models[b], coin(random) < pA ? Verdict::A : Verdict::B});
        }
        const Ratings ratings = computeRatings(votes, {200, 3});
        QVERIFY(!ratings.regularised);
        QCOMPARE(ratings.votes, 6000);
        for (int i = 0; i < models.size(); ++i) {
            const ModelRating& m = ratingOf(ratings, models[i]);
            QVERIFY2(std::abs(m.rating - truth[size_t(i)]) < 25,
                     qPrintable(QString("%1: %2").arg(m.model).arg(m.rating)));
            QVERIFY2(m.ciLow <= truth[size_t(i)] && truth[size_t(i)] <= m.ciHigh,
                     qPrintable(QString("%1: [%2, %3]").arg(m.model).arg(m.ciLow).arg(m.ciHigh)));
            QVERIFY(m.ciHigh - m.ciLow < 100);
        }
        for (size_t i = 1; i < ratings.ratings.size(); ++i)
            QVERIFY(ratings.ratings[i - 1].rating >= ratings.ratings[i].rating);
    }

    // A never lost and C never won: the pure fit would send them to
    // +-infinity. The prior keeps everything finite, in the right order, and
    // the notes say so.
    void neverLostOrNeverWonStaysFinite()
    {
        std::vector<Vote> votes;
        addVotes(votes, "A", "B", 3, 0);
        addVotes(votes, "B", "C", 2, 0);
        const Ratings ratings = computeRatings(votes, {100, 1});
        QVERIFY(ratings.regularised);
        for (const ModelRating& m : ratings.ratings) {
            QVERIFY(std::isfinite(m.rating) && std::isfinite(m.ciLow) && std::isfinite(m.ciHigh));
            QVERIFY(m.ciLow <= m.ciHigh);
        }
        QCOMPARE(ratings.ratings[0].model, QString("A"));
        QCOMPARE(ratings.ratings[2].model, QString("C"));
        const QString notes = ratings.notes.join('\n');
        QVERIFY(notes.contains("A never lost"));
        QVERIFY(notes.contains("C never won"));
        double mean = 0;
        for (const ModelRating& m : ratings.ratings)
            mean += m.rating / 3;
        QVERIFY(std::abs(mean - 1000) < 1e-6);
    }

    void aSingleVoteAndNoVotes()
    {
        const Ratings one = computeRatings({{"A", "B", Verdict::A}}, {50, 0});
        QCOMPARE(one.ratings.size(), size_t(2));
        QVERIFY(std::isfinite(one.ratings[0].rating));
        QVERIFY(one.ratings[0].rating > one.ratings[1].rating);

        const Ratings none = computeRatings({}, {50, 0});
        QCOMPARE(none.votes, 0);
        QVERIFY(none.ratings.empty());

        // A model against itself says nothing.
        const Ratings self = computeRatings({{"A", "A", Verdict::A}}, {50, 0});
        QCOMPARE(self.votes, 0);
    }

    void theSameSeedGivesTheSameIntervals()
    {
        std::vector<Vote> votes;
        addVotes(votes, "A", "B", 6, 4, 1);
        addVotes(votes, "B", "C", 5, 5);
        addVotes(votes, "A", "C", 7, 3);
        const Ratings first = computeRatings(votes, {300, 42});
        const Ratings again = computeRatings(votes, {300, 42});
        for (size_t i = 0; i < first.ratings.size(); ++i) {
            QCOMPARE(first.ratings[i].ciLow, again.ratings[i].ciLow);
            QCOMPARE(first.ratings[i].ciHigh, again.ratings[i].ciHigh);
            QVERIFY(first.ratings[i].ciLow < first.ratings[i].ciHigh);
        }
    }

    // The heat map's cells are each pair's share of the points; the exports
    // carry the same numbers.
    void leaderboardHeadToHeadAndExports()
    {
        std::vector<Vote> votes;
        addVotes(votes, "A", "B", 2, 1);
        addVotes(votes, "A", "C", 4, 1);
        addVotes(votes, "B", "C", 2, 1);
        votes.push_back({"A", "C", Verdict::BothBad, "coding"});
        const Leaderboard board = buildLeaderboard(votes, {0, 0});
        QCOMPARE(board.ratings.ratings[0].model, QString("A"));
        QCOMPARE(board.matrix.size(), size_t(3));
        const HeadToHead& aVsC = board.matrix[0][2];
        QCOMPARE(aVsC.games, 6);
        QCOMPARE(aVsC.winRate(), 4.5 / 6);
        QCOMPARE(board.matrix[2][0].winRate(), 1.5 / 6);
        QCOMPARE(board.matrix[1][1].winRate(), -1.0);

        const QStringList csv = leaderboardCsv(board).split('\n', Qt::SkipEmptyParts);
        QCOMPARE(csv.size(), 4);
        QCOMPARE(csv[0], QString("rank,model,rating,ci_low,ci_high,votes,wins,ties,losses,win_share"));
        QVERIFY2(csv[1].startsWith("1,A,"), qPrintable(csv[1]));
        QVERIFY(csv[1].endsWith(",9,6,1,2,0.722")); // 6 wins + half a tie of 9 votes

        const QString markdown = leaderboardMarkdown(board);
        QVERIFY(markdown.contains("| 1 | A |"));
        QVERIFY2(markdown.contains("| A | - | 67% (3) | 75% (6) |"), qPrintable(markdown));

        QCOMPARE(votesInCategory(votes, "Coding").size(), size_t(1));
        QCOMPARE(votesInCategory(votes, "").size(), votes.size());
    }

    void voteFileRoundTripsAndNamesABadLine()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath("votes.jsonl");
        const std::vector<Vote> votes{{"qwen", "llama", Verdict::A}, {"qwen", "gemma", Verdict::BothBad},
                                      {"gemma", "llama", Verdict::Tie}, {"llama", "qwen", Verdict::B}};
        writeVoteFile(path, votes);
        const std::vector<Vote> back = readVoteFile(path);
        QCOMPARE(back.size(), votes.size());
        for (size_t i = 0; i < votes.size(); ++i) {
            QCOMPARE(back[i].a, votes[i].a);
            QCOMPARE(back[i].b, votes[i].b);
            QVERIFY(back[i].verdict == votes[i].verdict);
        }

        QFile bad(dir.filePath("bad.jsonl"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write(voteLine(votes[0]) + "\n{\"a\": \"x\", \"b\": \"y\", \"winner\": \"c\"}\n");
        bad.close();
        try {
            readVoteFile(bad.fileName());
            QFAIL("a bad winner was accepted");
        } catch (const hearth::Error& e) {
            QVERIFY2(QString(e.what()).contains("line 3"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(ArenaRatingsTest)
#include "test_arena_ratings.moc"
