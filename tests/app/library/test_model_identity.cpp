// Which files are the same model: the file itself, a link to it, an
// identical copy; not another quantisation or another model of the same size.
// And imported models are told apart from Hub repositories.

#include "library_test_util.h"
#include "services/library/library_edit.h"
#include "services/library/library_scan.h"
#include "services/library/model_identity.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace hearth::library;
using hearth::test::TinyModel;
using hearth::test::writeTinyModel;

namespace {

QByteArray contents(const QString& path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

} // namespace

class ModelIdentityTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString path(const QString& name) const { return dir_.filePath(name); }

private Q_SLOTS:
    void theFileItselfAndALinkMatch()
    {
        const QString original = path("a/model.gguf");
        writeTinyModel(original, TinyModel{.name = "Tiny"});
        const ModelFileIdentity identity(original);
        QVERIFY(identity.matches(original));
        QVERIFY(identity.matches(path("a/../a/model.gguf")));
        QVERIFY(QFile::link(original, path("link.gguf")));
        QVERIFY(identity.matches(path("link.gguf")));
        QVERIFY(ModelFileIdentity(path("link.gguf")).matches(original));
    }

    void anIdenticalCopyMatches()
    {
        const QString original = path("outside/model.gguf");
        writeTinyModel(original, TinyModel{.name = "Tiny"});
        QDir().mkpath(path("library/pub/repo"));
        const QString copy = path("library/pub/repo/model-copy.gguf");
        QVERIFY(QFile::copy(original, copy));
        QVERIFY(ModelFileIdentity(original).matches(copy));
        QVERIFY(ModelFileIdentity(copy).matches(original));
    }

    void otherFilesDoNotMatch()
    {
        const QString original = path("b/model.gguf");
        writeTinyModel(original, TinyModel{.name = "Tiny"});
        const ModelFileIdentity identity(original);
        // Another model of exactly the same size: one letter of its name differs.
        const QString sameSize = path("b/other.gguf");
        writeTinyModel(sameSize, TinyModel{.name = "Tinz"});
        QCOMPARE(QFileInfo(sameSize).size(), QFileInfo(original).size());
        QVERIFY(contents(sameSize) != contents(original));
        QVERIFY(!identity.matches(sameSize));
        // Another size (more rows: another quantisation would differ so too).
        const QString bigger = path("b/bigger.gguf");
        writeTinyModel(bigger, TinyModel{.name = "Tiny", .rows = 8});
        QVERIFY(!identity.matches(bigger));
        QVERIFY(!identity.matches(path("b/missing.gguf")));
        QVERIFY(!identity.matches(QString()));
        QVERIFY(!ModelFileIdentity().matches(original));
        QVERIFY(!ModelFileIdentity(path("b/missing.gguf")).matches(path("b/missing2.gguf")));
    }

    void fingerprintReadsOnlyTheFirstMiB()
    {
        // Two files equal in their first MiB and in size count as copies:
        // the header and the first weights are what tells models apart.
        QByteArray bytes(3 << 20, 'x');
        hearth::test::writeBytes(path("c/one.bin"), bytes);
        bytes[(2 << 20)] = 'y';
        hearth::test::writeBytes(path("c/two.bin"), bytes);
        QCOMPARE(headFingerprint(path("c/one.bin")), headFingerprint(path("c/two.bin")));
        bytes[100] = 'z';
        hearth::test::writeBytes(path("c/three.bin"), bytes);
        QVERIFY(headFingerprint(path("c/one.bin")) != headFingerprint(path("c/three.bin")));
        QVERIFY(headFingerprint(path("c/none.bin")).isEmpty());
    }

    void importedModelsAreMarkedAsImported()
    {
        const QString models = path("models");
        const QString source = path("elsewhere/My-Model-Q8_0.gguf");
        writeTinyModel(source, TinyModel{.name = "Mine"});
        writeTinyModel(models + "/bartowski/Some-GGUF/Some-Q4_K_M.gguf", TinyModel{.name = "Some"});
        const QString imported = importModel(models, ImportRequest{.source = source});
        SummaryCache cache;
        const QList<LibraryEntry> entries = scanLibrary(models, cache);
        QCOMPARE(entries.size(), 2);
        for (const LibraryEntry& e : entries) {
            QCOMPARE(e.imported(), e.path == imported);
            if (e.imported())
                QCOMPARE(e.fileName, QString("My-Model-Q8_0.gguf"));
            else
                QCOMPARE(e.publisher + "/" + e.repo, QString("bartowski/Some-GGUF"));
        }
    }
};

QTEST_GUILESS_MAIN(ModelIdentityTest)
#include "test_model_identity.moc"
