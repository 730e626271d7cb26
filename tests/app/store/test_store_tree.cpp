// The message tree: regenerate (siblings), switch branch, edit (a new
// branch), delete a subtree, and the active branch through all of it.

#include "hearth/error.h"
#include "services/store/chat_store.h"
#include "services/store/database.h"
#include "services/store/message_tree.h"
#include "store_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace hearth::store;
using hearth::test::assistantMessage;
using hearth::test::userMessage;

namespace {

QStringList contents(const std::vector<Message>& messages)
{
    QStringList out;
    for (const Message& m : messages)
        out << m.content;
    return out;
}

// Distinct, increasing creation times make "most recent" unambiguous.
Message at(Message m, qint64 createdMs)
{
    m.createdMs = createdMs;
    return m;
}

} // namespace

class StoreTreeTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<Database> db_;
    qint64 chat_ = 0;
    int round_ = 0;

private Q_SLOTS:
    void init()
    {
        db_ = std::make_unique<Database>(dir_.filePath(QString("tree%1.sqlite3").arg(round_++)));
        chat_ = ChatStore(*db_).createChat(hearth::test::chatTitled("tree"));
    }
    void cleanup() { db_.reset(); }

    void linearConversation()
    {
        MessageTree tree(*db_);
        QVERIFY(tree.activeBranch(chat_).empty());
        const qint64 q1 = tree.addChild(chat_, 0, userMessage("q1"));
        const qint64 a1 = tree.addChild(chat_, q1, assistantMessage("a1"));
        const qint64 q2 = tree.addChild(chat_, a1, userMessage("q2"));
        QCOMPARE(contents(tree.activeBranch(chat_)), QStringList({"q1", "a1", "q2"}));
        QCOMPARE(ChatStore(*db_).requireChat(chat_).activeLeafId, q2);

        const Message answer = tree.requireMessage(a1);
        QCOMPARE(answer.parentId, q1);
        QCOMPARE(answer.chatId, chat_);
        QCOMPARE(answer.role, Role::Assistant);
        QCOMPARE(answer.model, QString("qwen3-0.6b"));
        QCOMPARE(answer.stats, (GenerationStats{12, 34, 56.5, 789.25, 21.75}));
        QCOMPARE(answer.finishReason, FinishReason::Stop);
        QCOMPARE(tree.siblings(a1).label(), QString("1/1"));
    }

    void regenerateMakesAlternatives()
    {
        MessageTree tree(*db_);
        const qint64 q = tree.addChild(chat_, 0, at(userMessage("question"), 100));
        const qint64 first = tree.addChild(chat_, q, at(assistantMessage("first answer"), 200));
        const qint64 second = tree.addSibling(first, at(assistantMessage("second answer"), 300));

        QCOMPARE(tree.requireMessage(second).parentId, q);
        QCOMPARE(contents(tree.activeBranch(chat_)), QStringList({"question", "second answer"}));
        const SiblingPosition pos = tree.siblings(second);
        QCOMPARE(pos.label(), QString("2/2"));
        QCOMPARE(pos.siblingIds, (std::vector<qint64>{first, second}));
        QCOMPARE(tree.siblings(first).label(), QString("1/2"));
        QCOMPARE(tree.children(q).size(), std::size_t(2));

        QCOMPARE(tree.switchBranch(first), first);
        QCOMPARE(contents(tree.activeBranch(chat_)), QStringList({"question", "first answer"}));
    }

    void switchBranchGoesToNewestDescendant()
    {
        MessageTree tree(*db_);
        const qint64 q = tree.addChild(chat_, 0, at(userMessage("q"), 100));
        const qint64 a = tree.addChild(chat_, q, at(assistantMessage("a"), 200));
        const qint64 followUp = tree.addChild(chat_, a, at(userMessage("follow-up"), 300));
        const qint64 older = tree.addChild(chat_, followUp, at(assistantMessage("older reply"), 400));
        tree.addSibling(older, at(assistantMessage("newer reply"), 500));
        const qint64 b = tree.addSibling(a, at(assistantMessage("b"), 600));
        QCOMPARE(contents(tree.activeBranch(chat_)), QStringList({"q", "b"}));

        // Back to a: its deepest, most recent line is follow-up -> newer reply.
        tree.switchBranch(a);
        QCOMPARE(contents(tree.activeBranch(chat_)), QStringList({"q", "a", "follow-up", "newer reply"}));
        tree.switchBranch(older);
        QCOMPARE(contents(tree.activeBranch(chat_)), QStringList({"q", "a", "follow-up", "older reply"}));
        tree.switchBranch(b);
        QCOMPARE(contents(tree.activeBranch(chat_)), QStringList({"q", "b"}));
    }

    void editMakesANewBranch()
    {
        MessageTree tree(*db_);
        const qint64 q1 = tree.addChild(chat_, 0, at(userMessage("first question"), 100));
        const qint64 a1 = tree.addChild(chat_, q1, at(assistantMessage("first answer"), 200));
        const qint64 q2 = tree.addChild(chat_, a1, at(userMessage("typo qestion"), 300));
        tree.addChild(chat_, q2, at(assistantMessage("confused answer"), 400));

        const qint64 fixed = tree.edit(q2, "fixed question");
        const Message edited = tree.requireMessage(fixed);
        QCOMPARE(edited.parentId, a1);
        QCOMPARE(edited.role, Role::User);
        QCOMPARE(contents(tree.activeBranch(chat_)), QStringList({"first question", "first answer", "fixed question"}));
        QCOMPARE(tree.siblings(fixed).label(), QString("2/2"));
        // The original line is still there.
        QCOMPARE(tree.requireMessage(q2).content, QString("typo qestion"));
        tree.switchBranch(q2);
        QCOMPARE(tree.activeBranch(chat_).back().content, QString("confused answer"));

        // Editing the very first message: a sibling at the root.
        const qint64 root2 = tree.edit(q1, "another start");
        QCOMPARE(tree.requireMessage(root2).parentId, qint64(0));
        QCOMPARE(tree.siblings(root2).label(), QString("2/2"));
        QCOMPARE(contents(tree.activeBranch(chat_)), QStringList({"another start"}));
    }

    void deleteRemovesTheSubtree()
    {
        MessageTree tree(*db_);
        const qint64 q = tree.addChild(chat_, 0, at(userMessage("q"), 100));
        const qint64 a = tree.addChild(chat_, q, at(assistantMessage("a"), 200));
        const qint64 deeper = tree.addChild(chat_, a, at(userMessage("deeper"), 300));
        const qint64 deepest = tree.addChild(chat_, deeper, at(assistantMessage("deepest"), 400));
        const qint64 b = tree.addSibling(a, at(assistantMessage("b"), 500));
        tree.switchBranch(a);
        QCOMPARE(ChatStore(*db_).requireChat(chat_).activeLeafId, deepest);

        tree.deleteMessage(a); // on screen: falls back to the remaining sibling
        QVERIFY(!tree.message(a));
        QVERIFY(!tree.message(deeper));
        QVERIFY(!tree.message(deepest));
        QCOMPARE(contents(tree.activeBranch(chat_)), QStringList({"q", "b"}));
        QCOMPARE(tree.siblings(b).label(), QString("1/1"));

        tree.deleteMessage(b); // no sibling left: the branch ends at the parent
        QCOMPARE(contents(tree.activeBranch(chat_)), QStringList({"q"}));
        tree.deleteMessage(q);
        QVERIFY(tree.activeBranch(chat_).empty());
        QCOMPARE(ChatStore(*db_).requireChat(chat_).activeLeafId, qint64(0));
        QCOMPARE(tree.allMessages(chat_).size(), std::size_t(0));
    }

    void deletingAnotherBranchKeepsTheActiveOne()
    {
        MessageTree tree(*db_);
        const qint64 q = tree.addChild(chat_, 0, at(userMessage("q"), 100));
        const qint64 a = tree.addChild(chat_, q, at(assistantMessage("a"), 200));
        const qint64 b = tree.addSibling(a, at(assistantMessage("b"), 300));
        tree.deleteMessage(a);
        QCOMPARE(ChatStore(*db_).requireChat(chat_).activeLeafId, b);
    }

    void deepChainDeletesWithoutRecursionLimits()
    {
        MessageTree tree(*db_);
        Transaction transaction(*db_);
        qint64 parent = 0;
        qint64 first = 0;
        for (int i = 0; i < 1500; ++i) {
            parent = tree.addChild(chat_, parent, userMessage(QString::number(i)));
            if (i == 0)
                first = parent;
        }
        transaction.commit();
        QCOMPARE(tree.activeBranch(chat_).size(), std::size_t(1500));
        tree.deleteMessage(first);
        QCOMPARE(tree.allMessages(chat_).size(), std::size_t(0));
    }

    void badIdsAreErrorsNotCrashes()
    {
        MessageTree tree(*db_);
        QVERIFY_THROWS_EXCEPTION(hearth::Error, tree.addChild(chat_, 999, userMessage("orphan")));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, tree.addChild(999, 0, userMessage("no chat")));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, tree.switchBranch(999));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, tree.deleteMessage(999));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, tree.edit(999, "x"));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, tree.siblings(999));
        // A parent from another chat.
        const qint64 other = ChatStore(*db_).createChat(hearth::test::chatTitled("other"));
        const qint64 foreign = tree.addChild(other, 0, userMessage("elsewhere"));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, tree.addChild(chat_, foreign, userMessage("cross")));
        QVERIFY(tree.activeBranch(chat_).empty());
    }
};

QTEST_GUILESS_MAIN(StoreTreeTest)
#include "test_store_tree.moc"
