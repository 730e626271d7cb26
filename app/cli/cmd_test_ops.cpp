// hearth-cli test-ops [--op NAME] [--type T] [--json]: every GPU op x type x
// shape against its CPU reference on random data (see hearth/op_check.h).
// Exit code 1 when any check fails.

#include "cli/command.h"
#include "cli/output.h"
#include "core/settings.h"
#include "hearth/devices.h"
#include "hearth/error.h"
#include "hearth/op_check.h"

#include <nlohmann/json.hpp>

namespace hearth::cli {
namespace {

QString joined(const std::vector<std::string>& items)
{
    QStringList list;
    for (const std::string& item : items)
        list << QString::fromStdString(item);
    return list.join(", ");
}

int runTestOps(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Check every GPU op against its CPU reference on random data.\nOps: " +
                                     joined(opCheckOps()) + "\nTypes: " + joined(opCheckTypes()));
    const QCommandLineOption op("op", "Only this op (\"rope\" selects every rope_* op).", "name");
    const QCommandLineOption type("type", "Only this type (e.g. Q4_K).", "type");
    const QCommandLineOption json("json", "Print one JSON object instead of the table.");
    parser.addOption(op);
    parser.addOption(type);
    parser.addOption(json);
    if (int exit = parseOrExit(parser, "test-ops", "[--op NAME] [--type T] [--json]", args); exit >= 0)
        return exit;

    OpCheckOptions options;
    options.device = devicePreference(Settings().devicePreference().toStdString());
    options.op = parser.value(op).toStdString();
    options.type = parser.value(type).toStdString();
    const bool asJson = parser.isSet(json);
    try {
        const OpCheckReport report = runOpChecks(options, [&](const OpCheckResult& r) {
            if (!asJson)
                printErr(QString("%1 %2 %3: %4\n")
                             .arg(QString::fromStdString(r.op), QString::fromStdString(r.type),
                                  QString::fromStdString(r.shape), r.passed ? "PASS" : "FAIL"));
        });
        printOut(asJson ? toJson(report).dump(2) + "\n" : formatOpCheckTable(report));
        return report.failures() == 0 ? 0 : 1;
    } catch (const Error& e) {
        return fail("test-ops", QString::fromUtf8(e.what()));
    }
}

} // namespace

Command testOpsCommand()
{
    return {"test-ops", "Check every GPU op against its CPU reference (pass/fail table)", runTestOps};
}

} // namespace hearth::cli
