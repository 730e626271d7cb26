// Importing models into the library (copy and move), refusing what cannot
// be imported, and deleting models with the folders they leave empty.

#include "library_test_util.h"

#include "services/library/library_edit.h"
#include "services/library/library_scan.h"
#include "services/library/model_defaults.h"

#include "hearth/error.h"

#include <QStorageInfo>
#include <QTemporaryDir>
#include <QtTest>

#include <sys/stat.h>

using namespace hearth;
using library::ImportMode;
using library::ImportRequest;

namespace {

QString errorOf(const std::function<void()>& action)
{
    try {
        action();
    } catch (const Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QByteArray contents(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

// Every file and folder below `root`, hidden ones included.
QStringList everything(const QString& root)
{
    QStringList all;
    QDirIterator it(root, QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext())
        all.append(QDir(root).relativeFilePath(it.next()));
    all.sort();
    return all;
}

dev_t deviceOf(const QString& path)
{
    struct stat st {};
    return ::stat(QFile::encodeName(path).constData(), &st) == 0 ? st.st_dev : dev_t(0);
}

} // namespace

class TestLibraryEdit : public QObject {
    Q_OBJECT

    QTemporaryDir outside_; // where files come from
    QTemporaryDir models_;

private Q_SLOTS:
    void init()
    {
        QVERIFY(QDir(models_.path()).removeRecursively());
        QVERIFY(QDir().mkpath(models_.path()));
    }

    void copiesIntoLocalWithProgress()
    {
        test::TinyModel m;
        m.rows = 300000; // ~9.6 MB: several copy chunks
        const QString source = outside_.filePath("My-Model-Q8_0.gguf");
        test::writeTinyModel(source, m);
        const QByteArray original = contents(source);

        QList<QPair<quint64, quint64>> reports;
        const QString path = library::importModel(models_.path(), {source, ImportMode::Copy, {}, {}},
                                                  [&](quint64 done, quint64 total) { reports.append({done, total}); });
        QCOMPARE(path, QDir::cleanPath(models_.path()) + "/local/My-Model-Q8_0/My-Model-Q8_0.gguf");
        QCOMPARE(contents(path), original);
        QVERIFY(QFileInfo::exists(source)); // a copy leaves the original
        QVERIFY(reports.size() >= 3);
        QCOMPARE(reports.last(), qMakePair(quint64(original.size()), quint64(original.size())));
        for (qsizetype i = 1; i < reports.size(); ++i)
            QVERIFY(reports[i].first > reports[i - 1].first);
        // No temporary file is left, and the library lists the model.
        QCOMPARE(everything(models_.path()),
                 QStringList({"local", "local/My-Model-Q8_0", "local/My-Model-Q8_0/My-Model-Q8_0.gguf"}));
        library::SummaryCache cache;
        const auto entries = library::scanLibrary(models_.path(), cache);
        QCOMPARE(entries.size(), 1);
        QVERIFY(entries[0].runnable());
    }

    void copiesIntoAGivenRepoAndRefusesDuplicates()
    {
        const QString source = outside_.filePath("named.gguf");
        test::writeTinyModel(source);
        const QString path =
            library::importModel(models_.path(), {source, ImportMode::Copy, "someone", "Some-Repo-GGUF"});
        QCOMPARE(path, QDir::cleanPath(models_.path()) + "/someone/Some-Repo-GGUF/named.gguf");
        const QString again = errorOf(
            [&] { library::importModel(models_.path(), {source, ImportMode::Copy, "someone", "Some-Repo-GGUF"}); });
        QVERIFY2(again.contains("already in your library"), qPrintable(again));
        const QString badName =
            errorOf([&] { library::importModel(models_.path(), {source, ImportMode::Copy, "..", "x"}); });
        QVERIFY2(badName.contains("cannot be used as a publisher folder name"), qPrintable(badName));
        QCOMPARE(everything(models_.path()),
                 QStringList({"someone", "someone/Some-Repo-GGUF", "someone/Some-Repo-GGUF/named.gguf"}));
    }

    void copiesEveryPartOfASplitModel()
    {
        const QString part1 = test::writeSplitModel(outside_.filePath("split"), "Sharded", 3);
        // Any part names the whole model.
        const QString part2 = QFileInfo(part1).path() + "/Sharded-00002-of-00003.gguf";
        const QString path = library::importModel(models_.path(), {part2, ImportMode::Copy, {}, {}});
        QVERIFY2(path.endsWith("/local/Sharded/Sharded-00001-of-00003.gguf"), qPrintable(path));
        library::SummaryCache cache;
        const auto entries = library::scanLibrary(models_.path(), cache);
        QCOMPARE(entries.size(), 1);
        QCOMPARE(entries[0].parts.size(), 3);
        QVERIFY(entries[0].runnable());
    }

    void refusesWhatIsNotAModel()
    {
        const QString text = outside_.filePath("notes.gguf");
        test::writeBytes(text, "just some text");
        const QString notGguf = errorOf([&] { library::importModel(models_.path(), {text, ImportMode::Copy, {}, {}}); });
        QVERIFY2(notGguf.startsWith("Cannot import notes.gguf: it is not a GGUF model file"), qPrintable(notGguf));
        const QString missing =
            errorOf([&] { library::importModel(models_.path(), {outside_.filePath("gone.gguf"), ImportMode::Move, {}, {}}); });
        QVERIFY2(missing.contains("there is no such file"), qPrintable(missing));
        // An incomplete split set cannot be imported either.
        const QString part1 = test::writeSplitModel(outside_.filePath("halfsplit"), "Half", 2, /*skip=*/2);
        const QString incomplete = errorOf([&] { library::importModel(models_.path(), {part1, ImportMode::Copy, {}, {}}); });
        QVERIFY2(incomplete.contains("Half-00002-of-00002.gguf"), qPrintable(incomplete));
        QVERIFY(everything(models_.path()).isEmpty()); // nothing left behind
        QVERIFY(QFileInfo::exists(text));
    }

    void refusesWhenTheDiskIsTooFull()
    {
        const QStorageInfo storage(models_.path());
        const qint64 available = storage.bytesAvailable();
        QVERIFY(available > 0);
        const QString tooMuch = errorOf([&] { library::ensureFreeSpace(models_.path(), quint64(available) + (1ull << 30)); });
        QVERIFY2(tooMuch.startsWith("Not enough free disk space: the model needs "), qPrintable(tooMuch));
        QVERIFY(errorOf([&] { library::ensureFreeSpace(models_.path() + "/not/yet/made", 1024); }).isEmpty());

        // A real import of a (sparse) file bigger than the free space.
        const QString source = outside_.filePath("huge.gguf");
        test::writeTinyModel(source);
        QFile huge(source);
        if (!huge.resize(available + (1ll << 30)))
            QSKIP("this file system cannot make a sparse file that large");
        const QString refused = errorOf([&] { library::importModel(models_.path(), {source, ImportMode::Copy, {}, {}}); });
        QFile::remove(source);
        QVERIFY2(refused.startsWith("Not enough free disk space"), qPrintable(refused));
        QVERIFY(everything(models_.path()).isEmpty());
    }

    void cancelLeavesNothingBehind()
    {
        test::TinyModel m;
        m.rows = 300000;
        const QString source = outside_.filePath("cancel-me.gguf");
        test::writeTinyModel(source, m);
        std::atomic<bool> cancel{false};
        const QString error = errorOf([&] {
            library::importModel(models_.path(), {source, ImportMode::Copy, {}, {}},
                                 [&](quint64, quint64) { cancel = true; }, &cancel);
        });
        QVERIFY2(error.contains("cancelled"), qPrintable(error));
        QVERIFY(everything(models_.path()).isEmpty());
    }

    void movesWithinAFileSystem()
    {
        const QString source = models_.filePath("incoming.gguf"); // same file system for sure
        test::writeTinyModel(source);
        const QByteArray original = contents(source);
        int progressCalls = 0;
        const QString path = library::importModel(models_.path(), {source, ImportMode::Move, "pub", "repo"},
                                                  [&](quint64, quint64) { ++progressCalls; });
        QCOMPARE(progressCalls, 0); // a rename copies nothing
        QVERIFY(!QFileInfo::exists(source));
        QCOMPARE(contents(path), original);
    }

    void movesAcrossFileSystems()
    {
        QTemporaryDir shm("/dev/shm/hearth-test-XXXXXX");
        if (!shm.isValid() || deviceOf(shm.path()) == deviceOf(models_.path()))
            QSKIP("no second file system (/dev/shm) to move from");
        const QString part1 = test::writeSplitModel(shm.path(), "Across", 2);
        const QString path = library::importModel(models_.path(), {part1, ImportMode::Move, {}, {}});
        QVERIFY(!QFileInfo::exists(part1));
        QVERIFY(!QFileInfo::exists(shm.filePath("Across-00002-of-00002.gguf")));
        QCOMPARE(everything(QFileInfo(path).path()),
                 QStringList({"Across-00001-of-00002.gguf", "Across-00002-of-00002.gguf"}));
    }

    void deletesAModelAndItsEmptyFolders()
    {
        test::writeTinyModel(models_.filePath("pub/repo/a.gguf"));
        test::writeTinyModel(models_.filePath("pub/repo/b.gguf"));
        const QString split = test::writeSplitModel(models_.filePath("pub/other"), "S", 3);
        library::ModelDefaultsStore store(models_.path());
        library::ModelDefaults d;
        d.temperature = 0.3;
        store.set("pub/other/S-00001-of-00003.gguf", d);
        store.set("pub/repo/a.gguf", d);

        library::deleteModel(models_.path(), split);
        QCOMPARE(store.models(), QStringList{"pub/repo/a.gguf"}); // its defaults went with it
        QVERIFY(!QFileInfo::exists(models_.filePath("pub/other"))); // repo folder was left empty
        library::deleteModel(models_.path(), models_.filePath("pub/repo/a.gguf"));
        QVERIFY(QFileInfo::exists(models_.filePath("pub/repo/b.gguf")));
        library::deleteModel(models_.path(), "pub/repo/b.gguf"); // relative works too
        QCOMPARE(everything(models_.path()),
                 QStringList({".hearth", ".hearth/model-defaults.json"})); // publisher folder gone too
        QVERIFY(QFileInfo(models_.path()).isDir()); // never the models folder itself

        const QString again = errorOf([&] { library::deleteModel(models_.path(), "pub/repo/b.gguf"); });
        QVERIFY2(again.contains("no longer in the models folder"), qPrintable(again));
        const QString outside = outside_.filePath("keep.gguf");
        test::writeTinyModel(outside);
        const QString refused = errorOf([&] { library::deleteModel(models_.path(), outside); });
        QVERIFY2(refused.contains("not a model file in the models folder"), qPrintable(refused));
        QVERIFY(QFileInfo::exists(outside));
        test::writeBytes(models_.filePath("notes.txt"), "x");
        QVERIFY(!errorOf([&] { library::deleteModel(models_.path(), "notes.txt"); }).isEmpty());
        QVERIFY(QFileInfo::exists(models_.filePath("notes.txt")));
    }
};

QTEST_GUILESS_MAIN(TestLibraryEdit)
#include "test_library_edit.moc"
