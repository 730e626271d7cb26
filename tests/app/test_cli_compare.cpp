// hearth-cli compare as scripts use it: the --json shape, greedy answers equal
// to `run` for each model alone (the two real tiny models and a make-model
// one), refusal before anything loads, and a resumable prompt-set run.

#include "cli_process.h"
#include "fixtures.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

using hearth::test::runCli;

namespace {

QStringList lines(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QString::fromUtf8(file.readAll()).split('\n', Qt::SkipEmptyParts);
}

} // namespace

class TestCliCompare : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString f32_, q4_, tiny_;

    // Each model's greedy answer must equal what `run` prints for it alone.
    void checkMatchesRun(const QStringList& models, const QStringList& flags)
    {
        const auto compare = runCli(QStringList{"compare"} + models + flags + QStringList{"--json"});
        QVERIFY2(compare.exitCode == 0, qPrintable(compare.err));
        const QJsonObject root = QJsonDocument::fromJson(compare.rawOut).object();
        QCOMPARE(root.keys(), (QStringList{"answers", "concurrent", "prompt"}));
        QVERIFY(root["concurrent"].toBool()); // tiny models always fit together
        const QJsonArray answers = root["answers"].toArray();
        QCOMPARE(answers.size(), models.size());
        for (int i = 0; i < models.size(); ++i) {
            const QJsonObject a = answers[i].toObject();
            QCOMPARE(a.keys(), (QStringList{"decode_tps", "error", "finish", "model", "prefill_tps", "reasoning",
                                            "text", "tokens", "total_ms", "ttft_ms"}));
            QCOMPARE(a["model"].toString(), models[i]);
            QCOMPARE(a["error"].toString(), QString());
            QVERIFY(a["tokens"].toInt() > 0);
            QVERIFY(a["ttft_ms"].toDouble() > 0 && a["total_ms"].toDouble() >= a["ttft_ms"].toDouble());
            QVERIFY(a["decode_tps"].toDouble() > 0);
            const auto alone = runCli(QStringList{"run", models[i]} + flags + QStringList{"--quiet"});
            QCOMPARE(alone.exitCode, 0);
            QCOMPARE(a["text"].toString() + "\n", alone.out);
        }
    }

private Q_SLOTS:
    void initTestCase()
    {
        HEARTH_REQUIRE_SHARED(f32, "models/stories260K-f32.gguf");
        HEARTH_REQUIRE_SHARED(q4, "models/stories260K-Q4_0.gguf");
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-qwen2.gguf");
        f32_ = QString::fromStdString(f32);
        q4_ = QString::fromStdString(q4);
        tiny_ = dir_.filePath("tiny-qwen2.gguf");
        const auto made = runCli({"make-model", "--arch", "qwen2", "--preset", "tiny", "--type", "F32", "--vocab",
                                  QString::fromStdString(vocab), "-o", tiny_});
        QVERIFY2(made.exitCode == 0, qPrintable(made.err));
    }

    void greedyRawAnswersMatchRun()
    {
        checkMatchesRun({f32_, q4_}, {"--raw", "--prompt", "Once upon a time", "--temp", "0", "-n", "24"});
    }

    void greedyChatAnswersOfThreeModelsMatchRun()
    {
        checkMatchesRun({f32_, q4_, tiny_},
                        {"--prompt", "Tell me a story", "--system", "Be brief.", "--temp", "0", "-n", "12"});
    }

    void aChosenChatFormatMatchesRun()
    {
        checkMatchesRun({f32_, tiny_}, {"--prompt", "Hello", "--template", "chatml", "--temp", "0", "-n", "10"});
    }

    void readableOutputNamesEveryModel()
    {
        const auto result = runCli({"compare", f32_, q4_, "--raw", "--prompt", "Once", "--temp", "0", "-n", "8"});
        QCOMPARE(result.exitCode, 0);
        QVERIFY(result.out.contains("=== " + f32_ + " ==="));
        QVERIFY(result.out.contains("=== " + q4_ + " ==="));
        QVERIFY(result.out.contains("at the same time"));
    }

    // A context no device holds: refused with the reason before any load.
    void aModelThatCannotFitIsRefusedUpFront()
    {
        // A trained context caps --ctx, so this model is trained long.
        const QString longModel = dir_.filePath("long.gguf");
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-qwen2.gguf");
        QCOMPARE(runCli({"make-model", "--arch", "qwen2", "--preset", "tiny", "--type", "F32", "--ctx", "16777216",
                         "--vocab", QString::fromStdString(vocab), "-o", longModel}).exitCode, 0);
        const auto refused = runCli({"compare", f32_, longModel, "--prompt", "hi", "--ctx", "16777216", "--json"});
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("long.gguf") && refused.err.contains("cannot run even on its own"),
                 qPrintable(refused.err));
        QVERIFY(refused.out.isEmpty());
    }

    void promptSetIsResumable()
    {
        const QString prompts = dir_.filePath("prompts.txt");
        QFile file(prompts);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("Once upon a time\n\n{\"prompt\": \"The little dog\"}\n");
        file.close();
        const QString out = dir_.filePath("answers.jsonl");
        const QStringList args{"compare", f32_, q4_, "--raw", "--prompts", prompts, "--out", out, "--temp", "0",
                               "-n", "6"};
        const auto first = runCli(args);
        QVERIFY2(first.exitCode == 0, qPrintable(first.err));
        QVERIFY(first.err.contains("4/4 answers"));
        QStringList answers = lines(out);
        QCOMPARE(answers.size(), 4);
        const QJsonObject last = QJsonDocument::fromJson(answers.last().toUtf8()).object();
        QCOMPARE(last["prompt"].toString(), QString("The little dog"));
        QCOMPARE(last["prompt_index"].toInt(), 1);

        // Everything done: a second run adds nothing.
        const auto again = runCli(args);
        QCOMPARE(again.exitCode, 0);
        QVERIFY2(again.err.contains("4 of 4 answers already"), qPrintable(again.err));
        QCOMPARE(lines(out).size(), 4);

        // One answer lost (as if interrupted): only it is asked again.
        answers.removeLast();
        QFile rewrite(out);
        QVERIFY(rewrite.open(QIODevice::WriteOnly));
        rewrite.write((answers.join('\n') + '\n').toUtf8());
        rewrite.close();
        const auto resumed = runCli(args);
        QCOMPARE(resumed.exitCode, 0);
        QVERIFY(resumed.err.contains("3 of 4 answers already"));
        QCOMPARE(lines(out).size(), 4);
        QCOMPARE(QJsonDocument::fromJson(lines(out).last().toUtf8()).object()["text"].toString(),
                 last["text"].toString());
    }

    void badUsageIsRefused()
    {
        QCOMPARE(runCli({"compare", f32_, "--prompt", "x"}).exitCode, 2);
        QCOMPARE(runCli({"compare", f32_, q4_}).exitCode, 2);
        QCOMPARE(runCli({"compare", f32_, q4_, "--prompt", "x", "--prompts", "y"}).exitCode, 2);
        QCOMPARE(runCli({"compare", f32_, q4_, "--raw", "--system", "s", "--prompt", "x"}).exitCode, 2);
        const auto missing = runCli({"compare", f32_, dir_.filePath("none.gguf"), "--prompt", "x"});
        QCOMPARE(missing.exitCode, 1);
        QVERIFY(missing.err.contains("none.gguf"));
    }
};

QTEST_GUILESS_MAIN(TestCliCompare)
#include "test_cli_compare.moc"
