// hearth-cli run / chat / bench as scripts use them, on the real tiny
// model: the acceptance command prints llama.cpp's continuation, errors
// are clear, the chat keeps context and obeys /reset, bench prints JSON.

#include "cli_process.h"
#include "fixtures.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QtTest>

#include <fstream>

#include <nlohmann/json.hpp>

using hearth::test::runCli;

class TestCliGenerate : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void runPrintsTheReferenceContinuation_data()
    {
        QTest::addColumn<QString>("model");
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<QString>("alternative"); // llama.cpp's own other path at a near tie
        std::ifstream in(hearth::test::sharedPath("models/reference.jsonl").toStdString());
        std::string line;
        int i = 0;
        while (std::getline(in, line)) {
            const auto ref = nlohmann::json::parse(line);
            QTest::newRow(QByteArray::number(i++).constData())
                << QString::fromStdString(ref["model"].get<std::string>())
                << QString::fromStdString(ref["prompt"].get<std::string>())
                << QString::fromStdString(ref["expected"].get<std::string>())
                << QString::fromStdString(ref.value("alt_expected", std::string()));
        }
        if (i == 0)
            QTest::newRow("missing") << QString() << QString() << QString() << QString();
    }

    void runPrintsTheReferenceContinuation()
    {
        QFETCH(QString, model);
        QFETCH(QString, prompt);
        QFETCH(QString, expected);
        QFETCH(QString, alternative);
        HEARTH_REQUIRE_SHARED(reference, "models/reference.jsonl");
        const auto r = runCli({"run", hearth::test::sharedPath("models/" + model), "--raw", "--temp", "0", "-n", "48",
                               "--prompt", prompt});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        if (!alternative.isEmpty() && r.out == alternative + "\n")
            return;
        QCOMPARE(r.out, expected + "\n");
        QVERIFY2(r.err.contains("generated: 48 tokens"), qPrintable(r.err));
    }

    void runRefusesWhatItCannotDo()
    {
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-f32.gguf");
        const auto missing = runCli({"run", "/nonexistent/model.gguf", "--prompt", "hi"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY2(missing.err.contains("model.gguf"), qPrintable(missing.err));
        const auto noPrompt = runCli({"run", QString::fromStdString(model)});
        QCOMPARE(noPrompt.exitCode, 2);
        // Longer than the context: a clear message, no crash.
        QString longPrompt;
        for (int i = 0; i < 100; ++i)
            longPrompt += "Once upon a time ";
        const auto tooLong = runCli({"run", QString::fromStdString(model), "--raw", "--ctx", "64", "--prompt", longPrompt});
        QCOMPARE(tooLong.exitCode, 1);
        QVERIFY2(tooLong.err.contains("context"), qPrintable(tooLong.err));
    }

    void chatKeepsContextAndResets()
    {
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-f32.gguf");
        QProcess chat;
        chat.start(QStringLiteral(HEARTH_CLI_PATH),
                   {"chat", QString::fromStdString(model), "--temp", "0", "-n", "8"});
        QVERIFY(chat.waitForStarted());
        chat.write("Once upon a time\nLily went to the\n/stats\n/reset\n/stats\n/exit\n");
        chat.closeWriteChannel();
        QVERIFY(chat.waitForFinished(60000));
        QCOMPARE(chat.exitCode(), 0);
        const QString err = QString::fromUtf8(chat.readAllStandardError());
        // The second turn reuses the first turn's cache.
        QVERIFY2(err.contains(QRegularExpression("prompt: \\d+ tokens \\([1-9]\\d* reused\\)")), qPrintable(err));
        QVERIFY2(err.contains("(conversation cleared)"), qPrintable(err));
        const QString out = QString::fromUtf8(chat.readAllStandardOutput());
        QVERIFY2(out.startsWith("> "), qPrintable(out)); // a prompt before each of the six input lines
    }

    void aModelWithoutATemplateIsSaidSo()
    {
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-f32.gguf");
        const QString path = QString::fromStdString(model);
        const QString note = "has no chat template; using the Llama 2 format. Pick one with --template NAME or use "
                             "--raw.";
        const auto guessed = runCli({"run", path, "--temp", "0", "-n", "4", "--prompt", "Once upon a time"});
        QVERIFY2(guessed.exitCode == 0, qPrintable(guessed.err));
        QVERIFY2(guessed.err.contains(note), qPrintable(guessed.err));
        // A chosen template or no template at all: nothing to say.
        const auto llama2 = runCli({"run", path, "--template", "Llama-2", "--temp", "0", "-n", "4", "--prompt",
                                    "Once upon a time"});
        QVERIFY2(llama2.exitCode == 0, qPrintable(llama2.err));
        QVERIFY2(!llama2.err.contains("has no chat template"), qPrintable(llama2.err));
        const auto raw = runCli({"run", path, "--raw", "--temp", "0", "-n", "4", "--prompt", "Once upon a time"});
        QVERIFY2(!raw.err.contains("has no chat template"), qPrintable(raw.err));
        // The guess is Llama 2: the same prompt as choosing it, and not ChatML's.
        const QRegularExpression promptTokens("prompt: (\\d+) tokens");
        const auto chatml = runCli({"run", path, "--template", "chatml", "--temp", "0", "-n", "4", "--prompt",
                                    "Once upon a time"});
        QVERIFY2(chatml.exitCode == 0, qPrintable(chatml.err));
        QCOMPARE(promptTokens.match(guessed.err).captured(1), promptTokens.match(llama2.err).captured(1));
        QVERIFY(promptTokens.match(chatml.err).captured(1) != promptTokens.match(llama2.err).captured(1));
        QCOMPARE(guessed.out, llama2.out);
        // The chat says it too.
        const auto chat = hearth::test::runCliWithInput({"chat", path, "-n", "2"}, {});
        QVERIFY2(chat.err.contains(note), qPrintable(chat.err));
    }

    void anUnknownTemplateListsTheChoices()
    {
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-f32.gguf");
        const auto r = runCli({"run", QString::fromStdString(model), "--template", "llama9", "--prompt", "hi"});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("there is no chat template called 'llama9'. Choose one of: chatml, llama2, llama3"),
                 qPrintable(r.err));
        // A template and --raw contradict each other.
        QCOMPARE(runCli({"run", QString::fromStdString(model), "--raw", "--template", "chatml", "--prompt", "hi"})
                     .exitCode,
                 2);
    }

    void chatCommandsStayInTheTerminal()
    {
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-f32.gguf");
        const auto chat = hearth::test::runCliWithInput({"chat", QString::fromStdString(model), "--temp", "0", "-n", "4"},
                                                        "/help\n/frobnicate\n/stats\n/exit\n");
        QCOMPARE(chat.exitCode, 0);
        const QString& err = chat.err;
        for (const char* command : {"/help", "/reset", "/stats", "/exit"})
            QVERIFY2(err.contains(QString("  %1 ").arg(command)), qPrintable(err));
        QVERIFY2(err.contains("Unknown command /frobnicate."), qPrintable(err));
        QCOMPARE(err.count("Commands:"), 2); // for /help and for the unknown one
        // Neither reached the model: no reply yet.
        QVERIFY2(err.contains("(no reply yet)"), qPrintable(err));
        QVERIFY2(!err.contains("prompt:"), qPrintable(err));
    }

    void chatRawContinuesTheText()
    {
        // Text completion: the first message alone is exactly `run --raw`.
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-f32.gguf");
        const auto run = runCli({"run", QString::fromStdString(model), "--raw", "--temp", "0", "-n", "8", "--quiet",
                                 "--prompt", "Once upon a time"});
        QVERIFY2(run.exitCode == 0, qPrintable(run.err));
        const auto chat = hearth::test::runCliWithInput(
            {"chat", QString::fromStdString(model), "--raw", "--temp", "0", "-n", "8"}, "Once upon a time\n");
        QCOMPARE(chat.exitCode, 0);
        const QString& out = chat.out;
        QVERIFY2(out.startsWith("> " + run.out), qPrintable(out + "\n---\n" + run.out));
    }

    void benchFitsTheModelsContext()
    {
        // stories260K was trained on 128 tokens: the default 512 + 128 cannot fit.
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-Q8_0.gguf");
        const auto r = runCli({"bench", QString::fromStdString(model), "-r", "1"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QVERIFY2(r.err.contains("generation capped at 32 tokens: the model's context is 128"), qPrintable(r.err));
        QVERIFY2(r.err.contains("prompt capped at 95 tokens: the model's context is 128"), qPrintable(r.err));
        QVERIFY2(r.out.contains("(95 tokens)") && r.out.contains("(32 tokens)"), qPrintable(r.out));
        // Figures with one or two decimals, not six.
        QVERIFY2(r.err.contains(QRegularExpression("run 1: prefill \\d+\\.\\d tok/s, decode \\d+\\.\\d tok/s")),
                 qPrintable(r.err));
        QVERIFY2(r.out.contains(QRegularExpression("prefill +\\d+\\.\\d \\+- \\d+\\.\\d tok/s")), qPrintable(r.out));
        // Counts the user gives are kept, and refused when they cannot fit.
        const auto tooMany = runCli({"bench", QString::fromStdString(model), "-p", "200", "-n", "8"});
        QCOMPARE(tooMany.exitCode, 1);
        QVERIFY2(tooMany.err.contains("200 prompt and 8 generated tokens need a context of 209; the model's context "
                                      "is 128"),
                 qPrintable(tooMany.err));
    }

    void benchPrintsOneJsonObject()
    {
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-Q8_0.gguf");
        const auto r = runCli({"bench", QString::fromStdString(model), "-p", "16", "-n", "8", "-r", "2", "--json"});
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject o = QJsonDocument::fromJson(r.rawOut).object();
        for (const char* key : {"prefill_tps", "decode_tps", "decode_roof_fraction", "device", "model",
                                "prompt_tokens", "gen_tokens"})
            QVERIFY2(o.contains(key), key);
        QCOMPARE(o["prompt_tokens"].toInt(), 16);
        QCOMPARE(o["gen_tokens"].toInt(), 8);
        QVERIFY(o["prefill_tps"].toDouble() > 0);
        QVERIFY(o["decode_tps"].toDouble() > 0);
        QVERIFY(o["decode_roof_fraction"].toDouble() > 0);
    }

    void benchChatsResumesAChatAfterAnother()
    {
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-f32.gguf");
        const QRegularExpression again("chat A again, follow-up: +(\\d+) prompt tokens, +(\\d+) reused");
        const auto pooled = runCli({"bench-chats", QString::fromStdString(model), "--turns", "0", "--answer", "4"});
        QVERIFY2(pooled.exitCode == 0, qPrintable(pooled.err));
        const auto m = again.match(pooled.out);
        QVERIFY2(m.hasMatch(), qPrintable(pooled.out));
        QVERIFY2(m.captured(2).toInt() > m.captured(1).toInt() / 2, qPrintable(pooled.out));
        // One session: the other chat took the cache.
        const auto single = runCli({"bench-chats", QString::fromStdString(model), "--turns", "0", "--answer", "4",
                                    "--sessions", "1"});
        QVERIFY2(single.exitCode == 0, qPrintable(single.err));
        const auto s = again.match(single.out);
        QVERIFY2(s.hasMatch() && s.captured(2).toInt() < s.captured(1).toInt() / 2, qPrintable(single.out));
    }
};

QTEST_GUILESS_MAIN(TestCliGenerate)
#include "test_cli_generate.moc"
