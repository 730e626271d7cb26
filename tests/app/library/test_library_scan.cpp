// The model library's synchronous scanner: which files in the models folder
// become models, with what names and metadata, and what is left out.

#include "fixtures.h"
#include "library_test_util.h"

#include "services/library/folder_rescan.h"
#include "services/library/folder_scan.h"
#include "services/library/library_scan.h"
#include "services/library/models_folder.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace hearth;
using hearth::library::LibraryEntry;
using hearth::test::TinyModel;

namespace {

QStringList relativePaths(const QList<LibraryEntry>& entries)
{
    QStringList paths;
    for (const LibraryEntry& e : entries)
        paths.append(e.relativePath);
    return paths;
}

const LibraryEntry* byPath(const QList<LibraryEntry>& entries, const QString& relativePath)
{
    for (const LibraryEntry& e : entries)
        if (e.relativePath == relativePath)
            return &e;
    return nullptr;
}

} // namespace

class TestLibraryScan : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", home_.filePath("config").toUtf8()); // no user settings
    }

    void listsPublisherRepoLayout()
    {
        QTemporaryDir dir;
        const QString root = dir.path();
        TinyModel qwen;
        qwen.architecture = "qwen2";
        qwen.name = "Qwen2.5 0.5B Instruct";
        qwen.contextLength = 32768;
        qwen.fileType = 15; // Q4_K_M
        qwen.layers = 24;
        qwen.rows = 6;
        test::writeTinyModel(root + "/bartowski/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf", qwen);
        test::writeTinyModel(root + "/loose.gguf");                 // directly in the folder
        test::writeTinyModel(root + "/folder/one-level.GGUF");      // one level deep, any case
        test::writeTinyModel(root + "/pub/repo/Q8_0/deep.gguf");    // a quant folder in a repo
        test::writeTinyModel(root + "/a/b/c/d/too-deep.gguf");      // below the searched depth
        test::writeTinyModel(root + "/.hidden/x/y/hidden.gguf");
        test::writeTinyModel(root + "/pub/repo/.importing.gguf");

        library::SummaryCache cache;
        const QList<LibraryEntry> entries = library::scanLibrary(root, cache);
        QCOMPARE(relativePaths(entries),
                 QStringList({"bartowski/Qwen2.5-0.5B-Instruct-GGUF/qwen2.5-0.5b-instruct-q4_k_m.gguf",
                              "folder/one-level.GGUF", "loose.gguf", "pub/repo/Q8_0/deep.gguf"}));

        const LibraryEntry& q = entries[0];
        QCOMPARE(q.publisher, QString("bartowski"));
        QCOMPARE(q.repo, QString("Qwen2.5-0.5B-Instruct-GGUF"));
        QCOMPARE(q.fileName, QString("qwen2.5-0.5b-instruct-q4_k_m.gguf"));
        QCOMPARE(q.path, QDir(root).filePath(q.relativePath));
        QCOMPARE(q.parts, QStringList{q.path});
        QCOMPARE(qint64(q.sizeBytes), QFileInfo(q.path).size());
        QCOMPARE(q.modifiedMs, QFileInfo(q.path).lastModified().toMSecsSinceEpoch());
        QVERIFY(q.readable());
        QVERIFY(q.runnable());
        QCOMPARE(q.summary.architecture, std::string("qwen2"));
        QCOMPARE(q.summary.fileTypeLabel, std::string("Q4_K_M"));
        QCOMPARE(q.summary.contextLength, 32768u);
        QCOMPARE(q.summary.layers, 24u);
        QCOMPARE(q.summary.parameterCount, uint64_t(48));
        QCOMPARE(q.displayName(), QString("Qwen2.5 0.5B Instruct"));

        const LibraryEntry* loose = byPath(entries, "loose.gguf");
        QVERIFY(loose && loose->publisher.isEmpty() && loose->repo.isEmpty());
        QCOMPARE(loose->displayName(), QString("loose")); // no general.name: the file name
        const LibraryEntry* oneLevel = byPath(entries, "folder/one-level.GGUF");
        QVERIFY(oneLevel && oneLevel->publisher.isEmpty() && oneLevel->repo.isEmpty());
        const LibraryEntry* deep = byPath(entries, "pub/repo/Q8_0/deep.gguf");
        QVERIFY(deep);
        QCOMPARE(deep->publisher, QString("pub"));
        QCOMPARE(deep->repo, QString("repo"));
    }

    void splitSetsAreOneModelOnlyWhenComplete()
    {
        QTemporaryDir dir;
        const QString root = dir.path();
        const QString first = test::writeSplitModel(root + "/pub/big", "Big-Q4_K_M", 3);
        test::writeSplitModel(root + "/pub/partial", "Half-Q8_0", 3, /*skip=*/2);
        test::writeSplitModel(root + "/pub/partial", "Lonely", 2, /*skip=*/1);

        library::SummaryCache cache;
        const QList<LibraryEntry> entries = library::scanLibrary(root, cache);
        QCOMPARE(relativePaths(entries), QStringList{"pub/big/Big-Q4_K_M-00001-of-00003.gguf"});
        const LibraryEntry& e = entries[0];
        QCOMPARE(e.path, first);
        QCOMPARE(e.parts.size(), 3);
        QVERIFY(e.parts[2].endsWith("Big-Q4_K_M-00003-of-00003.gguf"));
        qint64 total = 0;
        for (const QString& p : e.parts)
            total += QFileInfo(p).size();
        QCOMPARE(qint64(e.sizeBytes), total);
        QCOMPARE(e.summary.fileSize, e.sizeBytes);
        QCOMPARE(e.summary.parameterCount, uint64_t(3 * 16)); // all parts' tensors
        QVERIFY(e.runnable());
        QCOMPARE(e.displayName(), QString("Big-Q4_K_M"));
    }

    void partialDownloadsAreNeverListed()
    {
        QTemporaryDir dir;
        const QString root = dir.path();
        test::writeTinyModel(root + "/pub/repo/model.gguf");
        test::writeTinyModel(root + "/pub/repo/next.gguf.part");
        test::writeBytes(root + "/pub/repo/next.gguf.part.json", "{\"url\":\"x\"}");
        test::writeBytes(root + "/pub/repo/README.md", "hello");
        test::writeBytes(root + "/pub/repo/.model2.gguf.importing", "GGUF");
        QVERIFY(!library::isModelFileName("a.gguf.part"));
        QVERIFY(!library::isModelFileName(".gguf"));
        QVERIFY(!library::isModelFileName(".x.gguf"));
        QVERIFY(library::isModelFileName("x.GgUf"));

        library::SummaryCache cache;
        QCOMPARE(relativePaths(library::scanLibrary(root, cache)), QStringList{"pub/repo/model.gguf"});
    }

    void damagedFilesAreListedWithTheirError()
    {
        QTemporaryDir dir;
        const QString root = dir.path();
        test::writeBytes(root + "/pub/repo/not-a-model.gguf", "this is a text file, not GGUF at all");
        test::writeBytes(root + "/pub/repo/empty.gguf", "");
        // A valid header whose tensor data was cut off (an interrupted copy).
        test::writeTinyModel(root + "/pub/repo/truncated.gguf");
        QFile truncated(root + "/pub/repo/truncated.gguf");
        QVERIFY(truncated.resize(truncated.size() - 40));

        library::SummaryCache cache;
        const QList<LibraryEntry> entries = library::scanLibrary(root, cache);
        QCOMPARE(entries.size(), 3);
        for (const LibraryEntry& e : entries) {
            QVERIFY2(!e.readable(), qPrintable(e.relativePath));
            QVERIFY(!e.runnable());
            QVERIFY2(e.loadError.contains(e.fileName), qPrintable(e.loadError)); // names the file
            QVERIFY(e.unsupportedReason.isEmpty());
            QCOMPARE(e.displayName(), e.fileName.chopped(5));
        }
        QVERIFY2(byPath(entries, "pub/repo/not-a-model.gguf")->loadError.contains("GGUF"),
                 qPrintable(byPath(entries, "pub/repo/not-a-model.gguf")->loadError));
        QCOMPARE(byPath(entries, "pub/repo/empty.gguf")->sizeBytes, quint64(0));
    }

    void unsupportedArchitecturesSayWhy()
    {
        QTemporaryDir dir;
        const QString root = dir.path();
        for (const char* arch : {"llama", "qwen2", "qwen3", "gemma3", "phi3"}) {
            TinyModel m;
            m.architecture = arch;
            test::writeTinyModel(root + "/pub/repo/" + arch + ".gguf", m);
        }
        GgufWriter noArch;
        noArch.setUInt32("general.file_type", 0);
        noArch.write((root + "/pub/repo/no-arch.gguf").toStdString());

        GgufWriter noWeights; // a vocabulary file: llama, but nothing to run
        noWeights.setString("general.architecture", "llama");
        noWeights.write((root + "/pub/repo/vocab.gguf").toStdString());

        library::SummaryCache cache;
        const QList<LibraryEntry> entries = library::scanLibrary(root, cache);
        QCOMPARE(entries.size(), 7);
        QVERIFY2(byPath(entries, "pub/repo/vocab.gguf")->unsupportedReason.startsWith("This file holds no weights"),
                 qPrintable(byPath(entries, "pub/repo/vocab.gguf")->unsupportedReason));
        for (const char* arch : {"llama", "qwen2", "qwen3"}) {
            const LibraryEntry* e = byPath(entries, QString("pub/repo/%1.gguf").arg(arch));
            QVERIFY2(e && e->runnable() && e->unsupportedReason.isEmpty(), arch);
        }
        QCOMPARE(byPath(entries, "pub/repo/gemma3.gguf")->unsupportedReason,
                 QString("Hearth cannot run the gemma3 architecture yet"));
        QCOMPARE(byPath(entries, "pub/repo/phi3.gguf")->unsupportedReason,
                 QString("Hearth cannot run the phi3 architecture yet"));
        const LibraryEntry* none = byPath(entries, "pub/repo/no-arch.gguf");
        QVERIFY(none->readable() && !none->runnable());
        QVERIFY2(none->unsupportedReason.contains("general.architecture"), qPrintable(none->unsupportedReason));
    }

    void cacheAvoidsRereadingUnchangedFiles()
    {
        QTemporaryDir dir;
        const QString root = dir.path();
        test::writeTinyModel(root + "/pub/repo/a.gguf");
        test::writeTinyModel(root + "/pub/repo/b.gguf");
        test::writeBytes(root + "/pub/repo/bad.gguf", "nope");
        library::SummaryCache cache;
        QCOMPARE(library::scanLibrary(root, cache).size(), 3);
        QCOMPARE(cache.headerReads(), 3);
        QCOMPARE(library::scanLibrary(root, cache).size(), 3);
        QCOMPARE(cache.headerReads(), 3); // errors are remembered too

        TinyModel bigger;
        bigger.rows = 16;
        bigger.architecture = "qwen3";
        test::writeTinyModel(root + "/pub/repo/b.gguf", bigger); // size and time change
        const QList<LibraryEntry> entries = library::scanLibrary(root, cache);
        QCOMPARE(cache.headerReads(), 4);
        QCOMPARE(byPath(entries, "pub/repo/b.gguf")->summary.architecture, std::string("qwen3"));
    }

    void rescanLooksOnlyAtChangedFolders()
    {
        QTemporaryDir dir;
        const QString root = QDir::cleanPath(dir.path());
        test::writeTinyModel(root + "/p1/r1/a.gguf");
        test::writeTinyModel(root + "/p2/r2/b.gguf");
        library::SummaryCache cache;
        const library::RescanResult full = library::rescanFolders(root, {root}, {}, cache);
        QCOMPARE(QSet<QString>(full.entriesByFolder.keyBegin(), full.entriesByFolder.keyEnd()),
                 QSet<QString>({root, root + "/p1", root + "/p1/r1", root + "/p2", root + "/p2/r2"}));
        QSet<QString> known(full.entriesByFolder.keyBegin(), full.entriesByFolder.keyEnd());

        // A new repo under p1, and p2 removed: only p1 (new subtree) and the
        // root are looked at; r1 is known and not rescanned.
        test::writeTinyModel(root + "/p1/new/c.gguf");
        QVERIFY(QDir(root + "/p2").removeRecursively());
        const library::RescanResult partial = library::rescanFolders(root, {root, root + "/p1"}, known, cache);
        QCOMPARE(QSet<QString>(partial.entriesByFolder.keyBegin(), partial.entriesByFolder.keyEnd()),
                 QSet<QString>({root, root + "/p1", root + "/p1/new"}));
        QCOMPARE(partial.entriesByFolder[root + "/p1/new"].size(), 1);
        QCOMPARE(partial.goneFolders, QStringList{root + "/p2"});
        QCOMPARE(cache.headerReads(), 3);
    }

    void listsRealModels()
    {
        HEARTH_REQUIRE_SHARED(models, "models");
        QTemporaryDir dir;
        const QString root = dir.path();
        const QStringList quants = {"F16", "Q4_0", "Q4_K_M", "Q8_0"};
        QVERIFY(QDir().mkpath(root + "/karpathy/stories260K-GGUF"));
        for (const QString& q : quants)
            QVERIFY(QFile::copy(QString::fromStdString(models) + "/stories260K-" + q + ".gguf",
                                root + "/karpathy/stories260K-GGUF/stories260K-" + q + ".gguf"));
        library::SummaryCache cache;
        const QList<LibraryEntry> entries = library::scanLibrary(root, cache);
        QCOMPARE(entries.size(), quants.size());
        for (qsizetype i = 0; i < entries.size(); ++i) {
            const LibraryEntry& e = entries[i];
            QVERIFY2(e.runnable(), qPrintable(e.loadError + e.unsupportedReason));
            QCOMPARE(QString::fromStdString(e.summary.fileTypeLabel), quants[i]);
            QCOMPARE(e.summary.architecture, std::string("llama"));
            QCOMPARE(e.summary.parameterCount, uint64_t(292800));
            QCOMPARE(e.summary.contextLength, 128u);
            QCOMPARE(e.publisher, QString("karpathy"));
        }
    }

    void missingFolderIsEmpty()
    {
        library::SummaryCache cache;
        QVERIFY(library::scanLibrary("/nonexistent/hearth/models", cache).isEmpty());
        QVERIFY(library::listModelFolders("/nonexistent/hearth/models").isEmpty());
    }

    void resolvesTheModelsFolder()
    {
        qunsetenv("HEARTH_DATA_DIR");
        QCOMPARE(library::resolveModelsFolder("/x/models/", "/y"), QString("/x/models"));
        QCOMPARE(library::resolveModelsFolder({}, "/y/data"), QString("/y/data/models"));
        qputenv("HEARTH_DATA_DIR", "/env/data");
        QCOMPARE(library::resolveModelsFolder(), QString("/env/data/models"));
        QCOMPARE(library::resolveModelsFolder({}, "/y/data"), QString("/y/data/models"));
        QCOMPARE(library::appDataFolder(), QString("/env/data"));
        qunsetenv("HEARTH_DATA_DIR");
        const QString fallback = library::resolveModelsFolder();
        QVERIFY2(fallback.endsWith("/models") && QDir::isAbsolutePath(fallback), qPrintable(fallback));
    }
};

QTEST_GUILESS_MAIN(TestLibraryScan)
#include "test_library_scan.moc"
