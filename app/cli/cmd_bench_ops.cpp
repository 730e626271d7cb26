// hearth-cli bench-ops [--json] [--types Q4_K,Q8_0] [--seconds S]: device
// copy bandwidth (the roof) and mat-vec weight-read bandwidth per weight
// type at the shapes of common models (Llama-3-8B, Qwen2.5-0.5B).

#include "cli/command.h"
#include "cli/output.h"
#include "core/settings.h"
#include "hearth/devices.h"
#include "hearth/error.h"
#include "hearth/op_bench.h"

#include <nlohmann/json.hpp>

namespace hearth::cli {
namespace {

int runBenchOps(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Measure GPU copy bandwidth and mat-vec (decode) bandwidth per weight type.");
    const QCommandLineOption json("json", "Print one JSON object instead of text.");
    const QCommandLineOption types("types", "Comma-separated weight types (default: all implemented).", "list");
    const QCommandLineOption seconds("seconds", "Timed work per measurement (default 0.3).", "s");
    parser.addOption(json);
    parser.addOption(types);
    parser.addOption(seconds);
    if (int exit = parseOrExit(parser, "bench-ops", "[--json] [--types Q4_K,Q8_0] [--seconds S]", args); exit >= 0)
        return exit;

    OpBenchOptions options;
    options.device = devicePreference(Settings().devicePreference().toStdString());
    for (const QString& t : parser.value(types).split(',', Qt::SkipEmptyParts))
        options.types.push_back(t.trimmed().toStdString());
    if (parser.isSet(seconds))
        options.secondsPerCase = std::max(0.01, parser.value(seconds).toDouble());
    try {
        const bool asJson = parser.isSet(json);
        const auto result = benchOps(options, [&](const std::string& line) {
            if (!asJson)
                printErr(QString::fromStdString(line) + "\n");
        });
        if (asJson) {
            printOut(result.dump(2) + "\n");
            return 0;
        }
        QString text = QString("device: %1\ncopy bandwidth: %2 GB/s\n")
                           .arg(QString::fromStdString(result["device"].get<std::string>()))
                           .arg(result["copy_gbps"].get<double>(), 0, 'f', 2);
        text += "mat-vec        rows    cols    GB/s  of copy\n";
        for (const auto& m : result["matvec"]) {
            text += QString("%1 %2 %3 ")
                        .arg(QString::fromStdString(m["type"].get<std::string>()).leftJustified(8))
                        .arg(m["rows"].get<std::uint64_t>(), 10)
                        .arg(m["cols"].get<std::uint64_t>(), 7);
            if (m.contains("skipped"))
                text += "skipped: " + QString::fromStdString(m["skipped"].get<std::string>()) + "\n";
            else
                text += QString("%1 %2%\n")
                            .arg(m["gbps"].get<double>(), 7, 'f', 2)
                            .arg(100.0 * m["roof_fraction"].get<double>(), 7, 'f', 1);
        }
        printOut(text);
        return 0;
    } catch (const Error& e) {
        return fail("bench-ops", QString::fromUtf8(e.what()));
    }
}

} // namespace

Command benchOpsCommand()
{
    return {"bench-ops", "Benchmark GPU ops: copy bandwidth and mat-vec per weight type", runBenchOps};
}

} // namespace hearth::cli
