// `hearth-cli models` as scripts see it: the table, the JSON, the folder
// options and the environment variable.

#include "cli_process.h"
#include "library_test_util.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using hearth::test::CliResult;
using hearth::test::runCli;

namespace {

// A library with one model of each kind the listing distinguishes.
void fillLibrary(const QString& root)
{
    hearth::test::TinyModel qwen;
    qwen.architecture = "qwen2";
    qwen.name = "Tiny Qwen";
    qwen.contextLength = 32768;
    qwen.fileType = 15;
    qwen.rows = 250;
    hearth::test::writeTinyModel(root + "/pub/Tiny-GGUF/tiny-q4_k_m.gguf", qwen);
    hearth::test::TinyModel gemma;
    gemma.architecture = "gemma3";
    hearth::test::writeTinyModel(root + "/pub/Gemma-GGUF/gemma.gguf", gemma);
    hearth::test::writeBytes(root + "/broken.gguf", "not a model");
    hearth::test::writeSplitModel(root + "/pub/Split-GGUF", "Split", 2);
    hearth::test::writeBytes(root + "/pub/Split-GGUF/next.gguf.part", "GGUF");
}

QProcessEnvironment cleanEnvironment(const QString& home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove("HEARTH_DATA_DIR");
    env.insert("XDG_CONFIG_HOME", home + "/config");
    env.insert("XDG_DATA_HOME", home + "/data");
    return env;
}

} // namespace

class TestCliLibrary : public QObject {
    Q_OBJECT

    QTemporaryDir home_;

private Q_SLOTS:
    void listsAsJson()
    {
        QTemporaryDir dir;
        const QString root = QDir::cleanPath(dir.path());
        fillLibrary(root);
        const CliResult r = runCli({"models", "--json", "--models-dir", root}, cleanEnvironment(home_.path()));
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.isEmpty(), qPrintable(r.err));
        const QJsonObject j = QJsonDocument::fromJson(r.rawOut).object();
        QCOMPARE(j["models_dir"].toString(), root);
        const QJsonArray models = j["models"].toArray();
        QCOMPARE(models.size(), 4);
        QStringList order;
        for (const QJsonValue& m : models)
            order.append(m["relative_path"].toString());
        QCOMPARE(order, QStringList({"broken.gguf", "pub/Gemma-GGUF/gemma.gguf", "pub/Split-GGUF/Split-00001-of-00002.gguf",
                                     "pub/Tiny-GGUF/tiny-q4_k_m.gguf"}));

        const QJsonObject broken = models[0].toObject();
        QCOMPARE(broken["runnable"].toBool(), false);
        QVERIFY(broken["error"].isString());
        QVERIFY2(broken["error"].toString().contains("broken.gguf"), qPrintable(broken["error"].toString()));
        QCOMPARE(broken["reason"].toString(), QString()); // the load error is in "error" only
        QVERIFY(!broken.contains("architecture"));

        const QJsonObject gemma = models[1].toObject();
        QCOMPARE(gemma["runnable"].toBool(), false);
        QCOMPARE(gemma["reason"].toString(), QString("Hearth cannot run the gemma3 architecture yet"));
        QVERIFY(gemma["error"].isNull());

        const QJsonObject split = models[2].toObject();
        QCOMPARE(split["parts"].toInt(), 2);
        QCOMPARE(split["name"].toString(), QString("Split"));
        QCOMPARE(split["runnable"].toBool(), true);

        const QJsonObject tiny = models[3].toObject();
        QCOMPARE(tiny["name"].toString(), QString("Tiny Qwen"));
        QCOMPARE(tiny["architecture"].toString(), QString("qwen2"));
        QCOMPARE(tiny["quant"].toString(), QString("Q4_K_M"));
        QCOMPARE(tiny["parameter_count"].toInteger(), 2000);
        QCOMPARE(tiny["context_length"].toInteger(), 32768);
        QCOMPARE(tiny["layers"].toInteger(), 2);
        QCOMPARE(tiny["publisher"].toString(), QString("pub"));
        QCOMPARE(tiny["repo"].toString(), QString("Tiny-GGUF"));
        QCOMPARE(tiny["file"].toString(), QString("tiny-q4_k_m.gguf"));
        QCOMPARE(tiny["path"].toString(), root + "/pub/Tiny-GGUF/tiny-q4_k_m.gguf");
        QCOMPARE(tiny["size"].toInteger(), QFileInfo(root + "/pub/Tiny-GGUF/tiny-q4_k_m.gguf").size());
        QCOMPARE(tiny["runnable"].toBool(), true);
        QCOMPARE(tiny["reason"].toString(), QString());
    }

    void listsAsATable()
    {
        QTemporaryDir dir;
        fillLibrary(dir.path());
        const CliResult r = runCli({"models", "--models-dir", dir.path()}, cleanEnvironment(home_.path()));
        QCOMPARE(r.exitCode, 0);
        const QStringList lines = r.out.split('\n');
        QCOMPARE(lines[0], "Models in " + QDir::cleanPath(dir.path()));
        QVERIFY2(lines[2].startsWith("NAME"), qPrintable(r.out));
        for (const char* column : {"ARCH", "PARAMS", "QUANT", "SIZE", "CONTEXT", "PATH", "STATUS"})
            QVERIFY2(lines[2].contains(column), qPrintable(lines[2]));
        const QString tiny = lines.filter("Tiny Qwen").value(0);
        for (const char* cell : {"qwen2", "2.0K", "Q4_K_M", "32768", "pub/Tiny-GGUF/tiny-q4_k_m.gguf", "ready"})
            QVERIFY2(tiny.contains(cell), qPrintable(tiny));
        QVERIFY2(lines.filter("gemma").value(0).endsWith("Hearth cannot run the gemma3 architecture yet"), qPrintable(r.out));
        QVERIFY2(lines.filter("broken.gguf").value(0).contains("error: "), qPrintable(r.out));
        QVERIFY2(r.out.contains("\n4 models, 2 ready to run\n"), qPrintable(r.out));
        QVERIFY(!r.out.contains("next.gguf.part"));
    }

    void findsTheFolderFromDataDirAndEnvironment()
    {
        QTemporaryDir data;
        hearth::test::writeTinyModel(data.filePath("models/pub/repo/m.gguf"));
        const CliResult fromOption = runCli({"models", "--json", "--data-dir", data.path()}, cleanEnvironment(home_.path()));
        QCOMPARE(fromOption.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(fromOption.rawOut)["models"].toArray().size(), 1);

        QProcessEnvironment env = cleanEnvironment(home_.path());
        env.insert("HEARTH_DATA_DIR", data.path());
        const CliResult fromEnv = runCli({"models", "--json"}, env);
        QCOMPARE(fromEnv.exitCode, 0);
        QCOMPARE(QJsonDocument::fromJson(fromEnv.rawOut)["models_dir"].toString(),
                 QDir::cleanPath(data.path()) + "/models");
        QCOMPARE(QJsonDocument::fromJson(fromEnv.rawOut)["models"].toArray().size(), 1);
    }

    void emptyAndBadFolders()
    {
        const CliResult missing =
            runCli({"models", "--models-dir", home_.filePath("nothing-here")}, cleanEnvironment(home_.path()));
        QCOMPARE(missing.exitCode, 0);
        QVERIFY2(missing.out.startsWith("No models in ") && missing.out.contains("does not exist yet"),
                 qPrintable(missing.out));
        const CliResult json =
            runCli({"models", "--json", "--models-dir", home_.filePath("nothing-here")}, cleanEnvironment(home_.path()));
        QCOMPARE(QJsonDocument::fromJson(json.rawOut)["models"].toArray().size(), 0);

        hearth::test::writeBytes(home_.filePath("a-file"), "x");
        const CliResult notFolder = runCli({"models", "--models-dir", home_.filePath("a-file")}, cleanEnvironment(home_.path()));
        QCOMPARE(notFolder.exitCode, 1);
        QVERIFY2(notFolder.err.startsWith("hearth-cli models: ") && notFolder.err.contains("is not a folder"),
                 qPrintable(notFolder.err));
        QCOMPARE(runCli({"models", "extra"}, cleanEnvironment(home_.path())).exitCode, 2);
        QCOMPARE(runCli({"models", "--bogus"}, cleanEnvironment(home_.path())).exitCode, 2);
        const CliResult help = runCli({"models", "--help"});
        QCOMPARE(help.exitCode, 0);
        QVERIFY(help.out.contains("--models-dir"));
        QVERIFY(runCli({"--help"}).out.contains("models"));
    }
};

QTEST_GUILESS_MAIN(TestCliLibrary)
#include "test_cli_library.moc"
