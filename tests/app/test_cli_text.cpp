// hearth-cli tokenize / detokenize / template against the engine and the
// shared reference data: what scripts get must be exactly what the engine does.

#include "cli_process.h"
#include "fixtures.h"
#include "hearth/gguf.h"
#include "hearth/tokenizer.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using hearth::test::CliResult;
using hearth::test::runCli;

namespace {

QByteArray idsLine(const std::vector<std::int32_t>& ids)
{
    QByteArray line = "[";
    for (std::size_t i = 0; i < ids.size(); ++i)
        line += (i ? ", " : "") + QByteArray::number(ids[i]);
    return line + "]\n";
}

} // namespace

class CliTextTest : public QObject {
    Q_OBJECT

    QTemporaryDir scratch_;

private Q_SLOTS:
    void tokenizeMatchesTheEngineAndAddsBosPerVocabulary()
    {
        HEARTH_REQUIRE_SHARED(spm, "vocab/ggml-vocab-llama-spm.gguf");
        const auto tokenizer = hearth::Tokenizer::fromGguf(hearth::GgufFile::open(spm));
        const QString text = "Hello world, ünïcödé 🙂!";
        const std::string utf8 = text.toStdString();

        CliResult r = runCli({"tokenize", QString::fromStdString(spm), text});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.rawOut, idsLine(tokenizer.encode(utf8, true, false)));
        QVERIFY(r.rawOut.startsWith("[1, ")); // Llama-2 SPM adds BOS (id 1)

        r = runCli({"tokenize", QString::fromStdString(spm), text, "--no-bos"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.rawOut, idsLine(tokenizer.encode(utf8, false, false)));
        QVERIFY(!r.rawOut.startsWith("[1, "));
    }

    void tokenizeWithoutBosWhenTheVocabularySaysSo()
    {
        HEARTH_REQUIRE_SHARED(qwen, "vocab/ggml-vocab-qwen2.gguf");
        const auto tokenizer = hearth::Tokenizer::fromGguf(hearth::GgufFile::open(qwen));
        const CliResult r = runCli({"tokenize", QString::fromStdString(qwen), "<|im_start|>user", "--parse-special"});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.rawOut, idsLine(tokenizer.encode("<|im_start|>user", true, true)));
        QVERIFY(r.rawOut.startsWith("[" + QByteArray::number(*tokenizer.findToken("<|im_start|>")) + ", "));
    }

    void piecesAndBatch()
    {
        HEARTH_REQUIRE_SHARED(qwen, "vocab/ggml-vocab-qwen2.gguf");
        const auto tokenizer = hearth::Tokenizer::fromGguf(hearth::GgufFile::open(qwen));
        CliResult r = runCli({"tokenize", QString::fromStdString(qwen), "Hi there", "--pieces"});
        QCOMPARE(r.exitCode, 0);
        const QList<QByteArray> lines = r.rawOut.split('\n');
        QCOMPARE(lines.size(), 3);
        const QJsonArray pieces = QJsonDocument::fromJson(lines[1]).array();
        QCOMPARE(pieces.size(), int(tokenizer.encode("Hi there", true, false).size()));
        QCOMPARE(pieces.last().toString(), QString(" there"));

        const QString batch = scratch_.filePath("batch.jsonl");
        QFile file(batch);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("{\"text\": \"first line\"}\n{\"text\": \"二行目\"}\n");
        file.close();
        r = runCli({"tokenize", QString::fromStdString(qwen), "--batch", batch});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.rawOut, idsLine(tokenizer.encode("first line", true, false)) +
                            idsLine(tokenizer.encode("二行目", true, false)));
    }

    void detokenizeRoundTrips()
    {
        HEARTH_REQUIRE_SHARED(bpe, "vocab/ggml-vocab-llama-bpe.gguf");
        const auto tokenizer = hearth::Tokenizer::fromGguf(hearth::GgufFile::open(bpe));
        const std::string text = "  indented\ncode = 42 # ✓";
        const QByteArray ids = idsLine(tokenizer.encode(text, false, false)).trimmed();
        const CliResult r = runCli({"detokenize", QString::fromStdString(bpe), QString::fromUtf8(ids)});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.rawOut, QByteArray::fromStdString(text));

        const CliResult bad = runCli({"detokenize", QString::fromStdString(bpe), "[1, 99999999]"});
        QCOMPARE(bad.exitCode, 1);
        QVERIFY(bad.err.contains("99999999 is not a token id"));
    }

    void benchTokenizeReportsThroughput()
    {
        HEARTH_REQUIRE_SHARED(qwen, "vocab/ggml-vocab-qwen2.gguf");
        const QString text = scratch_.filePath("bench.txt");
        QFile file(text);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray("The quick brown fox jumps over the lazy dog. 敏捷的棕色狐狸。\n").repeated(200));
        file.close();
        const CliResult r = runCli({"bench-tokenize", QString::fromStdString(qwen), text, "-r", "1", "--json"});
        QCOMPARE(r.exitCode, 0);
        const QJsonObject result = QJsonDocument::fromJson(r.rawOut).object();
        const QJsonObject first = result["files"].toArray().first().toObject();
        QCOMPARE(first["bytes"].toInt(), int(file.size()));
        QVERIFY(first["tokens"].toInt() > 200);
        QVERIFY(first["mb_per_s"].toDouble() > 0);
    }

    void unreadableModelIsAClearError()
    {
        const QString garbage = scratch_.filePath("garbage.gguf");
        QFile file(garbage);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(QByteArray(4096, 'x'));
        file.close();
        const CliResult r = runCli({"tokenize", garbage, "hello"});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("garbage.gguf"), qPrintable(r.err));
    }

    void templateMatchesEveryReferenceRendering_data()
    {
        QTest::addColumn<QJsonObject>("testCase");
        QTest::addColumn<QByteArray>("rawLine"); // key order matters: templates print tool schemas as given
        const QString path = hearth::test::sharedPath("templates/cases.jsonl");
        QFile file(path);
        if (!file.open(QIODevice::ReadOnly)) {
            QTest::newRow("fixtures missing") << QJsonObject() << QByteArray(); // the test skips or fails below
            return;
        }
        int line = 0;
        while (!file.atEnd()) {
            const QByteArray raw = file.readLine();
            const QJsonObject c = QJsonDocument::fromJson(raw).object();
            ++line;
            const QByteArray name = QString("%1:%2 %3").arg(line).arg(c["template"].toString(), c["conversation"].toString()).toUtf8();
            QTest::newRow(name.constData()) << c << raw;
        }
    }

    void templateMatchesEveryReferenceRendering()
    {
        QFETCH(QJsonObject, testCase);
        QFETCH(QByteArray, rawLine);
        HEARTH_REQUIRE_SHARED(cases, "templates/cases.jsonl");
        // QJsonObject sorts keys; the messages and variables go to the CLI in
        // the file's own order, as the reference renderer saw them.
        const auto ordered = nlohmann::ordered_json::parse(rawLine.toStdString());
        HEARTH_REQUIRE_SHARED(templates, "templates");
        const QString messages = scratch_.filePath("messages.json");
        QFile file(messages);
        QVERIFY(file.open(QIODevice::WriteOnly | QIODevice::Truncate));
        file.write(QByteArray::fromStdString(ordered["messages"].dump()));
        file.close();

        QStringList args = {"template", "--template", QString::fromStdString(templates) + "/" + testCase["template"].toString(),
                            "--messages", messages, "--now", testCase["now"].toString()};
        if (testCase["bos_token"].isString())
            args << "--bos" << testCase["bos_token"].toString();
        if (testCase["eos_token"].isString())
            args << "--eos" << testCase["eos_token"].toString();
        if (!testCase["add_generation_prompt"].toBool())
            args << "--no-generation-prompt";
        if (ordered.contains("extra"))
            for (const auto& [key, value] : ordered["extra"].items())
                args << "--var" << QString::fromStdString(key + "=" + value.dump());

        const CliResult r = runCli(args);
        if (testCase["error"].isString()) {
            QCOMPARE(r.exitCode, 1);
            QString expected = testCase["error"].toString();
            expected.remove("TemplateError: ");
            QVERIFY2(r.err.contains(expected.toUtf8()), qPrintable(r.err));
        } else {
            QVERIFY2(r.exitCode == 0, qPrintable(r.err));
            QCOMPARE(QString::fromUtf8(r.rawOut), testCase["expected"].toString());
        }
    }
};

QTEST_GUILESS_MAIN(CliTextTest)
#include "test_cli_text.moc"
