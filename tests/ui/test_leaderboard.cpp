// The leaderboard page in the real window: empty until there are votes,
// then ratings best first, the head-to-head heat map, and the exports.

#include "app_under_test.h"
#include "arena/leaderboard_model.h"
#include "core/settings.h"
#include "services/store/compare_store.h"
#include "services/store/database.h"
#include "services/store/store_location.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

using namespace hearth::test;
using hearth::ui::LeaderboardModel;

namespace {

// Two-answer compare sessions with a vote each, as the blind arena saves them.
void saveVotes(const QString& dataDir, const QString& a, const QString& b, int aWins, int bWins, int ties)
{
    hearth::store::Database db(hearth::store::ensureChatDatabasePath(dataDir));
    hearth::store::CompareStore store(db);
    for (int i = 0; i < aWins + bWins + ties; ++i) {
        const qint64 session = store.createSession("Which is better?", "", true);
        hearth::store::CompareAnswer first;
        first.model = a;
        const qint64 firstId = store.addAnswer(session, first);
        hearth::store::CompareAnswer second;
        second.model = b;
        const qint64 secondId = store.addAnswer(session, second);
        if (i < aWins)
            store.voteFor(session, firstId);
        else if (i < aWins + bWins)
            store.voteFor(session, secondId);
        else
            store.voteTie(session);
    }
}

QString cell(const LeaderboardModel& board, int row, int role)
{
    return board.data(board.index(row), role).toString();
}

} // namespace

class LeaderboardTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;

private Q_SLOTS:
    void initTestCase() { prepareWindowTests(config_.path()); }
    void cleanup() { HEARTH_FAIL_ON_QML_WARNINGS(); }

    void emptyUntilThereAreVotes()
    {
        QTemporaryDir data;
        AppUnderTest app(data.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        click(app.item("leaderboardButton"));
        QCOMPARE(app.window->property("currentPage").toString(), QString("leaderboard"));
        QTRY_VERIFY_WITH_TIMEOUT(!app.context->leaderboard()->loading(), kWaitMs);
        QVERIFY(app.item("leaderboardEmpty"));
        QVERIFY(!app.item("headToHead"));
    }

    void ratingsHeatMapAndExports()
    {
        QTemporaryDir data;
        saveVotes(data.path(), "qwen3-4b Q4_K_M", "llama-3.2-3b Q4_K_M", 6, 2, 1);
        saveVotes(data.path(), "llama-3.2-3b Q4_K_M", "gemma-3-4b Q4_K_M", 3, 2, 0);
        saveVotes(data.path(), "qwen3-4b Q4_K_M", "gemma-3-4b Q4_K_M", 4, 1, 1);
        const QString exportDir = data.path() + "/exports";
        hearth::Settings().setExportFolder(exportDir);

        AppUnderTest app(data.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        LeaderboardModel& board = *app.context->leaderboard();
        board.setBootstrap(100);
        app.window->setProperty("currentPage", "leaderboard");
        QTRY_COMPARE_WITH_TIMEOUT(board.voteCount(), 20, kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!board.loading(), kWaitMs);

        QCOMPARE(board.rowCount(), 3);
        QCOMPARE(cell(board, 0, LeaderboardModel::ModelRole), QString("qwen3-4b Q4_K_M"));
        QCOMPARE(cell(board, 2, LeaderboardModel::ModelRole), QString("gemma-3-4b Q4_K_M"));
        QCOMPARE(board.data(board.index(0), LeaderboardModel::WinsRole).toInt(), 10);
        QCOMPARE(board.data(board.index(0), LeaderboardModel::TiesRole).toInt(), 2);
        QCOMPARE(board.data(board.index(0), LeaderboardModel::LossesRole).toInt(), 3);
        const double best = board.data(board.index(0), LeaderboardModel::RatingRole).toDouble();
        QVERIFY(best > 1000);
        QVERIFY(board.data(board.index(0), LeaderboardModel::CiLowRole).toDouble() <= best);

        // The heat map: qwen took (6 + 1/2) of 9 points against llama.
        QVERIFY(app.item("headToHead"));
        const QVariantList matrix = board.matrix();
        QCOMPARE(matrix.size(), 3);
        const QVariantMap qwenVsLlama = matrix[0].toList()[1].toMap();
        QCOMPARE(qwenVsLlama["games"].toInt(), 9);
        QCOMPARE(qwenVsLlama["text"].toString(), QString("72%"));
        QCOMPARE(matrix[0].toList()[0].toMap()["rate"].toDouble(), -1.0);

        click(app.item("exportCsv"));
        QTRY_VERIFY(board.noticeText().startsWith("Exported to"));
        const QStringList files = QDir(exportDir).entryList({"leaderboard-*.csv"});
        QCOMPARE(files.size(), 1);
        QFile csv(exportDir + "/" + files[0]);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(csv.readAll().contains("1,qwen3-4b Q4_K_M,"));
        click(app.item("exportMarkdown"));
        QTRY_COMPARE(QDir(exportDir).entryList({"leaderboard-*.md"}).size(), 1);
    }
};

QTEST_MAIN(LeaderboardTest)
#include "test_leaderboard.moc"
