// The data folder: ~/.local/share/hearth, and the move of what older
// versions kept in ~/.local/share/hearth/hearth (models, chats, a models
// folder saved in Settings), which must never lose data when it fails.
// XDG_DATA_HOME and XDG_CONFIG_HOME point at temporary folders.

#include "cli_process.h"
#include "core/data_folder.h"
#include "core/data_folder_move.h"
#include "core/settings.h"
#include "fixtures.h"

#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using namespace hearth;

namespace {

void writeFile(const QString& path, const QByteArray& bytes)
{
    QDir().mkpath(QFileInfo(path).path());
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(bytes);
}

QByteArray readFile(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray("(missing)");
}

// What an older version left: a model with its defaults, the chats database
// with its write-ahead log.
const QMap<QString, QByteArray> kLegacyFiles = {
    {"models/pub/repo/model.gguf", "GGUF model bytes"},
    {"models/.hearth/model-defaults.json", R"({"version":1,"models":{}})"},
    {"chats.sqlite3", "SQLite format 3"},
    {"chats.sqlite3-wal", "wal"},
};

} // namespace

class TestDataFolder : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    std::unique_ptr<QTemporaryDir> data_;
    QString current_, legacy_;

private Q_SLOTS:
    void initTestCase()
    {
        // QSettings keeps the first config path it sees: set it before any use.
        qputenv("XDG_CONFIG_HOME", config_.path().toUtf8());
        qunsetenv("HEARTH_DATA_DIR");
    }

    void init()
    {
        data_ = std::make_unique<QTemporaryDir>();
        qputenv("XDG_DATA_HOME", data_->path().toUtf8());
        current_ = data_->path() + "/hearth";
        legacy_ = current_ + "/hearth";
        Settings().setModelsFolder({});
    }

    void theFolderIsHearthOnce()
    {
        QCOMPARE(appDataFolder(), current_);
        QCOMPARE(legacyDataFolder(), legacy_);
        QCOMPARE(moveLegacyDataFolder().outcome, DataFolderMove::Outcome::NothingToDo);
        QVERIFY(!QFileInfo::exists(current_)); // nothing made when there was nothing to move
    }

    void movesTheLegacyFolder()
    {
        for (auto it = kLegacyFiles.begin(); it != kLegacyFiles.end(); ++it)
            writeFile(legacy_ + "/" + it.key(), it.value());
        Settings().setModelsFolder(legacy_ + "/models");
        QCOMPARE(appDataFolder(), legacy_); // until it moves, the data is used where it is

        const DataFolderMove move = moveLegacyDataFolder();
        QCOMPARE(move.outcome, DataFolderMove::Outcome::Moved);
        QVERIFY2(move.message.contains(legacy_) && move.message.contains(current_), qPrintable(move.message));
        for (auto it = kLegacyFiles.begin(); it != kLegacyFiles.end(); ++it)
            QCOMPARE(readFile(current_ + "/" + it.key()), it.value());
        QVERIFY(!QFileInfo::exists(legacy_));
        QCOMPARE(appDataFolder(), current_);
        QCOMPARE(Settings().modelsFolder(), current_ + "/models");
        // Once is enough.
        QCOMPARE(moveLegacyDataFolder().outcome, DataFolderMove::Outcome::NothingToDo);
    }

    void aFailedMoveLosesNothing()
    {
        for (auto it = kLegacyFiles.begin(); it != kLegacyFiles.end(); ++it)
            writeFile(legacy_ + "/" + it.key(), it.value());
        Settings().setModelsFolder(legacy_ + "/models");
        // The first entry moves, the second fails (a disk error, a lock).
        int calls = 0;
        const DataFolderMove move = moveLegacyDataFolder([&](const QString& from, const QString& to) {
            return ++calls == 1 && QDir().rename(from, to);
        });
        QCOMPARE(calls, 2);
        QCOMPARE(move.outcome, DataFolderMove::Outcome::Failed);
        QVERIFY2(move.message.contains("keeps using " + legacy_), qPrintable(move.message));
        for (auto it = kLegacyFiles.begin(); it != kLegacyFiles.end(); ++it)
            QCOMPARE(readFile(legacy_ + "/" + it.key()), it.value());
        QCOMPARE(QDir(current_).entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot),
                 QStringList{"hearth"});
        QCOMPARE(appDataFolder(), legacy_); // still in use
        QCOMPARE(Settings().modelsFolder(), legacy_ + "/models");
    }

    void newDataLeavesTheLegacyFolderAlone()
    {
        writeFile(legacy_ + "/chats.sqlite3", "old");
        writeFile(current_ + "/chats.sqlite3", "new");
        const DataFolderMove move = moveLegacyDataFolder();
        QCOMPARE(move.outcome, DataFolderMove::Outcome::LeftAlone);
        QCOMPARE(readFile(legacy_ + "/chats.sqlite3"), QByteArray("old"));
        QCOMPARE(readFile(current_ + "/chats.sqlite3"), QByteArray("new"));
        QCOMPARE(appDataFolder(), current_);
    }

    void aFolderNamedHearthInsideIsNotMovedIntoItself()
    {
        writeFile(legacy_ + "/hearth/notes.txt", "x");
        writeFile(legacy_ + "/chats.sqlite3", "chats");
        const DataFolderMove move = moveLegacyDataFolder();
        QCOMPARE(move.outcome, DataFolderMove::Outcome::Failed);
        QCOMPARE(readFile(legacy_ + "/chats.sqlite3"), QByteArray("chats"));
        QCOMPARE(readFile(legacy_ + "/hearth/notes.txt"), QByteArray("x"));
        QCOMPARE(appDataFolder(), legacy_);
    }

    void theCliMovesItAtStart()
    {
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-f32.gguf");
        QDir().mkpath(legacy_ + "/models/pub/repo");
        QVERIFY(QFile::copy(QString::fromStdString(model), legacy_ + "/models/pub/repo/stories.gguf"));
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_DATA_HOME", data_->path());
        env.insert("XDG_CONFIG_HOME", config_.path());
        env.remove("HEARTH_DATA_DIR");
        const auto r = hearth::test::runCli({"models", "--json"}, env);
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("Moved Hearth's data"), qPrintable(r.err));
        const QJsonObject listing = QJsonDocument::fromJson(r.rawOut).object();
        QCOMPARE(listing["models_dir"].toString(), current_ + "/models");
        const QJsonArray models = listing["models"].toArray();
        QCOMPARE(models.size(), 1);
        QCOMPARE(models[0].toObject()["path"].toString(), current_ + "/models/pub/repo/stories.gguf");
        QVERIFY(!QFileInfo::exists(legacy_));
    }
};

QTEST_GUILESS_MAIN(TestDataFolder)
#include "test_data_folder.moc"
