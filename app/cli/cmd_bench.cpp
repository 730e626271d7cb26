// hearth-cli bench: prefill and decode tok/s of a model, mean +- sd over
// repetitions, and decode bandwidth against the device's copy bandwidth.

#include "cli/command.h"
#include "cli/output.h"
#include "hearth/devices.h"
#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/model_bench.h"
#include "hearth/model_summary.h"

#include <nlohmann/json.hpp>

#include <algorithm>

namespace hearth::cli {
namespace {

// The default 512 + 128 tokens do not fit a model trained on a short
// context (the tiny test models have 128): the counts the user did not give
// shrink to fit, and stderr says so. False (after saying why) when the
// counts the user gave cannot fit.
bool fitToContext(ModelBenchOptions& options, std::uint32_t context, bool promptGiven, bool genGiven)
{
    if (context == 0 || options.promptTokens + options.genTokens < context)
        return true;
    const QString why = QString(": the model's context is %1\n").arg(context);
    if (!genGiven && options.genTokens > context / 4) {
        options.genTokens = std::max<std::uint32_t>(2, context / 4);
        printErr(QString("generation capped at %1 tokens").arg(options.genTokens) + why);
    }
    if (!promptGiven && options.promptTokens + options.genTokens >= context && context > options.genTokens + 1) {
        options.promptTokens = context - options.genTokens - 1;
        printErr(QString("prompt capped at %1 tokens").arg(options.promptTokens) + why);
    }
    if (options.promptTokens + options.genTokens < context)
        return true;
    fail("bench", QString("%1 prompt and %2 generated tokens need a context of %3; the model's context is %4. "
                          "Lower -p or -n.")
                      .arg(options.promptTokens)
                      .arg(options.genTokens)
                      .arg(options.promptTokens + options.genTokens + 1)
                      .arg(context));
    return false;
}

int runBench(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Measure prompt processing and decode speed of MODEL on this machine.");
    const QCommandLineOption prompt({"p", "prompt-tokens"}, "Prompt tokens per run (default 512).", "N", "512");
    const QCommandLineOption gen({"n", "gen-tokens"}, "Generated tokens per run (default 128).", "N", "128");
    const QCommandLineOption reps({"r", "repetitions"}, "Measured runs after one warm-up (default 3).", "N", "3");
    const QCommandLineOption json("json", "Print one JSON object.");
    const QCommandLineOption device("device", "GPU to use: an index or part of its name.", "DEVICE");
    parser.addOptions({prompt, gen, reps, json, device});
    parser.addPositionalArgument("MODEL", "A GGUF model file.");
    const QString usage = "MODEL [-p 512] [-n 128] [-r 3] [--json] [--device DEVICE]";
    if (int exit = parseOrExit(parser, "bench", usage, args); exit >= 0)
        return exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("bench", usage);
    bool okP = false, okN = false, okR = false;
    ModelBenchOptions options;
    options.model = parser.positionalArguments().front().toStdString();
    options.promptTokens = parser.value(prompt).toUInt(&okP);
    options.genTokens = parser.value(gen).toUInt(&okN);
    options.repetitions = parser.value(reps).toUInt(&okR);
    if (!okP || !okN || !okR || options.promptTokens == 0 || options.genTokens < 2 || options.repetitions == 0)
        return fail("bench", "-p needs a positive number, -n at least 2 and -r at least 1");
    options.device = parser.isSet(device) ? parser.value(device).toStdString() : devicePreference("");

    try {
        const ModelSummary summary = summarize(GgufFile::open(options.model.string()));
        if (!fitToContext(options, summary.contextLength, parser.isSet(prompt), parser.isSet(gen)))
            return 1;
        const auto result = benchModel(options, [](const std::string& line) { printErr(QString::fromStdString(line + "\n")); });
        if (parser.isSet(json)) {
            printOut(result.dump() + "\n");
            return 0;
        }
        printOut(QString("model        %1 (%2)\ndevice       %3\n")
                     .arg(QString::fromStdString(result["model"].get<std::string>()),
                          QString::fromStdString(result["file_type"].get<std::string>()),
                          QString::fromStdString(result["device"].get<std::string>())));
        printOut(QString("prefill      %1 +- %2 tok/s (%3 tokens)\n")
                     .arg(result["prefill_tps"].get<double>(), 0, 'f', 1)
                     .arg(result["prefill_tps_sd"].get<double>(), 0, 'f', 1)
                     .arg(options.promptTokens));
        printOut(QString("decode       %1 +- %2 tok/s (%3 tokens)\n")
                     .arg(result["decode_tps"].get<double>(), 0, 'f', 2)
                     .arg(result["decode_tps_sd"].get<double>(), 0, 'f', 2)
                     .arg(options.genTokens));
        printOut(QString("decode reads %1 GB/s of a %2 GB/s copy roof (%3%)\n")
                     .arg(result["decode_gbps"].get<double>(), 0, 'f', 2)
                     .arg(result["copy_gbps"].get<double>(), 0, 'f', 2)
                     .arg(100 * result["decode_roof_fraction"].get<double>(), 0, 'f', 1));
        return 0;
    } catch (const Error& e) {
        return fail("bench", QString::fromUtf8(e.what()));
    }
}

} // namespace

Command benchCommand()
{
    return {"bench", "Measure a model's prefill and decode speed", runBench};
}

} // namespace hearth::cli
