// Compare sessions: one prompt, several models' answers, votes and ties.

#include "hearth/error.h"
#include "services/store/compare_store.h"
#include "services/store/database.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace hearth::store;

namespace {

CompareAnswer answerBy(const QString& model, const QString& text)
{
    CompareAnswer a;
    a.model = model;
    a.content = text;
    a.stats = {20, 40, 120.0, 500.0, 30.0};
    a.finishReason = FinishReason::Stop;
    return a;
}

} // namespace

class StoreCompareTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<Database> db_;
    int round_ = 0;

private Q_SLOTS:
    void init() { db_ = std::make_unique<Database>(dir_.filePath(QString("cmp%1.sqlite3").arg(round_++))); }
    void cleanup() { db_.reset(); }

    void sessionWithAnswersAndVotes()
    {
        CompareStore store(*db_);
        const qint64 s = store.createSession("Explain WAL in one line.", "Be terse.", true);
        const qint64 a = store.addAnswer(s, answerBy("qwen3-0.6b", "Writes go to a log first."));
        const qint64 b = store.addAnswer(s, answerBy("llama-3.2-1b", "A write-ahead log."));
        const qint64 v1 = store.voteFor(s, b);
        const qint64 v2 = store.voteTie(s);

        const CompareSession back = *store.session(s);
        QCOMPARE(back.prompt, QString("Explain WAL in one line."));
        QCOMPARE(back.systemPrompt, QString("Be terse."));
        QVERIFY(back.blind);
        QCOMPARE(back.answers.size(), std::size_t(2));
        QCOMPARE(back.answers[0].id, a);
        QCOMPARE(back.answers[0].model, QString("qwen3-0.6b"));
        QCOMPARE(back.answers[1].content, QString("A write-ahead log."));
        QCOMPARE(back.answers[1].stats, (GenerationStats{20, 40, 120.0, 500.0, 30.0}));
        QCOMPARE(back.answers[1].finishReason, FinishReason::Stop);
        QCOMPARE(back.votes.size(), std::size_t(2));
        QCOMPARE(back.votes[0].id, v1);
        QCOMPARE(back.votes[0].winnerAnswerId, b);
        QVERIFY(!back.votes[0].isTie());
        QCOMPARE(back.votes[1].id, v2);
        QVERIFY(back.votes[1].isTie());
    }

    void updateAnswerWhileStreaming()
    {
        CompareStore store(*db_);
        const qint64 s = store.createSession("p", "", false);
        CompareAnswer answer = answerBy("m", "");
        answer.finishReason = FinishReason::Streaming;
        answer.id = store.addAnswer(s, answer);
        answer.content = "done";
        answer.finishReason = FinishReason::Length;
        store.updateAnswer(answer);
        const CompareSession back = *store.session(s);
        QCOMPARE(back.answers[0].content, QString("done"));
        QCOMPARE(back.answers[0].finishReason, FinishReason::Length);
    }

    void tallyCountsWinsAndTies()
    {
        CompareStore store(*db_);
        for (int round = 0; round < 3; ++round) {
            const qint64 s = store.createSession(QString("prompt %1").arg(round), "", false);
            const qint64 a = store.addAnswer(s, answerBy("alpha", "x"));
            store.addAnswer(s, answerBy("beta", "y"));
            if (round < 2)
                store.voteFor(s, a);
            else
                store.voteTie(s);
        }
        store.createSession("unvoted", "", false);
        const std::vector<ModelTally> tally = store.tally();
        QCOMPARE(tally.size(), std::size_t(2));
        QCOMPARE(tally[0].model, QString("alpha"));
        QCOMPARE(tally[0].wins, 2);
        QCOMPARE(tally[0].ties, 1);
        QCOMPARE(tally[0].sessions, 3);
        QCOMPARE(tally[1].model, QString("beta"));
        QCOMPARE(tally[1].wins, 0);
        QCOMPARE(tally[1].ties, 1);
    }

    void listAndDelete()
    {
        CompareStore store(*db_);
        const qint64 s1 = store.createSession("first", "", false);
        const qint64 s2 = store.createSession("second", "", false);
        store.addAnswer(s1, answerBy("m", "a"));
        const std::vector<CompareSession> listed = store.listSessions(10);
        QCOMPARE(listed.size(), std::size_t(2));
        QCOMPARE(listed[0].id, s2); // newest first
        store.deleteSession(s1);
        QVERIFY(!store.session(s1));
        Statement count = db_->prepare("SELECT count(*) FROM compare_answers");
        QVERIFY(count.step());
        QCOMPARE(count.int64(0), qint64(0));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, store.deleteSession(s1));
    }

    void votesMustNameAnAnswerOfTheSession()
    {
        CompareStore store(*db_);
        const qint64 s1 = store.createSession("one", "", false);
        const qint64 s2 = store.createSession("two", "", false);
        const qint64 other = store.addAnswer(s2, answerBy("m", "a"));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, store.voteFor(s1, other));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, store.voteFor(s1, 12345));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, store.voteTie(999));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, store.addAnswer(999, answerBy("m", "a")));
        QVERIFY(store.session(s1)->votes.empty());
    }
};

QTEST_GUILESS_MAIN(StoreCompareTest)
#include "test_store_compare.moc"
