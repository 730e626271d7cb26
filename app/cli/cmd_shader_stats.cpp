// hearth-cli shader-stats: registers, spills and occupancy of every compute
// shader as a real GPU's compiler sees them, without that GPU:
//   RADV_FORCE_FAMILY=navi21 VK_ICD_FILENAMES=/usr/share/vulkan/icd.d/radeon_icd.x86_64.json
//   hearth-cli shader-stats   (both variables in the environment)
// (Mesa's RADV compiles for the named AMD family on a "null hardware" device.)

#include "cli/command.h"
#include "cli/output.h"
#include "hearth/error.h"
#include "hearth/shader_stats.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace hearth::cli {
namespace {

const QString kName = "shader-stats";
const QString kUsage = "[--filter TEXT] [--device DEVICE] [--json]";

// RADV's names for the figures that matter most; other drivers' figures
// still show with --json.
const QStringList kColumns{"VGPRs", "SGPRs", "Spilled VGPRs", "Spilled SGPRs", "LDS size", "Subgroups per SIMD",
                           "Code size"};

QString table(const ShaderStatisticsReport& report)
{
    int width = 6;
    for (const ShaderStatistics& s : report.shaders)
        width = std::max(width, int(s.shader.size()));
    QString text = "Compiled for " + QString::fromStdString(report.device) + "\n\n" + QString("shader").leftJustified(width);
    for (const QString& column : kColumns)
        text += "  " + column;
    text += "\n";
    for (const ShaderStatistics& s : report.shaders) {
        text += QString::fromStdString(s.shader).leftJustified(width);
        if (!s.error.empty()) {
            text += "  failed: " + QString::fromStdString(s.error) + "\n";
            continue;
        }
        for (const QString& column : kColumns) {
            const auto found = std::find_if(s.values.begin(), s.values.end(),
                                            [&](const auto& v) { return QString::fromStdString(v.first) == column; });
            const QString value = found == s.values.end() ? QString("-") : QString::number(found->second);
            text += "  " + value.rightJustified(int(column.size()));
        }
        text += "\n";
    }
    return text;
}

QJsonObject json(const ShaderStatisticsReport& report)
{
    QJsonArray shaders;
    for (const ShaderStatistics& s : report.shaders) {
        QJsonObject values;
        for (const auto& [name, value] : s.values)
            values.insert(QString::fromStdString(name), value);
        QJsonObject entry{{"shader", QString::fromStdString(s.shader)}, {"statistics", values}};
        if (!s.error.empty())
            entry.insert("error", QString::fromStdString(s.error));
        shaders.append(entry);
    }
    return {{"device", QString::fromStdString(report.device)}, {"shaders", shaders}};
}

int runShaderStats(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Compile every compute shader on the GPU and print what its compiler reports: registers, spills, shared "
        "memory, waves per SIMD (VK_KHR_pipeline_executable_properties; default specialization constants). Without "
        "an AMD GPU, Mesa's RADV can compile for one: RADV_FORCE_FAMILY=navi21 (or gfx1100) with "
        "VK_ICD_FILENAMES=/usr/share/vulkan/icd.d/radeon_icd.x86_64.json.");
    const QCommandLineOption filter("filter", "Only shaders whose name contains TEXT.", "TEXT");
    const QCommandLineOption device("device", "GPU to use: an index or part of its name (default: the best).",
                                    "DEVICE");
    const QCommandLineOption asJson("json", "Print JSON with every statistic the driver gives.");
    parser.addOptions({filter, device, asJson});
    if (int exit = parseOrExit(parser, kName, kUsage, args); exit >= 0)
        return exit;
    if (!parser.positionalArguments().isEmpty())
        return usageError(kName, kUsage);
    try {
        const ShaderStatisticsReport report =
            shaderStatistics(parser.value(device).toStdString(), parser.value(filter).toStdString());
        if (!report.available)
            return fail(kName, QString("%1 does not report shader statistics (no "
                                       "VK_KHR_pipeline_executable_properties). Mesa's RADV does: see --help.")
                                   .arg(QString::fromStdString(report.device)));
        if (report.shaders.empty())
            return fail(kName, "No shader's name contains '" + parser.value(filter) + "'.");
        printOut(parser.isSet(asJson) ? QString::fromUtf8(QJsonDocument(json(report)).toJson(QJsonDocument::Indented))
                                      : table(report));
        const bool failed = std::any_of(report.shaders.begin(), report.shaders.end(),
                                        [](const ShaderStatistics& s) { return !s.error.empty(); });
        return failed ? 1 : 0;
    } catch (const Error& e) {
        return fail(kName, QString::fromUtf8(e.what()));
    }
}

} // namespace

Command shaderStatsCommand()
{
    return {"shader-stats", "Registers, spills and occupancy of every shader on a GPU's compiler", runShaderStats};
}

} // namespace hearth::cli
