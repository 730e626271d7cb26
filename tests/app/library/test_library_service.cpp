// ModelLibraryService: the scan on a worker thread, the watcher picking up
// added and removed files, imports and deletes through the service, and the
// defaults a chat starts with.

#include "library_test_util.h"

#include "services/library/model_library_service.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace hearth;

namespace {

constexpr int kWaitMs = 10000;

QStringList relativePaths(const ModelLibraryService& service)
{
    QStringList paths;
    for (const library::LibraryEntry& e : service.models())
        paths.append(e.relativePath);
    return paths;
}

// Waits until the service lists exactly `expected` (a change may take more
// than one debounced rescan to show).
bool waitForListing(ModelLibraryService& service, const QStringList& expected)
{
    QElapsedTimer timer;
    timer.start();
    while (relativePaths(service) != expected && timer.elapsed() < kWaitMs) {
        QSignalSpy changed(&service, &ModelLibraryService::modelsChanged);
        changed.wait(200);
    }
    return relativePaths(service) == expected;
}

} // namespace

class TestLibraryService : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", home_.filePath("config").toUtf8());
    }

    void scansOnAWorkerAndCreatesTheFolder()
    {
        QTemporaryDir dir;
        const QString root = dir.filePath("new/models");
        ModelLibraryService service(root);
        QCOMPARE(service.modelsFolder(), QDir::cleanPath(root));
        QSignalSpy finished(&service, &ModelLibraryService::scanFinished);
        QSignalSpy changed(&service, &ModelLibraryService::modelsChanged);
        service.start();
        QVERIFY(QFileInfo(root).isDir());
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(changed.count(), 0); // nothing found, nothing changed
        QVERIFY(service.models().isEmpty());
    }

    void watcherPicksUpAddedAndRemovedFiles()
    {
        QTemporaryDir dir;
        const QString root = QDir::cleanPath(dir.path());
        test::writeTinyModel(root + "/pub/repo/a.gguf");
        test::writeBytes(root + "/pub/repo/broken.gguf", "not a model");
        ModelLibraryService service(root);
        service.setDebounceInterval(50);
        QSignalSpy finished(&service, &ModelLibraryService::scanFinished);
        QSignalSpy changed(&service, &ModelLibraryService::modelsChanged);
        service.start();
        QVERIFY(service.isScanning());
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(changed.count(), 1);
        QCOMPARE(relativePaths(service), QStringList({"pub/repo/a.gguf", "pub/repo/broken.gguf"}));
        QVERIFY(!service.find("pub/repo/broken.gguf")->readable());
        QCOMPARE(service.headerReads(), 2);

        // A file added to a watched folder; only it is read.
        test::writeTinyModel(root + "/pub/repo/b.gguf");
        QVERIFY(waitForListing(service, {"pub/repo/a.gguf", "pub/repo/b.gguf", "pub/repo/broken.gguf"}));
        QCOMPARE(service.headerReads(), 3);

        // A whole new publisher/repo tree.
        test::writeTinyModel(root + "/other/new-repo/c.gguf");
        QVERIFY(waitForListing(service, {"other/new-repo/c.gguf", "pub/repo/a.gguf", "pub/repo/b.gguf",
                                         "pub/repo/broken.gguf"}));
        QCOMPARE(service.headerReads(), 4);

        // A download in progress changes nothing.
        changed.clear();
        finished.clear();
        test::writeBytes(root + "/other/new-repo/d.gguf.part", "GGUF partial");
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(changed.count(), 0);

        // Removed: a file, then a whole tree.
        QVERIFY(QFile::remove(root + "/pub/repo/a.gguf"));
        QVERIFY(waitForListing(service, {"other/new-repo/c.gguf", "pub/repo/b.gguf", "pub/repo/broken.gguf"}));
        QVERIFY(QDir(root + "/pub").removeRecursively());
        QVERIFY(waitForListing(service, {"other/new-repo/c.gguf"}));
        QCOMPARE(service.headerReads(), 4);
    }

    void importsAndDeletesThroughTheService()
    {
        QTemporaryDir dir;
        QTemporaryDir outside;
        const QString root = QDir::cleanPath(dir.path());
        ModelLibraryService service(root);
        service.setDebounceInterval(50);
        QSignalSpy finished(&service, &ModelLibraryService::scanFinished);
        service.start();
        QVERIFY(finished.wait(kWaitMs));

        test::TinyModel m;
        m.rows = 200000;
        m.architecture = "qwen3";
        const QString source = outside.filePath("Imported-F32.gguf");
        test::writeTinyModel(source, m);
        QSignalSpy progress(&service, &ModelLibraryService::importProgress);
        QSignalSpy done(&service, &ModelLibraryService::importFinished);
        QSignalSpy failed(&service, &ModelLibraryService::importFailed);
        const int id = service.importModel({source, library::ImportMode::Copy, {}, {}});
        QVERIFY(done.wait(kWaitMs));
        QCOMPARE(failed.count(), 0);
        QCOMPARE(done[0][0].toInt(), id);
        const QString path = done[0][1].toString();
        QCOMPARE(path, root + "/local/Imported-F32/Imported-F32.gguf");
        QVERIFY(progress.count() >= 1);
        QCOMPARE(progress.last()[0].toInt(), id);
        QCOMPARE(progress.last()[1].toULongLong(), quint64(QFileInfo(source).size()));
        QCOMPARE(progress.last()[2].toULongLong(), quint64(QFileInfo(source).size()));
        QVERIFY(waitForListing(service, {"local/Imported-F32/Imported-F32.gguf"}));
        QVERIFY(service.models()[0].runnable());

        test::writeBytes(outside.filePath("junk.gguf"), "junk");
        const int bad = service.importModel({outside.filePath("junk.gguf"), library::ImportMode::Copy, {}, {}});
        QVERIFY(failed.wait(kWaitMs));
        QCOMPARE(failed[0][0].toInt(), bad);
        QVERIFY2(failed[0][1].toString().contains("not a GGUF model file"), qPrintable(failed[0][1].toString()));

        QSignalSpy changed(&service, &ModelLibraryService::modelsChanged);
        QSignalSpy errors(&service, &ModelLibraryService::errorOccurred);
        QVERIFY(service.deleteModel("local/Imported-F32/Imported-F32.gguf"));
        QCOMPARE(changed.count(), 1); // at once, not after the watcher
        QVERIFY(service.models().isEmpty());
        QVERIFY(!QFileInfo::exists(root + "/local"));
        QVERIFY(!service.deleteModel("local/Imported-F32/Imported-F32.gguf"));
        QCOMPARE(errors.count(), 1);
        QVERIFY(QFileInfo(root).isDir());
    }

    void chatDefaultsComeFromSettingsModelAndHeader()
    {
        QTemporaryDir dir;
        const QString root = QDir::cleanPath(dir.path());
        test::TinyModel small;
        small.contextLength = 2048;
        test::writeTinyModel(root + "/pub/repo/small-context.gguf", small);
        ModelLibraryService service(root);
        QSignalSpy finished(&service, &ModelLibraryService::scanFinished);
        service.start();
        QVERIFY(finished.wait(kWaitMs));

        GenerationDefaults global;
        global.contextLength = 4096;
        global.temperature = 0.5;
        Settings().setGenerationDefaults(global);
        const QString key = "pub/repo/small-context.gguf";
        GenerationDefaults d = service.effectiveDefaults(key);
        QCOMPARE(d.contextLength, 2048); // the trained context is smaller
        QCOMPARE(d.temperature, 0.5);

        library::ModelDefaults own;
        own.contextLength = 8192; // the user's explicit choice wins
        own.temperature = 0.1;
        QVERIFY(service.setModelDefaults(key, own));
        QCOMPARE(service.modelDefaults(key), own);
        d = service.effectiveDefaults(key);
        QCOMPARE(d.contextLength, 8192);
        QCOMPARE(d.temperature, 0.1);

        QSignalSpy errors(&service, &ModelLibraryService::errorOccurred);
        own.topP = -1;
        QVERIFY(!service.setModelDefaults(key, own));
        QCOMPARE(errors.count(), 1);
        QVERIFY(errors[0][0].toString().startsWith("Top-p must be"));
        QCOMPARE(service.modelDefaults(key).topP, std::nullopt);
    }

    void destroyingDuringAnImportCancelsIt()
    {
        QTemporaryDir dir;
        QTemporaryDir outside;
        test::TinyModel m;
        m.rows = 400000;
        const QString source = outside.filePath("big.gguf");
        test::writeTinyModel(source, m);
        {
            ModelLibraryService service(dir.path());
            service.importModel({source, library::ImportMode::Copy, {}, {}});
        } // must neither crash nor hang
        QVERIFY(QFileInfo::exists(source));
        const QStringList left = QDir(dir.path() + "/local/big").entryList(QDir::Files | QDir::Hidden);
        QVERIFY2(left.isEmpty() || left == QStringList{"big.gguf"}, qPrintable(left.join(',')));
    }
};

QTEST_GUILESS_MAIN(TestLibraryService)
#include "test_library_service.moc"
