// hearth-cli bench-tokenize MODEL FILE...: tokenizer throughput in MB/s.
// A benchmark, not a test: numbers go to docs/PERFORMANCE.md.

#include "cli/command.h"
#include "cli/output.h"
#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/tokenizer.h"

#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>

#include <algorithm>

#include <nlohmann/json.hpp>

namespace hearth::cli {
namespace {

int runBenchTokenize(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Measure how fast a model's tokenizer encodes each FILE (best of N runs; "
                                     "loading the vocabulary is not counted).");
    const QCommandLineOption repeat({"r", "repetitions"}, "Runs per file (default 3).", "N", "3");
    const QCommandLineOption json("json", "Print one JSON object.");
    parser.addOptions({repeat, json});
    parser.addPositionalArgument("MODEL", "A GGUF model or vocabulary file.");
    parser.addPositionalArgument("FILE", "UTF-8 text files to tokenize.", "FILE...");
    const QString usage = "MODEL FILE... [-r N] [--json]";
    if (int exit = parseOrExit(parser, "bench-tokenize", usage, args); exit >= 0)
        return exit;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() < 2)
        return usageError("bench-tokenize", usage);
    const int runs = std::max(1, parser.value(repeat).toInt());

    try {
        QElapsedTimer loadTimer;
        loadTimer.start();
        const Tokenizer tokenizer = Tokenizer::fromGguf(GgufFile::open(positional[0].toStdString()));
        const double loadMs = double(loadTimer.nsecsElapsed()) / 1e6;

        nlohmann::ordered_json out;
        out["model"] = QFileInfo(positional[0]).fileName().toStdString();
        out["load_ms"] = loadMs;
        out["files"] = nlohmann::ordered_json::array();
        QString text = QString("%1: vocabulary loaded in %2 ms\n").arg(QFileInfo(positional[0]).fileName()).arg(loadMs, 0, 'f', 1);
        for (qsizetype i = 1; i < positional.size(); ++i) {
            QFile file(positional[i]);
            if (!file.open(QIODevice::ReadOnly))
                return fail("bench-tokenize", "cannot read " + file.fileName() + ": " + file.errorString());
            const std::string input = file.readAll().toStdString();
            double bestSeconds = 1e30;
            std::size_t tokens = 0;
            for (int r = 0; r < runs; ++r) {
                QElapsedTimer timer;
                timer.start();
                tokens = tokenizer.encode(input, false, false).size();
                bestSeconds = std::min(bestSeconds, double(timer.nsecsElapsed()) / 1e9);
            }
            const double mbps = double(input.size()) / 1e6 / bestSeconds;
            out["files"].push_back({{"file", QFileInfo(file).fileName().toStdString()},
                                    {"bytes", input.size()},
                                    {"tokens", tokens},
                                    {"seconds", bestSeconds},
                                    {"mb_per_s", mbps}});
            text += QString("  %1: %2 bytes -> %3 tokens in %4 s = %5 MB/s\n")
                        .arg(QFileInfo(file).fileName()).arg(input.size()).arg(tokens)
                        .arg(bestSeconds, 0, 'f', 3).arg(mbps, 0, 'f', 2);
        }
        if (parser.isSet(json))
            printOut(out.dump(2) + "\n");
        else
            printOut(text);
        return 0;
    } catch (const Error& e) {
        return fail("bench-tokenize", QString::fromUtf8(e.what()));
    }
}

} // namespace

Command benchTokenizeCommand()
{
    return {"bench-tokenize", "Benchmark a tokenizer on text files (MB/s)", runBenchTokenize};
}

} // namespace hearth::cli
