// Full-text search: titles and messages, snippets, paging, index kept in
// sync with edits and deletes, and queries typed by users that must never
// be a syntax error.

#include "services/store/chat_search.h"
#include "services/store/chat_store.h"
#include "services/store/database.h"
#include "services/store/message_tree.h"
#include "store_test_util.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace hearth::store;
using hearth::test::assistantMessage;
using hearth::test::userMessage;

class StoreSearchTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<Database> db_;
    qint64 pasta_ = 0, bikes_ = 0;
    qint64 pastaAnswer_ = 0, bikeQuestion_ = 0;

private Q_SLOTS:
    void initTestCase()
    {
        db_ = std::make_unique<Database>(dir_.filePath("search.sqlite3"));
        ChatStore chats(*db_);
        MessageTree tree(*db_);
        pasta_ = chats.createChat(hearth::test::chatTitled("Carbonara recipe"));
        const qint64 q = tree.addChild(pasta_, 0, userMessage("How do I make a real carbonara?"));
        pastaAnswer_ = tree.addChild(pasta_, q, assistantMessage(
            "Whisk eggs and pecorino, fry the guanciale, toss with hot spaghetti off the heat. "
            "Never add cream: a true Roman carbonara is only eggs, cheese, pork and pepper."));
        bikes_ = chats.createChat(hearth::test::chatTitled("Bicycle repair"));
        bikeQuestion_ = tree.addChild(bikes_, 0, userMessage("My chain skips under load; is the cassette worn?"));
        tree.addChild(bikes_, bikeQuestion_, assistantMessage("Measure chain stretch first; replace the chain and cassette together."));
    }
    void cleanupTestCase() { db_.reset(); }

    void findsMessageWithHighlightedSnippet()
    {
        const std::vector<SearchHit> hits = ChatSearch(*db_).search("guanciale", 10);
        QCOMPARE(hits.size(), std::size_t(1));
        QCOMPARE(hits[0].chatId, pasta_);
        QCOMPARE(hits[0].messageId, pastaAnswer_);
        QCOMPARE(hits[0].chatTitle, QString("Carbonara recipe"));
        QVERIFY2(hits[0].snippet.contains("[[guanciale]]"), qPrintable(hits[0].snippet));
    }

    void titleMatchesComeFirst()
    {
        const std::vector<SearchHit> hits = ChatSearch(*db_).search("carbonara ", 10);
        QVERIFY(hits.size() >= 3);
        QCOMPARE(hits[0].messageId, qint64(0)); // the title
        QCOMPARE(hits[0].snippet, QString("[[Carbonara]] recipe"));
        for (std::size_t i = 1; i < hits.size(); ++i) {
            QVERIFY(hits[i].messageId != 0);
            QCOMPARE(hits[i].chatId, pasta_);
        }
    }

    void allWordsMustMatchAndLastIsAPrefix()
    {
        ChatSearch search(*db_);
        QCOMPARE(search.search("chain cass", 10).size(), std::size_t(2)); // prefix while typing
        QCOMPARE(search.search("chain cass ", 10).size(), std::size_t(0)); // a finished word
        QCOMPARE(search.search("chain cassette", 10).size(), std::size_t(2));
        QCOMPARE(search.search("chain carbonara", 10).size(), std::size_t(0));
        QCOMPARE(search.search("ROMAN", 10).size(), std::size_t(1)); // case-insensitive
    }

    void aHitOnAnotherVersionOpensThatVersion()
    {
        // q -> {old answer mentioning "tiramisu", newer answer}; the newer is shown.
        ChatStore chats(*db_);
        MessageTree tree(*db_);
        const qint64 chat = chats.createChat(hearth::test::chatTitled("Desserts"));
        const qint64 q = tree.addChild(chat, 0, userMessage("An Italian dessert?"));
        const qint64 old = tree.addChild(chat, q, assistantMessage("Tiramisu, with mascarpone."));
        const qint64 follow = tree.addChild(chat, old, userMessage("And without coffee?"));
        const qint64 newer = tree.addSibling(old, assistantMessage("Panna cotta."));
        QCOMPARE(tree.activeBranch(chat).back().id, newer);
        const std::vector<SearchHit> hits = ChatSearch(*db_).search("mascarpone", 10);
        QCOMPARE(hits.size(), std::size_t(1));
        QCOMPARE(hits[0].messageId, old);
        // What opening the hit does: the version through it, to its newest end.
        tree.switchBranch(hits[0].messageId);
        std::vector<qint64> shown;
        for (const Message& m : tree.activeBranch(chat))
            shown.push_back(m.id);
        QCOMPARE(shown, std::vector<qint64>({q, old, follow}));
        chats.deleteChat(chat);
    }

    void diacriticsAreIgnored()
    {
        QCOMPARE(ChatSearch(*db_).search("pécorino", 10).size(), std::size_t(1));
    }

    void pagingCoversTitlesThenMessages()
    {
        ChatSearch search(*db_);
        const std::vector<SearchHit> all = search.search("carbonara", 10);
        QCOMPARE(all.size(), std::size_t(3));
        std::vector<SearchHit> paged;
        for (int offset = 0; offset < 4; ++offset)
            for (const SearchHit& h : search.search("carbonara", 1, offset))
                paged.push_back(h);
        QCOMPARE(paged.size(), all.size());
        for (std::size_t i = 0; i < all.size(); ++i)
            QCOMPARE(paged[i].messageId, all[i].messageId);
    }

    void hostileQueriesDoNotError_data()
    {
        QTest::addColumn<QString>("query");
        int row = 0;
        for (const char* q : {"\"", "\"\"", "'", "AND", "OR", "NOT", "NEAR", "a AND", "AND OR NOT", "*", "**",
                              "chain*", "(", ")", "((chain", "chain)", "\"unbalanced", "col:chain", "content:chain",
                              "^chain", "-chain", "+chain", "chain NEAR/2 load", "{content}: x", "; DROP TABLE chats;",
                              "\\", "%", "_", "NULL", "  ", "", "\t\n", "🔥", "中文"})
            QTest::addRow("hostile %d", row++) << QString::fromUtf8(q);
    }
    void hostileQueriesDoNotError()
    {
        QFETCH(QString, query);
        try {
            ChatSearch(*db_).search(query, 10);
        } catch (const std::exception& e) {
            QFAIL(e.what());
        }
    }

    void operatorsAreSearchedAsWords()
    {
        QCOMPARE(ftsQueryFromUserText("a AND b"), QString("\"a\" \"AND\" \"b\"*"));
        QCOMPARE(ftsQueryFromUserText("say \"hi\" "), QString("\"say\" \"\"\"hi\"\"\""));
        QCOMPARE(ftsQueryFromUserText("* ( )"), QString());
        // "chain)" still finds the chain messages.
        QCOMPARE(ChatSearch(*db_).search("chain)", 10).size(), std::size_t(2));
    }

    void indexFollowsEditsAndDeletes()
    {
        ChatStore chats(*db_);
        MessageTree tree(*db_);
        const qint64 chat = chats.createChat(hearth::test::chatTitled("Zebra facts"));
        const qint64 m = tree.addChild(chat, 0, userMessage("okapi stripes"));
        ChatSearch search(*db_);
        QCOMPARE(search.search("okapi", 10).size(), std::size_t(1));

        tree.updateGenerated(m, "giraffe relatives", {}, {}, FinishReason::None);
        QCOMPARE(search.search("okapi", 10).size(), std::size_t(0));
        QCOMPARE(search.search("giraffe", 10).size(), std::size_t(1));

        chats.rename(chat, "Savanna animals");
        QCOMPARE(search.search("zebra", 10).size(), std::size_t(0));
        QCOMPARE(search.search("savanna", 10).size(), std::size_t(1));

        chats.deleteChat(chat);
        QCOMPARE(search.search("giraffe", 10).size(), std::size_t(0));
        QCOMPARE(search.search("savanna", 10).size(), std::size_t(0));
        Statement check = db_->prepare("INSERT INTO messages_fts (messages_fts, rank) VALUES ('integrity-check', 1)");
        check.run(); // throws if the index and the table disagree
    }
};

QTEST_GUILESS_MAIN(StoreSearchTest)
#include "test_store_search.moc"
