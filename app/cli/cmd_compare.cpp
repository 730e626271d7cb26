// hearth-cli compare MODEL MODEL [MODEL MODEL] --prompt TEXT | --prompts FILE:
// the same prompt answered by 2 to 4 models. Models that fit in GPU memory
// together are loaded together and answer at the same time (one thread
// each); the others wait for memory and run after them. Scripts rely on
// the --json shape (see the format): keep it exact.

#include "cli/chat_template_flag.h"
#include "cli/command.h"
#include "cli/compare_run.h"
#include "cli/generation_flags.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "hearth/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRandomGenerator>

namespace hearth::cli {
namespace {

const QString kName = "compare";

QString readableAnswers(const QString& prompt, const CompareOutcome& outcome)
{
    QString text = "Prompt: " + prompt + "\n";
    text += outcome.concurrent ? QString("(the models answered at the same time)\n")
                               : QString("(the models answered one after another: not all fit in GPU memory together)\n");
    for (const CompareAnswer& a : outcome.answers) {
        text += "\n=== " + a.model + " ===\n";
        if (!a.reasoning.isEmpty())
            text += "[thinking]\n" + a.reasoning.trimmed() + "\n[/thinking]\n";
        text += a.text.trimmed() + "\n";
        if (a.finish == "error")
            text += "(error: " + a.error + ")\n";
        else
            text += QString("-- %1 tokens, first after %2 ms, prefill %3 tok/s, decode %4 tok/s, %5 ms in all, %6\n")
                        .arg(a.tokens)
                        .arg(a.ttftMs, 0, 'f', 0)
                        .arg(a.prefillTps, 0, 'f', 1)
                        .arg(a.decodeTps, 0, 'f', 1)
                        .arg(a.totalMs, 0, 'f', 0)
                        .arg(a.finish);
    }
    return text;
}

int comparePrompt(const CompareSetup& setup, const QString& prompt, bool json)
{
    const CompareOutcome outcome = runCompare(setup, {prompt}, {}, [](const CompareProgress&) {});
    if (!outcome.refusal.isEmpty())
        return fail(kName, outcome.refusal);
    if (json) {
        QJsonArray answers;
        for (const CompareAnswer& a : outcome.answers)
            answers.append(answerJson(a));
        const QJsonObject root{{"prompt", prompt}, {"concurrent", outcome.concurrent}, {"answers", answers}};
        printOut(QString::fromUtf8(QJsonDocument(root).toJson(QJsonDocument::Indented)));
    } else {
        printOut(readableAnswers(prompt, outcome));
    }
    if (interruptFlag().load())
        return 130;
    for (const CompareAnswer& a : outcome.answers)
        if (a.finish == "error")
            return 1;
    return 0;
}

int comparePromptSet(const CompareSetup& setup, const QString& promptsPath, QString outPath)
{
    std::vector<QString> prompts;
    try {
        prompts = readPromptSet(promptsPath);
    } catch (const Error& e) {
        return fail(kName, QString::fromUtf8(e.what()));
    }
    if (prompts.empty())
        return fail(kName, "No prompts in " + promptsPath);
    if (outPath.isEmpty()) {
        const QFileInfo info(promptsPath);
        outPath = info.dir().filePath(info.completeBaseName() + "-answers.jsonl");
    }
    const CompareDone done = readDoneAnswers(outPath);
    QFile out(outPath);
    if (!out.open(QIODevice::Append | QIODevice::Text))
        return fail(kName, QString("Cannot write %1: %2").arg(outPath, out.errorString()));

    const int total = int(prompts.size() * setup.models.size());
    if (done.count() > 0)
        printErr(QString("compare: %1 of %2 answers already in %3; going on from there\n")
                     .arg(done.count()).arg(total).arg(outPath));
    const CompareOutcome outcome = runCompare(setup, prompts, done, [&](const CompareProgress& p) {
        // Each answer is on disk before the next starts: an interrupted run loses at most the one under way.
        if (p.answer) {
            out.write(answerLine(p.promptIndex, prompts[size_t(p.promptIndex)], *p.answer));
            out.flush();
        }
        printErr(QString("\rcompare: %1/%2 answers%3").arg(p.finished).arg(total).arg(p.answer ? "" : " (running)"));
    });
    printErr("\n");
    if (!outcome.refusal.isEmpty())
        return fail(kName, outcome.refusal);
    printErr(QString("compare: answers in %1\n").arg(outPath));
    return interruptFlag().load() ? 130 : 0;
}

int runCompareCommand(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Answer one prompt with 2 to 4 models side by side, with each answer's speed. Models that fit in GPU "
        "memory together answer at the same time; the others run after them. Every model gets the same seed.\n"
        "With --prompts FILE (one prompt a line, or JSON Lines with a \"prompt\" key) every prompt goes to every "
        "model and each answer is appended to --out (default: FILE's name + -answers.jsonl); running again skips "
        "the answers already there.");
    parser.addPositionalArgument("MODEL", "2 to 4 GGUF model files.");
    const QCommandLineOption prompt("prompt", "The prompt.", "TEXT");
    const QCommandLineOption prompts("prompts", "A file of prompts to run unattended.", "FILE");
    const QCommandLineOption out("out", "With --prompts: where the answers go (JSON Lines).", "FILE");
    const QCommandLineOption raw("raw", "Use the prompt as is: no chat template.");
    const QCommandLineOption system("system", "A system prompt for every model (not with --raw).", "TEXT");
    const QCommandLineOption json("json", "Print one JSON object (see --help of the docs for its shape).");
    const ChatTemplateFlag chatTemplate;
    const QList<QCommandLineOption> own = {raw, system, chatTemplate.option(), json};
    parser.addOptions({prompt, prompts, out});
    parser.addOptions(own);
    GenerationFlags flags;
    flags.addTo(parser);
    const QString usage = "MODEL MODEL [MODEL MODEL] (--prompt TEXT | --prompts FILE [--out FILE.jsonl]) " +
                          optionsUsage(own + flags.options());
    if (int exit = parseOrExit(parser, kName, usage, args); exit >= 0)
        return exit;
    const QStringList models = parser.positionalArguments();
    if (models.size() < 2 || models.size() > 4 || parser.isSet(prompt) == parser.isSet(prompts) ||
        (parser.isSet(raw) && (parser.isSet(system) || parser.isSet(chatTemplate.option()))) || (parser.isSet(out) && !parser.isSet(prompts)))
        return usageError(kName, usage);
    auto options = flags.generation(parser, kName);
    const auto session = flags.session(parser, kName);
    if (!options || !session || !chatTemplate.check(parser, kName))
        return 2;
    // One seed for every column, so differences come from the models.
    if (options->sampling.seed == 0)
        options->sampling.seed = QRandomGenerator::global()->generate64() | 1;
    options->cancel = &interruptFlag();

    CompareSetup setup;
    setup.models = models;
    setup.device = flags.device(parser);
    setup.session = *session;
    setup.generation = *options;
    setup.raw = parser.isSet(raw);
    setup.system = parser.value(system);
    setup.chatTemplate = parser.value(chatTemplate.option());
    if (parser.isSet(prompts))
        return comparePromptSet(setup, parser.value(prompts), parser.value(out));
    return comparePrompt(setup, parser.value(prompt), parser.isSet(json));
}

} // namespace

Command compareCommand()
{
    return {"compare", "Answer a prompt (or a file of prompts) with 2 to 4 models side by side", runCompareCommand};
}

} // namespace hearth::cli
