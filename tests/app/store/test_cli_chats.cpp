// `hearth-cli chats` and `hearth-cli bench-store` as scripts see them.

#include "cli_process.h"
#include "services/store/chat_store.h"
#include "services/store/database.h"
#include "services/store/message_tree.h"
#include "store_test_util.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using hearth::test::CliResult;
using hearth::test::runCli;
using namespace hearth::store;

class CliChatsTest : public QObject {
    Q_OBJECT

    QTemporaryDir data_;
    QTemporaryDir otherData_;
    QProcessEnvironment env_ = QProcessEnvironment::systemEnvironment();
    qint64 soup_ = 0, cars_ = 0;

    CliResult chats(QStringList args) { return runCli(QStringList{"chats"} + args << "--data-dir" << data_.path(), env_); }

private Q_SLOTS:
    void initTestCase()
    {
        env_.insert("HEARTH_DATA_DIR", otherData_.path()); // --data-dir must win
        env_.insert("XDG_DATA_HOME", otherData_.path());
        Database db(data_.filePath("chats.sqlite3"));
        ChatStore store(db);
        MessageTree tree(db);
        Chat soup = hearth::test::chatTitled("Tomato soup");
        soup.createdMs = 1000;
        soup_ = store.createChat(soup);
        const qint64 q = tree.addChild(soup_, 0, hearth::test::userMessage("How long to simmer tomato soup?"));
        const qint64 a = tree.addChild(soup_, q, hearth::test::assistantMessage("About twenty minutes."));
        tree.addSibling(a, hearth::test::assistantMessage("Half an hour, stirring now and then."));
        cars_ = store.createChat(hearth::test::chatTitled("Car maintenance"));
        store.setPinned(cars_, true);
        tree.addChild(cars_, 0, hearth::test::userMessage("When should I change the oil?"));
    }

    void listTextAndJson()
    {
        const CliResult text = chats({"list"});
        QCOMPARE(text.exitCode, 0);
        QVERIFY(text.out.indexOf("Car maintenance") < text.out.indexOf("Tomato soup")); // pinned first
        const CliResult json = chats({"list", "--json"});
        QCOMPARE(json.exitCode, 0);
        const QJsonArray list = QJsonDocument::fromJson(json.rawOut).array();
        QCOMPARE(list.size(), 2);
        QCOMPARE(list[0].toObject().value("id").toInteger(), cars_);
        QVERIFY(list[0].toObject().value("pinned").toBool());
        QCOMPARE(list[1].toObject().value("title").toString(), QString("Tomato soup"));
        const CliResult paged = chats({"list", "--json", "--limit", "1", "--offset", "1"});
        QCOMPARE(QJsonDocument::fromJson(paged.rawOut).array().size(), 1);
    }

    void showPrintsTheActiveBranch()
    {
        const CliResult r = chats({"show", QString::number(soup_)});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("Half an hour"), qPrintable(r.out));
        QVERIFY(!r.out.contains("twenty minutes"));
        QVERIFY(r.out.contains("2/2"));
        const QJsonObject json = QJsonDocument::fromJson(chats({"show", QString::number(soup_), "--json"}).rawOut).object();
        const QJsonArray messages = json.value("messages").toArray();
        QCOMPARE(messages.size(), 2);
        QCOMPARE(messages[1].toObject().value("alternatives").toInt(), 2);
    }

    void exportMarkdownAndJsonThenImport()
    {
        const CliResult md = chats({"export", QString::number(soup_), "--format", "md"});
        QCOMPARE(md.exitCode, 0);
        QVERIFY(md.out.startsWith("# Tomato soup\n"));
        const CliResult json = chats({"export", QString::number(soup_), "--format", "json"});
        QCOMPARE(json.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(json.rawOut).object().value("messages").toArray().size(), 3);

        QTemporaryDir files;
        QFile file(files.filePath("soup.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(json.rawOut);
        file.close();
        const CliResult imported = chats({"import", file.fileName(), "--json"});
        QCOMPARE(imported.exitCode, 0);
        const qint64 copy = QJsonDocument::fromJson(imported.rawOut).object().value("id").toInteger();
        QVERIFY(copy > cars_);
        QCOMPARE(chats({"export", QString::number(copy), "--format", "md"}).out, md.out);
        QCOMPARE(chats({"list", "--json"}).out.count("Tomato soup"), 2);
    }

    void searchFindsAndHighlights()
    {
        const CliResult r = chats({"search", "simmer", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonArray hits = QJsonDocument::fromJson(r.rawOut).array();
        QVERIFY(hits.size() >= 1);
        QCOMPARE(hits[0].toObject().value("chat_title").toString(), QString("Tomato soup"));
        QVERIFY(hits[0].toObject().value("snippet").toString().contains("[[simmer]]"));
        for (const QString hostile : {"\"", "AND", "(", "*", "oil)", "NEAR("}) {
            const CliResult h = chats({"search", hostile});
            QVERIFY2(h.exitCode == 0, qPrintable(hostile + ": " + h.err));
        }
        QVERIFY(chats({"search", "oil)"}).out.contains("Car maintenance"));
    }

    void envDataDirIsUsedWithoutFlag()
    {
        QProcessEnvironment env = env_;
        env.insert("HEARTH_DATA_DIR", data_.path());
        const CliResult r = runCli({"chats", "list"}, env);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Tomato soup"));
        // list no longer creates the database, so give the env folder an empty one.
        { Database emptyDb(otherData_.filePath("chats.sqlite3")); }
        const CliResult empty = runCli({"chats", "list"}, env_);
        QCOMPARE(empty.exitCode, 0);
        QVERIFY(empty.out.contains("No chats yet"));
    }

    void readingCommandsDoNotCreateADatabase()
    {
        QTemporaryDir wrong;
        const QString db = wrong.filePath("chats.sqlite3");
        for (const QStringList& args : {QStringList{"list"}, QStringList{"show", "1"},
                                        QStringList{"export", "1", "--format", "md"}, QStringList{"search", "soup"}}) {
            const CliResult r = runCli(QStringList{"chats"} + args << "--data-dir" << wrong.path(), env_);
            QCOMPARE(r.exitCode, 1);
            QVERIFY2(r.err.contains("No chat database at " + db), qPrintable(r.err));
            QVERIFY(r.err.contains("wrong --data-dir"));
            QVERIFY(!QFile::exists(db));
        }
        // import creates it, in a folder that does not exist yet.
        const QString fresh = wrong.filePath("new/data");
        const CliResult exported = chats({"export", QString::number(soup_), "--format", "json"});
        QCOMPARE(exported.exitCode, 0);
        QFile file(wrong.filePath("soup.json"));
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(exported.rawOut);
        file.close();
        const CliResult imported = runCli({"chats", "import", file.fileName(), "--data-dir", fresh}, env_);
        QVERIFY2(imported.exitCode == 0, qPrintable(imported.err));
        QVERIFY(QFile::exists(fresh + "/chats.sqlite3"));
        const CliResult listed = runCli({"chats", "list", "--data-dir", fresh}, env_);
        QCOMPARE(listed.exitCode, 0);
        QVERIFY(listed.out.contains("Tomato soup"));
    }

    void errorsAndUsage()
    {
        QCOMPARE(chats({}).exitCode, 2);
        QCOMPARE(chats({"frobnicate"}).exitCode, 2);
        QCOMPARE(chats({"show"}).exitCode, 2);
        QCOMPARE(chats({"show", "abc"}).exitCode, 2);
        QCOMPARE(chats({"export", QString::number(soup_)}).exitCode, 2); // no --format
        QCOMPARE(chats({"export", QString::number(soup_), "--format", "pdf"}).exitCode, 2);
        QCOMPARE(chats({"list", "--limit", "-1"}).exitCode, 2);
        const CliResult missing = chats({"show", "9999"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("no chat with id 9999"));
        const CliResult badImport = chats({"import", data_.filePath("nope.json")});
        QCOMPARE(badImport.exitCode, 1);
        QCOMPARE(chats({"import"}).exitCode, 2);
        QCOMPARE(chats({"import", data_.filePath("a.json"), data_.filePath("b.json")}).exitCode, 2);

        QTemporaryDir broken;
        QFile garbage(broken.filePath("chats.sqlite3"));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, 'z'));
        garbage.close();
        const CliResult damaged = runCli({"chats", "list", "--data-dir", broken.path()}, env_);
        QCOMPARE(damaged.exitCode, 1);
        QVERIFY2(damaged.err.contains("damaged or is not a Hearth database"), qPrintable(damaged.err));
    }

    void benchStoreSmallRunPrintsTimings()
    {
        const CliResult r = runCli({"bench-store", "--json", "--chats", "20", "--messages", "400", "--repeats", "1"}, env_);
        QCOMPARE(r.exitCode, 0);
        const QJsonObject o = QJsonDocument::fromJson(r.rawOut).object();
        QCOMPARE(o.value("chats").toInt(), 20);
        QCOMPARE(o.value("messages").toInteger(), 400);
        for (const char* key : {"generate_ms", "list_chats_ms", "open_chat_ms", "search_common_word_ms"}) {
            QVERIFY2(o.contains(key), key);
            QVERIFY(o.value(key).toDouble() >= 0);
        }
        QCOMPARE(runCli({"bench-store", "--chats", "0"}, env_).exitCode, 2);
    }
};

QTEST_GUILESS_MAIN(CliChatsTest)
#include "test_cli_chats.moc"
