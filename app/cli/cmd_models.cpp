// hearth-cli models [--json] [--models-dir DIR] [--data-dir DIR]: the model
// library as the app sees it (what is in the models folder, and whether
// Hearth can run each model).

#include "cli/command.h"
#include "cli/output.h"
#include "services/library/library_scan.h"
#include "services/library/models_folder.h"
#include "core/size_text.h"

#include <nlohmann/json.hpp>

#include <QFileInfo>

#include <algorithm>

namespace hearth::cli {
namespace {

using library::LibraryEntry;

const QString kName = "models";
const QString kUsage = "[--json] [--models-dir DIR] [--data-dir DIR]";

QString status(const LibraryEntry& e)
{
    if (!e.readable())
        return "error: " + e.loadError;
    return e.runnable() ? "ready" : e.unsupportedReason;
}

nlohmann::ordered_json toJson(const QString& root, const QList<LibraryEntry>& entries)
{
    const auto str = [](const QString& s) { return s.toStdString(); };
    nlohmann::ordered_json list = nlohmann::ordered_json::array();
    for (const LibraryEntry& e : entries) {
        nlohmann::ordered_json j;
        j["name"] = str(e.displayName());
        j["relative_path"] = str(e.relativePath);
        j["path"] = str(e.path);
        j["publisher"] = str(e.publisher);
        j["repo"] = str(e.repo);
        j["file"] = str(e.fileName);
        j["parts"] = e.parts.size();
        j["size"] = e.sizeBytes;
        j["runnable"] = e.runnable();
        j["reason"] = str(e.unsupportedReason); // why a readable model cannot run; load errors go in "error"
        j["error"] = e.readable() ? nlohmann::ordered_json() : nlohmann::ordered_json(str(e.loadError));
        if (e.readable()) {
            j["architecture"] = e.summary.architecture;
            j["parameter_count"] = e.summary.parameterCount;
            j["quant"] = e.summary.fileTypeLabel;
            j["context_length"] = e.summary.contextLength;
            j["layers"] = e.summary.layers;
        }
        list.push_back(j);
    }
    nlohmann::ordered_json out;
    out["models_dir"] = str(root);
    out["models"] = list;
    return out;
}

QString toText(const QString& root, const QList<LibraryEntry>& entries)
{
    if (entries.isEmpty())
        return "No models in " + root + (QFileInfo(root).isDir() ? "" : " (the folder does not exist yet)") +
               ".\nPut GGUF files in " + root + "/<publisher>/<repo>/ or import one in the app.\n";

    const QStringList header = {"NAME", "ARCH", "PARAMS", "QUANT", "SIZE", "CONTEXT", "PATH", "STATUS"};
    QList<QStringList> rows;
    for (const LibraryEntry& e : entries) {
        const bool ok = e.readable();
        const auto orDash = [ok](const QString& v) { return ok && !v.isEmpty() ? v : QString("-"); };
        rows.append({e.displayName(), orDash(QString::fromStdString(e.summary.architecture)),
                     ok ? countText(e.summary.parameterCount) : "-",
                     orDash(QString::fromStdString(e.summary.fileTypeLabel)), bytesText(e.sizeBytes),
                     ok && e.summary.contextLength ? QString::number(e.summary.contextLength) : "-",
                     e.relativePath, status(e)});
    }
    QList<qsizetype> widths;
    for (const QString& h : header)
        widths.append(h.size());
    for (const QStringList& row : rows)
        for (qsizetype i = 0; i < row.size(); ++i)
            widths[i] = std::max(widths[i], row[i].size());
    const auto line = [&](const QStringList& cells) {
        QString text;
        for (qsizetype i = 0; i < cells.size(); ++i)
            text += i + 1 == cells.size() ? cells[i] : cells[i].leftJustified(widths[i] + 2);
        return text + "\n";
    };

    QString text = "Models in " + root + "\n\n" + line(header);
    for (const QStringList& row : rows)
        text += line(row);
    const auto ready = std::count_if(entries.begin(), entries.end(), [](const LibraryEntry& e) { return e.runnable(); });
    text += QString("\n%1 model%2, %3 ready to run\n").arg(entries.size()).arg(entries.size() == 1 ? "" : "s").arg(ready);
    return text;
}

int runModels(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("List the models in the model library and whether Hearth can run them.");
    const QCommandLineOption json("json", "Print one JSON object instead of a table (sizes in bytes).");
    const QCommandLineOption modelsDir("models-dir", "The models folder (default: the one set in the app, "
                                                     "else <data dir>/models).", "DIR");
    const QCommandLineOption dataDir("data-dir", "Hearth's data folder; models are in DIR/models "
                                                 "(default: $HEARTH_DATA_DIR, else ~/.local/share/hearth).",
                                     "DIR");
    parser.addOption(json);
    parser.addOption(modelsDir);
    parser.addOption(dataDir);
    if (int exit = parseOrExit(parser, kName, kUsage, args); exit >= 0)
        return exit;
    if (!parser.positionalArguments().isEmpty())
        return usageError(kName, kUsage);

    const QString root = library::resolveModelsFolder(parser.value(modelsDir), parser.value(dataDir));
    if (QFileInfo::exists(root) && !QFileInfo(root).isDir())
        return fail(kName, root + " is not a folder");
    library::SummaryCache cache;
    const QList<LibraryEntry> entries = library::scanLibrary(root, cache);
    if (parser.isSet(json))
        printOut(toJson(root, entries).dump(2) + "\n");
    else
        printOut(toText(root, entries));
    return 0;
}

} // namespace

Command modelsCommand()
{
    return {"models", "List the models in the library", runModels};
}

} // namespace hearth::cli
