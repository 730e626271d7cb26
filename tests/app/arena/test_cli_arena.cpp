// `hearth-cli arena ratings|votes`: the exact JSON scripts rely on, votes
// from a file and from the chat database, and bad input.

#include "cli_process.h"
#include "services/arena/ratings.h"
#include "services/arena/vote_file.h"
#include "services/store/compare_store.h"
#include "services/store/database.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using hearth::test::runCli;
using namespace hearth::arena;

class CliArenaTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    QString votesFile()
    {
        std::vector<Vote> votes;
        for (int i = 0; i < 3; ++i)
            votes.push_back({"qwen", "llama", Verdict::A});
        votes.push_back({"llama", "qwen", Verdict::A});
        const QString path = dir_.filePath("votes.jsonl");
        writeVoteFile(path, votes);
        return path;
    }

private Q_SLOTS:
    void ratingsJsonHasTheDocumentedShape()
    {
        const auto result = runCli({"arena", "ratings", "--votes", votesFile(), "--json", "--bootstrap", "200",
                                    "--seed", "5"});
        QCOMPARE(result.exitCode, 0);
        const QJsonObject root = QJsonDocument::fromJson(result.rawOut).object();
        QCOMPARE(root.keys(), (QStringList{"ratings", "votes"}));
        QCOMPARE(root["votes"].toInt(), 4);
        const QJsonArray rows = root["ratings"].toArray();
        QCOMPARE(rows.size(), 2);
        const QJsonObject best = rows[0].toObject();
        QCOMPARE(best.keys(),
                 (QStringList{"ci_high", "ci_low", "losses", "model", "rating", "ties", "votes", "wins"}));
        QCOMPARE(best["model"].toString(), QString("qwen"));
        QCOMPARE(best["wins"].toInt(), 3);
        QCOMPARE(best["losses"].toInt(), 1);
        QCOMPARE(best["votes"].toInt(), 4);
        // 3 wins to 1: 400 log10(3) apart around 1000, to one decimal.
        QVERIFY(std::abs(best["rating"].toDouble() - 1095.4) < 0.051);
        QVERIFY(std::abs(rows[1].toObject()["rating"].toDouble() - 904.6) < 0.051);
        QVERIFY(best["ci_low"].toDouble() <= best["ci_high"].toDouble());

        const auto again = runCli({"arena", "ratings", "--votes", votesFile(), "--json", "--bootstrap", "200",
                                   "--seed", "5"});
        QCOMPARE(again.rawOut, result.rawOut);
    }

    void ratingsTextSaysWhatAnInfiniteRatingBecame()
    {
        const QString path = dir_.filePath("one-sided.jsonl");
        writeVoteFile(path, {{"a", "b", Verdict::A}, {"a", "b", Verdict::A}});
        const auto result = runCli({"arena", "ratings", "--votes", path, "--bootstrap", "50"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY2(result.out.contains("a never lost"), qPrintable(result.out));
        QVERIFY(result.out.contains("b never won"));
        const QRegularExpression notANumber("\\b(nan|-?inf)\\b", QRegularExpression::CaseInsensitiveOption);
        QVERIFY2(!notANumber.match(result.out).hasMatch(), qPrintable(result.out));
    }

    void votesFromTheDatabaseAndExport()
    {
        QTemporaryDir data;
        {
            hearth::store::Database db(data.filePath("chats.sqlite3"));
            hearth::store::CompareStore store(db);
            const qint64 s = store.createSession("Say hi", "", true);
            hearth::store::CompareAnswer first;
            first.model = "gemma";
            const qint64 a = store.addAnswer(s, first);
            hearth::store::CompareAnswer second;
            second.model = "phi";
            store.addAnswer(s, second);
            store.voteFor(s, a);
            store.voteTie(s);
        }
        const auto listed = runCli({"arena", "votes", "--json", "--data-dir", data.path()});
        QCOMPARE(listed.exitCode, 0);
        const QJsonArray votes = QJsonDocument::fromJson(listed.rawOut).array();
        QCOMPARE(votes.size(), 2);
        QCOMPARE(votes[0].toObject()["winner"].toString(), QString("a"));
        QCOMPARE(votes[1].toObject()["winner"].toString(), QString("tie"));

        const QString exported = data.filePath("out.jsonl");
        QCOMPARE(runCli({"arena", "votes", "--export", exported, "--data-dir", data.path()}).exitCode, 0);
        const std::vector<Vote> back = readVoteFile(exported);
        QCOMPARE(back.size(), size_t(2));
        QCOMPARE(back[0].a, QString("gemma"));
        QCOMPARE(back[0].b, QString("phi"));

        const auto rated = runCli({"arena", "ratings", "--json", "--data-dir", data.path()});
        QCOMPARE(rated.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(rated.rawOut).object()["votes"].toInt(), 2);
    }

    void badInputIsRefusedInWords()
    {
        const QString path = dir_.filePath("broken.jsonl");
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"a\": \"x\", \"b\": \"y\", \"winner\": \"a\"}\nnot json\n");
        file.close();
        const auto broken = runCli({"arena", "ratings", "--votes", path});
        QCOMPARE(broken.exitCode, 1);
        QVERIFY2(broken.err.contains("line 2"), qPrintable(broken.err));

        QCOMPARE(runCli({"arena", "ratings", "--votes", dir_.filePath("missing.jsonl")}).exitCode, 1);
        QCOMPARE(runCli({"arena", "leaderboard"}).exitCode, 2);
        QCOMPARE(runCli({"arena", "ratings", "--bootstrap", "-3"}).exitCode, 2);

        QTemporaryDir empty;
        const auto none = runCli({"arena", "ratings", "--data-dir", empty.path()});
        QCOMPARE(none.exitCode, 0);
        QVERIFY(none.out.contains("No votes yet"));
    }
};

QTEST_GUILESS_MAIN(CliArenaTest)
#include "test_cli_arena.moc"
