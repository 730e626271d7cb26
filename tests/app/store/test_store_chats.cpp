// The chat list: create, read, update, delete, ordering and paging.

#include "hearth/error.h"
#include "services/store/chat_store.h"
#include "services/store/database.h"
#include "services/store/message_tree.h"
#include "store_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace hearth::store;
using hearth::test::chatTitled;

namespace {

QStringList titles(const std::vector<Chat>& chats)
{
    QStringList out;
    for (const Chat& c : chats)
        out << c.title;
    return out;
}

} // namespace

class StoreChatsTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<Database> db_;
    int round_ = 0;

private Q_SLOTS:
    void init() { db_ = std::make_unique<Database>(dir_.filePath(QString("chats%1.sqlite3").arg(round_++))); }
    void cleanup() { db_.reset(); }

    void createAndReadBack()
    {
        ChatStore store(*db_);
        Chat chat;
        chat.title = "Trip to Lisbon";
        chat.folder = "travel";
        chat.systemPrompt = "You are a travel agent.";
        chat.model = "Qwen/Qwen3-0.6B-GGUF";
        chat.samplingJson = R"({"temperature":0.7,"top_p":0.9})";
        chat.createdMs = 1700000000000;
        chat.pinned = true;
        const qint64 id = store.createChat(chat);
        QVERIFY(id > 0);

        const Chat back = store.requireChat(id);
        QCOMPARE(back.id, id);
        QCOMPARE(back.title, chat.title);
        QCOMPARE(back.folder, chat.folder);
        QCOMPARE(back.systemPrompt, chat.systemPrompt);
        QCOMPARE(back.model, chat.model);
        QCOMPARE(back.samplingJson, chat.samplingJson);
        QCOMPARE(back.createdMs, chat.createdMs);
        QCOMPARE(back.updatedMs, chat.createdMs);
        QCOMPARE(back.pinned, true);
        QCOMPARE(back.activeLeafId, qint64(0));
        QVERIFY(!store.chat(id + 100).has_value());
    }

    void zeroTimesBecomeNow()
    {
        const qint64 before = nowMs();
        ChatStore store(*db_);
        const Chat back = store.requireChat(store.createChat(chatTitled("now")));
        QVERIFY(back.createdMs >= before && back.createdMs <= nowMs());
        QCOMPARE(back.updatedMs, back.createdMs);
    }

    void renamePinFolderSettings()
    {
        ChatStore store(*db_);
        Chat old = chatTitled("old name");
        old.createdMs = 1000;
        const qint64 id = store.createChat(old);
        store.rename(id, "new name");
        store.setPinned(id, true);
        store.setFolder(id, "work");
        store.updateSettings(id, "Be brief.", "model.gguf", R"({"seed":1})");
        const Chat back = store.requireChat(id);
        QCOMPARE(back.title, QString("new name"));
        QVERIFY(back.pinned);
        QCOMPARE(back.folder, QString("work"));
        QCOMPARE(back.systemPrompt, QString("Be brief."));
        QCOMPARE(back.model, QString("model.gguf"));
        QCOMPARE(back.samplingJson, QString(R"({"seed":1})"));
        QVERIFY(back.updatedMs > 1000); // renaming counts as an update
    }

    void setModelKeepsTheChatsPlace()
    {
        ChatStore store(*db_);
        Chat chat = chatTitled("model");
        chat.createdMs = chat.updatedMs = 1000;
        chat.model = "/models/a-Q8_0.gguf";
        const qint64 id = store.createChat(chat);
        store.setModel(id, "/models/a-Q4_K_M.gguf");
        const Chat back = store.requireChat(id);
        QCOMPARE(back.model, QString("/models/a-Q4_K_M.gguf"));
        QCOMPARE(back.updatedMs, qint64(1000));
    }

    void changingAMissingChatThrows()
    {
        ChatStore store(*db_);
        QVERIFY_THROWS_EXCEPTION(hearth::Error, store.rename(42, "x"));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, store.setModel(42, "x"));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, store.setPinned(42, true));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, store.deleteChat(42));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, store.requireChat(42));
    }

    void listIsPinnedFirstThenRecent()
    {
        ChatStore store(*db_);
        const auto add = [&](const QString& title, qint64 updated, bool pinned) {
            Chat c = chatTitled(title);
            c.createdMs = c.updatedMs = updated;
            c.pinned = pinned;
            return store.createChat(c);
        };
        add("old", 100, false);
        add("pinned old", 50, true);
        add("newest", 300, false);
        add("middle", 200, false);
        add("pinned new", 250, true);
        QCOMPARE(titles(store.listChats(10)),
                 QStringList({"pinned new", "pinned old", "newest", "middle", "old"}));
        QCOMPARE(titles(store.listChats(2, 0)), QStringList({"pinned new", "pinned old"}));
        QCOMPARE(titles(store.listChats(2, 2)), QStringList({"newest", "middle"}));
        QCOMPARE(titles(store.listChats(2, 4)), QStringList({"old"}));
        QVERIFY(store.listChats(2, 6).empty());
        QCOMPARE(store.chatCount(), qint64(5));
    }

    void newMessageMovesChatToTop()
    {
        ChatStore store(*db_);
        Chat a = chatTitled("a");
        a.createdMs = 100;
        Chat b = chatTitled("b");
        b.createdMs = 200;
        const qint64 aId = store.createChat(a);
        store.createChat(b);
        QCOMPARE(titles(store.listChats(1)), QStringList({"b"}));
        MessageTree(*db_).addChild(aId, 0, hearth::test::userMessage("hello"));
        QCOMPARE(titles(store.listChats(1)), QStringList({"a"}));
    }

    void folderFilter()
    {
        ChatStore store(*db_);
        const qint64 a = store.createChat(chatTitled("a"));
        store.createChat(chatTitled("b"));
        store.setFolder(a, "recipes");
        QCOMPARE(titles(store.listChats(10, 0, "recipes")), QStringList({"a"}));
        QCOMPARE(store.listChats(10).size(), std::size_t(2));
    }

    void deleteRemovesMessagesToo()
    {
        ChatStore store(*db_);
        MessageTree tree(*db_);
        const qint64 keep = store.createChat(chatTitled("keep"));
        const qint64 drop = store.createChat(chatTitled("drop"));
        const qint64 q = tree.addChild(drop, 0, hearth::test::userMessage("q"));
        tree.addChild(drop, q, hearth::test::assistantMessage("a"));
        tree.addChild(keep, 0, hearth::test::userMessage("kept"));
        store.deleteChat(drop);
        QVERIFY(!store.chat(drop));
        QVERIFY(!tree.message(q));
        Statement count = db_->prepare("SELECT count(*) FROM messages");
        QVERIFY(count.step());
        QCOMPARE(count.int64(0), qint64(1));
    }

    void hostileTextIsStoredVerbatim()
    {
        ChatStore store(*db_);
        const QString nasty = QString::fromUtf8("'); DROP TABLE chats; --\xF0\x9F\x94\xA5\n\t\"quoted\" ünïcödé");
        const qint64 id = store.createChat(chatTitled(nasty));
        QCOMPARE(store.requireChat(id).title, nasty);
    }

    void recoverInterruptedMarksStreamingAnswers()
    {
        ChatStore store(*db_);
        MessageTree tree(*db_);
        const qint64 chat = store.createChat(chatTitled("crash"));
        hearth::store::Message streaming = hearth::test::assistantMessage("half an ans");
        streaming.finishReason = FinishReason::Streaming;
        const qint64 id = tree.addChild(chat, 0, streaming);
        QCOMPARE(store.recoverInterrupted(), 1);
        QCOMPARE(tree.requireMessage(id).finishReason, FinishReason::Error);
        QCOMPARE(tree.requireMessage(id).content, QString("half an ans"));
        QCOMPARE(store.recoverInterrupted(), 0);
    }
};

QTEST_GUILESS_MAIN(StoreChatsTest)
#include "test_store_chats.moc"
