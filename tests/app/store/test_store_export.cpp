// Export to Markdown and JSON, and JSON import: the round trip keeps the
// whole tree, and broken files are refused without writing anything.

#include "hearth/error.h"
#include "services/store/chat_export.h"
#include "services/store/chat_store.h"
#include "services/store/database.h"
#include "services/store/message_tree.h"
#include "store_test_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include <map>

using namespace hearth::store;
using hearth::test::assistantMessage;
using hearth::test::userMessage;

class StoreExportTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<Database> db_;
    qint64 chat_ = 0;
    qint64 activeLeaf_ = 0;

    // q -> {a1 (older), a2 -> follow-up -> a3}; the branch on screen ends at a1.
    void buildChat()
    {
        ChatStore chats(*db_);
        Chat chat;
        chat.title = "Export me: \"quotes\" & ünïcode 🔥";
        chat.folder = "archive";
        chat.systemPrompt = "Line one.\nLine two.";
        chat.model = "Qwen/Qwen3-0.6B-GGUF";
        chat.samplingJson = R"({"temperature":0.5,"top_k":40})";
        chat.pinned = true;
        chat_ = chats.createChat(chat);
        MessageTree tree(*db_);
        Message q = userMessage("What is 2+2?");
        q.createdMs = 1000;
        const qint64 qId = tree.addChild(chat_, 0, q);
        Message a1 = assistantMessage("4");
        a1.createdMs = 2000;
        a1.reasoning = "Two plus two is four.";
        const qint64 a1Id = tree.addChild(chat_, qId, a1);
        Message a2 = assistantMessage("Four.", "llama");
        a2.createdMs = 3000;
        a2.finishReason = FinishReason::Length;
        a2.settingsJson = R"({"model_file":"llama-Q4_K_M.gguf","temperature":0.7})"; // keys sorted, as compact JSON
        const qint64 a2Id = tree.addChild(chat_, qId, a2);
        Message follow = userMessage("And 3+3?");
        follow.createdMs = 4000;
        const qint64 fId = tree.addChild(chat_, a2Id, follow);
        Message a3 = assistantMessage("6");
        a3.createdMs = 5000;
        tree.addChild(chat_, fId, a3);
        activeLeaf_ = tree.switchBranch(a1Id);
    }

private Q_SLOTS:
    void init()
    {
        db_ = std::make_unique<Database>(":memory:");
        buildChat();
    }
    void cleanup() { db_.reset(); }

    void markdownShowsTheActiveBranch()
    {
        const QString md = exportChatMarkdown(*db_, chat_);
        QVERIFY(md.startsWith("# Export me: \"quotes\" & ünïcode 🔥\n"));
        QVERIFY(md.contains("> Line one.\n> Line two."));
        QVERIFY(md.contains("## User\n\nWhat is 2+2?\n"));
        QVERIFY(md.contains("## Assistant (qwen3-0.6b)\n\n<details><summary>Reasoning</summary>\n\nTwo plus two is four."));
        QVERIFY(md.contains("</details>\n\n4\n"));
        QVERIFY(!md.contains("Four.")); // another branch
        QVERIFY(!md.contains("3+3"));
        QVERIFY(md.indexOf("What is 2+2?") < md.indexOf("Two plus two"));
        // An answer with its settings names its model's file too.
        MessageTree tree(*db_);
        tree.switchBranch(tree.siblings(activeLeaf_).siblingIds[1]); // a2's branch
        QVERIFY2(exportChatMarkdown(*db_, chat_).contains("## Assistant (llama, llama-Q4_K_M.gguf)\n\nFour."),
                 qPrintable(exportChatMarkdown(*db_, chat_)));
    }

    void jsonHoldsTheWholeTree()
    {
        const QJsonObject root = QJsonDocument::fromJson(exportChatJson(*db_, chat_)).object();
        QCOMPARE(root.value("format").toString(), QString("hearth-chat"));
        QCOMPARE(root.value("version").toInt(), 1);
        QCOMPARE(root.value("messages").toArray().size(), 5);
        QCOMPARE(root.value("sampling").toObject().value("top_k").toInt(), 40);
        QCOMPARE(root.value("active_leaf").toInteger(), activeLeaf_);
        // Each answer carries the settings it was made with (null: not recorded).
        const QJsonArray messages = root.value("messages").toArray();
        QCOMPARE(messages[2].toObject().value("settings").toObject().value("temperature").toDouble(), 0.7);
        QCOMPARE(messages[2].toObject().value("settings").toObject().value("model_file").toString(),
                 QString("llama-Q4_K_M.gguf"));
        QVERIFY(messages[1].toObject().value("settings").isNull());
    }

    void importedChatCountsAsUpdatedNow()
    {
        const qint64 before = nowMs();
        const qint64 id = importChatJson(
            *db_, R"({"format": "hearth-chat", "version": 1, "title": "Old", "created_ms": 1000, "messages": []})");
        const Chat chat = ChatStore(*db_).requireChat(id);
        QCOMPARE(chat.createdMs, qint64(1000));
        QVERIFY2(chat.updatedMs >= before, qPrintable(QString::number(chat.updatedMs)));
        ChatStore(*db_).deleteChat(id);
    }

    void jsonRoundTripKeepsEverything()
    {
        const qint64 before = nowMs();
        const qint64 copy = importChatJson(*db_, exportChatJson(*db_, chat_));
        QVERIFY(copy != chat_);
        const Chat a = ChatStore(*db_).requireChat(chat_);
        const Chat b = ChatStore(*db_).requireChat(copy);
        QCOMPARE(b.title, a.title);
        QCOMPARE(b.folder, a.folder);
        QCOMPARE(b.systemPrompt, a.systemPrompt);
        QCOMPARE(b.model, a.model);
        QCOMPARE(b.samplingJson, a.samplingJson);
        QCOMPARE(b.pinned, a.pinned);
        QCOMPARE(b.createdMs, a.createdMs);
        QVERIFY2(b.updatedMs >= before, "an imported chat counts as updated now");

        MessageTree tree(*db_);
        const std::vector<Message> original = tree.allMessages(chat_);
        const std::vector<Message> imported = tree.allMessages(copy);
        QCOMPARE(imported.size(), original.size());
        std::map<qint64, qint64> idMap{{0, 0}};
        for (std::size_t i = 0; i < original.size(); ++i) {
            idMap[original[i].id] = imported[i].id;
            Message expected = original[i];
            expected.id = imported[i].id;
            expected.chatId = copy;
            expected.parentId = idMap.at(original[i].parentId);
            QCOMPARE(imported[i], expected);
        }
        QCOMPARE(b.activeLeafId, idMap.at(a.activeLeafId));
        // The same export again, ids aside: Markdown is identical.
        QCOMPARE(exportChatMarkdown(*db_, copy), exportChatMarkdown(*db_, chat_));
    }

    void brokenFilesAreRefused_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("not json") << QByteArray("# a markdown file");
        QTest::newRow("array") << QByteArray("[1,2]");
        QTest::newRow("other format") << QByteArray(R"({"format":"other","version":1,"messages":[]})");
        QTest::newRow("newer") << QByteArray(R"({"format":"hearth-chat","version":7,"messages":[]})");
        QTest::newRow("no messages") << QByteArray(R"({"format":"hearth-chat","version":1})");
        QTest::newRow("bad role") << QByteArray(
            R"({"format":"hearth-chat","version":1,"messages":[{"id":1,"role":"wizard","content":"x"}]})");
        QTest::newRow("orphan") << QByteArray(
            R"({"format":"hearth-chat","version":1,"messages":[{"id":2,"parent":1,"role":"user"}]})");
        QTest::newRow("cycle") << QByteArray(
            R"({"format":"hearth-chat","version":1,"messages":[{"id":1,"parent":1,"role":"user"}]})");
        QTest::newRow("duplicate id") << QByteArray(
            R"({"format":"hearth-chat","version":1,"messages":[{"id":1,"role":"user"},{"id":1,"role":"user"}]})");
        QTest::newRow("fractional id") << QByteArray(
            R"({"format":"hearth-chat","version":1,"messages":[{"id":1.5,"role":"user"}]})");
        QTest::newRow("text id") << QByteArray(
            R"({"format":"hearth-chat","version":1,"messages":[{"id":"1","role":"user"}]})");
        QTest::newRow("content not text") << QByteArray(
            R"({"format":"hearth-chat","version":1,"messages":[{"id":1,"role":"user","content":5}]})");
        QTest::newRow("bad leaf") << QByteArray(
            R"({"format":"hearth-chat","version":1,"active_leaf":9,"messages":[{"id":1,"role":"user"}]})");
        QTest::newRow("bad finish") << QByteArray(
            R"({"format":"hearth-chat","version":1,"messages":[{"id":1,"role":"user","finish_reason":"boom"}]})");
    }
    void brokenFilesAreRefused()
    {
        QFETCH(QByteArray, json);
        const qint64 before = ChatStore(*db_).chatCount();
        try {
            importChatJson(*db_, json);
            QFAIL("a broken file was imported");
        } catch (const hearth::Error& e) {
            QVERIFY2(QString(e.what()).startsWith("This file is not a Hearth chat export"), e.what());
        }
        QCOMPARE(ChatStore(*db_).chatCount(), before); // nothing half-imported
    }

    void minimalFileImports()
    {
        const qint64 id = importChatJson(*db_, R"({"format":"hearth-chat","version":1,"title":"tiny",
            "messages":[{"id":10,"role":"user","content":"hi"},{"id":11,"parent":10,"role":"assistant","content":"hello"}]})");
        QCOMPARE(ChatStore(*db_).requireChat(id).title, QString("tiny"));
        const std::vector<Message> branch = MessageTree(*db_).activeBranch(id);
        QCOMPARE(branch.size(), std::size_t(2));
        QCOMPARE(branch[1].content, QString("hello"));
    }

    void exportingAMissingChatThrows()
    {
        QVERIFY_THROWS_EXCEPTION(hearth::Error, exportChatMarkdown(*db_, 999));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, exportChatJson(*db_, 999));
    }
};

QTEST_GUILESS_MAIN(StoreExportTest)
#include "test_store_export.moc"
