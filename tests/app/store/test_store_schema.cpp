// The chat database file: migrations, pragmas, reopening, and files that are
// not (or no longer) a Hearth database.

#include "hearth/error.h"
#include "services/store/chat_store.h"
#include "services/store/database.h"
#include "services/store/migrations.h"
#include "store_test_util.h"

#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <sqlite3.h>

using namespace hearth::store;

namespace {

qint64 scalar(Database& db, const char* sql)
{
    Statement query = db.prepare(sql);
    return query.step() ? query.int64(0) : -1;
}

QString text(Database& db, const char* sql)
{
    Statement query = db.prepare(sql);
    return query.step() ? query.text(0) : QString();
}

} // namespace

class StoreSchemaTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void migratesAnEmptyFile()
    {
        Database db(path("fresh.sqlite3"));
        QVERIFY(latestSchemaVersion() >= 1);
        QCOMPARE(scalar(db, "PRAGMA user_version"), qint64(latestSchemaVersion()));
        QCOMPARE(text(db, "PRAGMA journal_mode"), QString("wal"));
        QCOMPARE(scalar(db, "PRAGMA foreign_keys"), qint64(1));
        for (const char* table : {"chats", "messages", "compare_sessions", "compare_answers", "compare_votes",
                                  "chats_fts", "messages_fts"}) {
            Statement query = db.prepare("SELECT count(*) FROM sqlite_master WHERE name = ?");
            query.bind(1, QString::fromLatin1(table));
            QVERIFY(query.step());
            QVERIFY2(query.int64(0) == 1, table);
        }
        QCOMPARE(text(db, "PRAGMA integrity_check"), QString("ok"));
    }

    void reopeningKeepsDataAndVersion()
    {
        const QString file = path("reopen.sqlite3");
        qint64 id = 0;
        {
            Database db(file);
            id = ChatStore(db).createChat(hearth::test::chatTitled("kept"));
        }
        for (int i = 0; i < 2; ++i) {
            Database db(file);
            QCOMPARE(scalar(db, "PRAGMA user_version"), qint64(latestSchemaVersion()));
            QCOMPARE(ChatStore(db).requireChat(id).title, QString("kept"));
            QCOMPARE(ChatStore(db).chatCount(), qint64(1));
        }
    }

    void aVersionOneFileGainsThinkingTimes()
    {
        // Schema 1 had no reasoning_ms: make such a file from a new one.
        const QString file = path("v1.sqlite3");
        {
            Database db(file);
            db.exec("INSERT INTO chats (title, created_ms, updated_ms) VALUES ('old', 1, 1);"
                    "INSERT INTO messages (chat_id, role, content, created_ms) VALUES (1, 'user', 'kept', 1);"
                    "ALTER TABLE messages DROP COLUMN settings_json; "
                    "ALTER TABLE messages DROP COLUMN reasoning_ms; PRAGMA user_version = 1;");
        }
        Database db(file);
        QCOMPARE(scalar(db, "PRAGMA user_version"), qint64(latestSchemaVersion()));
        QCOMPARE(scalar(db, "SELECT count(*) FROM messages WHERE content = 'kept' AND reasoning_ms = 0"), qint64(1));
    }

    void aVersionTwoFileGainsAnswerSettings()
    {
        // Schema 2 had no settings_json: old answers read as "not recorded".
        const QString file = path("v2.sqlite3");
        {
            Database db(file);
            db.exec("INSERT INTO chats (title, created_ms, updated_ms) VALUES ('old', 1, 1);"
                    "INSERT INTO messages (chat_id, role, content, model, created_ms, reasoning_ms) "
                    "VALUES (1, 'assistant', 'kept', 'Old model', 1, 2.5);"
                    "ALTER TABLE messages DROP COLUMN settings_json; PRAGMA user_version = 2;");
            QCOMPARE(scalar(db, "SELECT count(*) FROM pragma_table_info('messages') WHERE name = 'settings_json'"),
                     qint64(0));
        }
        Database db(file);
        QCOMPARE(scalar(db, "PRAGMA user_version"), qint64(latestSchemaVersion()));
        QCOMPARE(scalar(db, "SELECT count(*) FROM messages WHERE content = 'kept' AND model = 'Old model' "
                            "AND reasoning_ms = 2.5 AND settings_json = ''"),
                 qint64(1));
        // New answers keep theirs.
        db.exec("INSERT INTO messages (chat_id, role, created_ms, settings_json) "
                "VALUES (1, 'assistant', 2, '{\"temperature\":0.7}')");
        QCOMPARE(text(db, "SELECT settings_json FROM messages WHERE created_ms = 2"), QString(R"({"temperature":0.7})"));
    }

    void twoConnectionsSeeEachOthersWrites()
    {
        const QString file = path("shared.sqlite3");
        Database writer(file);
        Database reader(file);
        const qint64 id = ChatStore(writer).createChat(hearth::test::chatTitled("from the writer"));
        QCOMPARE(ChatStore(reader).requireChat(id).title, QString("from the writer"));
    }

    void garbageFileIsRejectedClearly()
    {
        const QString file = path("garbage.sqlite3");
        QFile out(file);
        QVERIFY(out.open(QIODevice::WriteOnly));
        out.write(QByteArray(8192, 'x'));
        out.close();
        try {
            Database db(file);
            QFAIL("a file of garbage opened as a chat database");
        } catch (const hearth::Error& e) {
            QVERIFY2(QString(e.what()).contains("damaged or is not a Hearth database"), e.what());
        }
    }

    void otherProgramsDatabaseIsRejected()
    {
        const QString file = path("other.sqlite3");
        sqlite3* raw = nullptr;
        QCOMPARE(sqlite3_open(file.toUtf8().constData(), &raw), SQLITE_OK);
        QCOMPARE(sqlite3_exec(raw, "CREATE TABLE songs (name TEXT)", nullptr, nullptr, nullptr), SQLITE_OK);
        sqlite3_close(raw);
        QVERIFY_THROWS_EXCEPTION(hearth::Error, Database db(file));
        // Refused untouched: still in its own journal mode, not switched to WAL.
        QCOMPARE(sqlite3_open(file.toUtf8().constData(), &raw), SQLITE_OK);
        sqlite3_stmt* mode = nullptr;
        QCOMPARE(sqlite3_prepare_v2(raw, "PRAGMA journal_mode", -1, &mode, nullptr), SQLITE_OK);
        QCOMPARE(sqlite3_step(mode), SQLITE_ROW);
        const QString journal = QString::fromUtf8(reinterpret_cast<const char*>(sqlite3_column_text(mode, 0)));
        sqlite3_finalize(mode);
        sqlite3_close(raw);
        QCOMPARE(journal, QString("delete"));
        QVERIFY(!QFile::exists(file + "-wal"));
    }

    void newerSchemaIsRejected()
    {
        const QString file = path("newer.sqlite3");
        {
            Database db(file);
            db.exec("PRAGMA user_version = 999");
        }
        try {
            Database db(file);
            QFAIL("a newer schema opened");
        } catch (const hearth::Error& e) {
            QVERIFY2(QString(e.what()).contains("newer version of Hearth"), e.what());
        }
    }

    void missingFolderIsAClearError()
    {
        try {
            Database db(path("no/such/folder/chats.sqlite3"));
            QFAIL("opened a database in a folder that does not exist");
        } catch (const hearth::Error& e) {
            QVERIFY2(QString(e.what()).contains("Could not open the chat database"), e.what());
        }
    }

    void failedTransactionRollsBack()
    {
        Database db(path("rollback.sqlite3"));
        try {
            Transaction transaction(db);
            ChatStore(db).createChat(hearth::test::chatTitled("never saved"));
            throw hearth::Error("simulated failure");
        } catch (const hearth::Error&) {
        }
        QCOMPARE(ChatStore(db).chatCount(), qint64(0));
    }
};

QTEST_GUILESS_MAIN(StoreSchemaTest)
#include "test_store_schema.moc"
