// ChatService: store work runs off the calling thread, results come back on
// it, errors are reported, and streaming answers are saved, including when
// the service goes away in the middle of one.

#include "services/chat/chat_service.h"
#include "services/store/message_tree.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>
#include <QtTest>

#include <optional>
#include <type_traits>

using hearth::chat::ChatService;
using hearth::chat::Stores;
namespace store = hearth::store;

class ChatServiceTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const char* name) const { return dir_.filePath(name); }

    // Runs `work` on the store thread and waits for its result (default-made
    // on a timeout; the test's own checks then fail).
    template <class Work>
    auto runOnStore(ChatService& service, Work work)
    {
        using Result = std::invoke_result_t<Work, Stores&>;
        std::optional<Result> result;
        service.post(this, std::move(work), [&result](Result r) { result = std::move(r); });
        [[maybe_unused]] const bool arrived = QTest::qWaitFor([&] { return result.has_value(); }, 10000);
        return result.value_or(Result{});
    }

    qint64 beginAnswer(ChatService& service, qint64 chatId, qint64 parentId)
    {
        qint64 id = 0;
        service.beginAnswer(chatId, parentId, 0, "tiny", R"({"temperature":0.5})", this,
                            [&id](qint64 answerId) { id = answerId; });
        [[maybe_unused]] const bool begun = QTest::qWaitFor([&] { return id != 0; }, 10000);
        return id;
    }

    static void openOrFail(ChatService& service)
    {
        QSignalSpy opened(&service, &ChatService::opened);
        service.open();
        QVERIFY(opened.wait(10000));
        QVERIFY(service.isOpen());
    }

private Q_SLOTS:
    void workRunsOnTheStoreThreadAndAnswersOnOurs()
    {
        ChatService service(path("a.sqlite3"));
        openOrFail(service);
        QThread* workThread = nullptr;
        QThread* doneThread = nullptr;
        qint64 created = 0;
        bool done = false;
        service.post(
            this,
            [&workThread](Stores& s) {
                workThread = QThread::currentThread();
                store::Chat chat;
                chat.title = "First";
                return s.chats.createChat(chat);
            },
            [&](qint64 id) {
                doneThread = QThread::currentThread();
                created = id;
                done = true;
            });
        QTRY_VERIFY(done);
        QVERIFY(workThread != nullptr);
        QVERIFY(workThread != QThread::currentThread());
        QCOMPARE(doneThread, QThread::currentThread());
        QVERIFY(created > 0);
    }

    void errorsAreReportedAndSkipTheCallback()
    {
        ChatService service(path("b.sqlite3"));
        openOrFail(service);
        QSignalSpy errors(&service, &ChatService::errorOccurred);
        bool called = false;
        service.post(
            this, [](Stores& s) { return s.chats.requireChat(424242); }, [&](store::Chat) { called = true; });
        QTRY_COMPARE(errors.count(), 1);
        QVERIFY2(errors.first().first().toString().contains("no chat with id 424242"),
                 qPrintable(errors.first().first().toString()));
        QTest::qWait(50);
        QVERIFY(!called);
    }

    void aDamagedFileFailsToOpenWithAReason()
    {
        QFile file(path("damaged.sqlite3"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        ChatService service(path("damaged.sqlite3"));
        QSignalSpy failed(&service, &ChatService::openFailed);
        service.open();
        QVERIFY(failed.wait(10000));
        QVERIFY(!failed.first().first().toString().isEmpty());
        QVERIFY(!service.isOpen());
    }

    void streamedAnswersAreSaved()
    {
        const QString db = path("c.sqlite3");
        qint64 answerId = 0;
        qint64 chatId = 0;
        {
            ChatService service(db);
            openOrFail(service);
            const auto ids = runOnStore(service, [](Stores& s) {
                store::Chat chat;
                chat.title = "Streaming";
                const qint64 id = s.chats.createChat(chat);
                store::Message question;
                question.content = "Hello?";
                return std::pair(id, s.messages.addChild(id, 0, question));
            });
            chatId = ids.first;
            answerId = beginAnswer(service, ids.first, ids.second);
            QVERIFY(answerId > 0);
            service.appendAnswer(answerId, "thinking ", "");
            service.appendAnswer(answerId, "", "Hello");
            service.appendAnswer(answerId, "", ", world");
            store::GenerationStats stats;
            stats.generatedTokens = 3;
            stats.reasoningMs = 1234.5;
            service.finishAnswer(answerId, stats, store::FinishReason::Stop);
        }
        store::Database reopened(db);
        const store::Message answer = store::MessageTree(reopened).requireMessage(answerId);
        QCOMPARE(answer.chatId, chatId);
        QCOMPARE(answer.model, QString("tiny"));
        QCOMPARE(answer.settingsJson, QString(R"({"temperature":0.5})"));
        QCOMPARE(answer.content, QString("Hello, world"));
        QCOMPARE(answer.reasoning, QString("thinking "));
        QCOMPARE(answer.finishReason, store::FinishReason::Stop);
        QCOMPARE(answer.stats.generatedTokens, 3);
        QCOMPARE(answer.stats.reasoningMs, 1234.5);
    }

    void closingMidAnswerKeepsTheTextAsCancelled()
    {
        const QString db = path("d.sqlite3");
        qint64 answerId = 0;
        {
            ChatService service(db);
            openOrFail(service);
            const qint64 chatId = runOnStore(service, [](Stores& s) { return s.chats.createChat({}); });
            answerId = beginAnswer(service, chatId, 0);
            QVERIFY(answerId > 0);
            service.appendAnswer(answerId, "", "Half an ans");
            service.appendAnswer(answerId, "", "wer");
        } // no finishAnswer: the app quit while it streamed
        store::Database reopened(db);
        const store::Message answer = store::MessageTree(reopened).requireMessage(answerId);
        QCOMPARE(answer.content, QString("Half an answer"));
        QCOMPARE(answer.finishReason, store::FinishReason::Cancelled);
    }

    void continuingAnAnswerAppendsToIt()
    {
        const QString db = path("e.sqlite3");
        qint64 answerId = 0;
        {
            ChatService service(db);
            openOrFail(service);
            answerId = runOnStore(service, [](Stores& s) {
                const qint64 chatId = s.chats.createChat({});
                store::Message answer;
                answer.role = store::Role::Assistant;
                answer.content = "Once upon";
                answer.finishReason = store::FinishReason::Length;
                return s.messages.addChild(chatId, 0, answer);
            });
            QVERIFY(answerId > 0);
            service.resumeAnswer(answerId);
            service.appendAnswer(answerId, "", " a time");
            service.finishAnswer(answerId, {}, store::FinishReason::Stop);
        }
        store::Database reopened(db);
        const store::Message answer = store::MessageTree(reopened).requireMessage(answerId);
        QCOMPARE(answer.content, QString("Once upon a time"));
        QCOMPARE(answer.finishReason, store::FinishReason::Stop);
    }
};

QTEST_MAIN(ChatServiceTest)
#include "test_chat_service.moc"
