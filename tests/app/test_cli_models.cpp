// hearth-cli info and make-model as scripts see them: output fields, JSON,
// exit codes and error messages.

#include "cli_process.h"
#include "fixtures.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

using hearth::test::CliResult;
using hearth::test::runCli;

namespace {

QJsonObject jsonOf(const CliResult& r)
{
    return QJsonDocument::fromJson(r.out.toUtf8()).object();
}

} // namespace

class CliModelsTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

private slots:
    void infoText()
    {
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-f32.gguf");
        const CliResult r = runCli({"info", QString::fromStdString(model)});
        QCOMPARE(r.exitCode, 0);
        for (const char* expected : {"architecture         llama", "parameters           292.8K (292800)",
                                     "layers               5", "heads                8", "kv heads             4",
                                     "vocab size           512", "file type            F32",
                                     "Memory at a context of 128 tokens", "total",
                                     "chat template        none; Hearth uses the Llama 2 format (--template NAME "
                                     "picks another)"})
            QVERIFY2(r.out.contains(expected), qPrintable(r.out));
    }

    void infoJson()
    {
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-f32.gguf");
        const CliResult r = runCli({"info", QString::fromStdString(model), "--json", "--ctx", "64"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject j = jsonOf(r);
        QCOMPARE(j["architecture"].toString(), QString("llama"));
        QCOMPARE(j["file_type"].toString(), QString("F32"));
        QCOMPARE(j["parameter_count"].toInteger(), 292800);
        QCOMPARE(j["layers"].toInteger(), 5);
        QCOMPARE(j["heads"].toInteger(), 8);
        QCOMPARE(j["kv_heads"].toInteger(), 4);
        QCOMPARE(j["vocab_size"].toInteger(), 512);
        QCOMPARE(j["head_dim"].toInteger(), 8);
        QCOMPARE(j["context_length"].toInteger(), 128);
        QCOMPARE(j["tokenizer_model"].toString(), QString("llama"));
        QCOMPARE(j["has_chat_template"].toBool(true), false);
        QCOMPARE(j["fallback_chat_template"].toString(), QString("llama2"));
        QCOMPARE(j["file_size"].toInteger(), QFileInfo(QString::fromStdString(model)).size());
        const QJsonObject m = j["memory"].toObject();
        QCOMPARE(m["context_length"].toInteger(), 64);
        QCOMPARE(m["kv_cache_bytes"].toInteger(), 2 * 5 * 4 * 8 * 2 * 64); // K+V, layers, kv heads, head dim, f16, ctx
        QCOMPARE(m["weights_bytes"].toInteger(), 292800 * 4);
        QCOMPARE(m["total_bytes"].toInteger(), m["weights_bytes"].toInteger() + m["kv_cache_bytes"].toInteger() +
                                                   m["scratch_bytes"].toInteger());
    }

    void infoErrors()
    {
        QCOMPARE(runCli({"info"}).exitCode, 2);
        QCOMPARE(runCli({"info", "a.gguf", "--ctx", "zero"}).exitCode, 2);
        const CliResult missing = runCli({"info", dir_.filePath("missing.gguf")});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.startsWith("hearth-cli info: "));
        QFile bad(dir_.filePath("bad.gguf"));
        QVERIFY(bad.open(QIODevice::WriteOnly));
        bad.write("GGUF\x03\0\0\0garbage", 15);
        bad.close();
        const CliResult corrupt = runCli({"info", bad.fileName()});
        QCOMPARE(corrupt.exitCode, 1);
        QVERIFY2(corrupt.err.contains("bad.gguf"), qPrintable(corrupt.err));
        QVERIFY(corrupt.out.isEmpty());
    }

    void makeModelThenInfo()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-llama-spm.gguf");
        const QString out = dir_.filePath("tiny.gguf");
        const CliResult r = runCli({"make-model", "--arch", "qwen3", "--preset", "tiny", "--type", "q8_0", "--vocab",
                                 QString::fromStdString(vocab), "--seed", "7", "-o", out});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.err.contains("100%"), qPrintable(r.err)); // progress goes to stderr
        const QJsonObject j = jsonOf(runCli({"info", out, "--json"}));
        QCOMPARE(j["architecture"].toString(), QString("qwen3"));
        QCOMPARE(j["file_type"].toString(), QString("Q8_0"));
        QCOMPARE(j["head_dim"].toInteger(), 32);
        QCOMPARE(j["vocab_size"].toInteger(), 32000);

        // Explicit dimensions instead of a preset.
        const QString custom = dir_.filePath("custom.gguf");
        QCOMPARE(runCli({"make-model", "--arch", "llama", "--dim", "32", "--layers", "1", "--heads", "2",
                         "--kv-heads", "1", "--ffn", "64", "--ctx", "256", "--type", "F16", "--vocab",
                         QString::fromStdString(vocab), "-o", custom})
                     .exitCode,
                 0);
        const QJsonObject c = jsonOf(runCli({"info", custom, "--json"}));
        QCOMPARE(c["layers"].toInteger(), 1);
        QCOMPARE(c["embedding_length"].toInteger(), 32);
        QCOMPARE(c["context_length"].toInteger(), 256);
    }

    void makeModelErrors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<int>("exitCode");
        QTest::addColumn<QString>("message");
        const QString v = hearth::test::sharedPath("vocab/ggml-vocab-llama-spm.gguf");
        const QStringList out = {"-o", "/nonexistent-dir/x.gguf"};
        const QStringList tinyLlama = {"--arch", "llama", "--preset", "tiny"};
        const QStringList dims = {"--dim", "32", "--layers", "1", "--heads", "2", "--kv-heads", "1", "--ffn", "64"};
        const QStringList f16 = {"--type", "F16", "--vocab", v};
        const auto row = [](const char* name, const QStringList& args, int code, const char* message) {
            QTest::newRow(name) << args << code << QString(message);
        };
        row("unknown arch", QStringList{"--arch", "gpt2", "--preset", "tiny"} + f16 + out, 1,
            "unsupported architecture 'gpt2'");
        row("unknown preset", QStringList{"--arch", "llama", "--preset", "huge"} + f16 + out, 1,
            "unknown preset 'huge'");
        row("preset of another arch", QStringList{"--arch", "llama", "--preset", "qwen2.5-0.5b"} + f16 + out, 1,
            "is a qwen2 model, not llama");
        row("unknown type", tinyLlama + QStringList{"--type", "Q3_K_S", "--vocab", v} + out, 1,
            "unsupported file type 'Q3_K_S'");
        row("missing vocab file", tinyLlama + QStringList{"--type", "F16", "--vocab", "/nonexistent.gguf"} + out, 1,
            "vocabulary file not found");
        row("bad shape", QStringList{"--arch", "llama"} + dims + QStringList{"--kv-heads", "3"} + f16 + out, 1,
            "must be a multiple of the KV head count");
        row("unwritable output", tinyLlama + f16 + out, 1, "cannot write");
        row("no vocab option", tinyLlama + QStringList{"--type", "F16"} + out, 2, "--vocab is required");
        row("no shape", QStringList{"--arch", "llama"} + f16 + out, 2, "give --preset or all of");
        row("bad number", tinyLlama + QStringList{"--layers", "many"} + f16 + out, 2, "--layers needs a whole number");
    }

    void makeModelErrors()
    {
        QFETCH(QStringList, args);
        QFETCH(int, exitCode);
        QFETCH(QString, message);
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-llama-spm.gguf");
        const CliResult r = runCli(QStringList{"make-model"} + args);
        QCOMPARE(r.exitCode, exitCode);
        QVERIFY2(r.err.contains(message), qPrintable(r.err));
    }
};

QTEST_GUILESS_MAIN(CliModelsTest)
#include "test_cli_models.moc"
