// hearth-cli hub search QUERY [--sort downloads|likes|recent] [--limit N] [--json]
// hearth-cli hub files REPO [--json]
// Browse GGUF models on Hugging Face (HF_ENDPOINT, HF_TOKEN honoured).

#include "cli/command.h"
#include "cli/output.h"
#include "core/settings.h"
#include "core/size_text.h"
#include "hearth/error.h"
#include "services/hub/hub_client.h"

#include <nlohmann/json.hpp>

namespace hearth::cli {
namespace {

using namespace hearth::hub;

const QString kUsage = "search QUERY [--sort downloads|likes|recent] [--limit N] [--json]\n"
                       "       hearth-cli hub files REPO [--json]";

QString sizeText(qint64 bytes)
{
    return bytes < 0 ? QString("?") : bytesText(quint64(bytes));
}

std::string utf8(const QString& text)
{
    return text.toStdString();
}

nlohmann::ordered_json modelJson(const HubModel& m)
{
    nlohmann::ordered_json j;
    j["id"] = utf8(m.id);
    j["author"] = utf8(m.author);
    j["downloads"] = m.downloads;
    j["likes"] = m.likes;
    j["lastModified"] = utf8(m.lastModified.toString(Qt::ISODate));
    j["gated"] = m.gated;
    j["license"] = utf8(m.license);
    return j;
}

int runSearch(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Search Hugging Face for GGUF models whose name contains QUERY.");
    const QCommandLineOption sort("sort", "Order: downloads (default), likes or recent.", "order", "downloads");
    const QCommandLineOption limit("limit", "How many models to list (default 20).", "N", "20");
    const QCommandLineOption json("json", "Print a JSON array.");
    parser.addOptions({sort, limit, json});
    parser.addPositionalArgument("QUERY", "Part of the model name.");
    const QString usage = "search QUERY [--sort downloads|likes|recent] [--limit N] [--json]";
    if (int exit = parseOrExit(parser, "hub", usage, args); exit >= 0)
        return exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("hub", usage);
    SearchQuery query;
    query.text = parser.positionalArguments().first();
    const QString order = parser.value(sort);
    if (order == "likes")
        query.sort = SearchSort::Likes;
    else if (order == "recent")
        query.sort = SearchSort::Recent;
    else if (order != "downloads")
        return fail("hub", "--sort must be downloads, likes or recent, not '" + order + "'");
    bool ok = false;
    const int wanted = parser.value(limit).toInt(&ok);
    if (!ok || wanted < 1 || wanted > 1000)
        return fail("hub", "--limit must be a number from 1 to 1000");
    query.limit = std::min(wanted, 100);

    try {
        HubClient client(HubConfig::fromEnvironment(Settings().huggingFaceToken()));
        QList<HubModel> models;
        QFuture<SearchPage> future = client.search(query);
        for (;;) {
            const SearchPage page = future.result();
            models << page.models;
            if (models.size() >= wanted || page.nextUrl.isEmpty())
                break;
            future = client.nextPage(page.nextUrl);
        }
        models = models.mid(0, wanted);
        if (parser.isSet(json)) {
            nlohmann::ordered_json out = nlohmann::ordered_json::array();
            for (const HubModel& m : models)
                out.push_back(modelJson(m));
            printOut(out.dump(2) + "\n");
            return 0;
        }
        if (models.isEmpty()) {
            printOut("No GGUF models found for '" + query.text + "'.\n");
            return 0;
        }
        QString text = QString("%1 %2 %3 %4\n")
                           .arg("MODEL", -50).arg("DOWNLOADS", 10).arg("LIKES", 7).arg("UPDATED");
        for (const HubModel& m : models)
            text += QString("%1 %2 %3 %4%5\n")
                        .arg(m.id, -50).arg(m.downloads, 10).arg(m.likes, 7)
                        .arg(m.lastModified.date().toString(Qt::ISODate))
                        .arg(m.gated ? "  (gated)" : "");
        printOut(text);
        return 0;
    } catch (const Error& e) {
        return fail("hub", QString::fromUtf8(e.what()));
    }
}

int runFiles(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("List the GGUF files of a Hugging Face model, with quantisation, size and "
                                     "SHA-256; a split set is one entry.");
    const QCommandLineOption json("json", "Print one JSON object (includes the README).");
    parser.addOption(json);
    parser.addPositionalArgument("REPO", "publisher/name");
    if (int exit = parseOrExit(parser, "hub", "files REPO [--json]", args); exit >= 0)
        return exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("hub", "files REPO [--json]");
    try {
        HubClient client(HubConfig::fromEnvironment(Settings().huggingFaceToken()));
        const RepoDetails details = client.repoDetails(parser.positionalArguments().first()).result();
        const HubModel& m = details.model;
        if (parser.isSet(json)) {
            nlohmann::ordered_json out = modelJson(m);
            out["files"] = nlohmann::ordered_json::array();
            for (const HubFileGroup& g : details.ggufFiles) {
                nlohmann::ordered_json jg;
                jg["name"] = utf8(g.name);
                jg["quant"] = utf8(g.quant);
                jg["size"] = g.totalSize();
                jg["complete"] = g.complete;
                jg["parts"] = nlohmann::ordered_json::array();
                for (const HubFile& f : g.parts)
                    jg["parts"].push_back({{"path", utf8(f.path)}, {"size", f.size}, {"sha256", utf8(f.sha256)}});
                out["files"].push_back(jg);
            }
            out["readme"] = utf8(details.readme);
            printOut(out.dump(2) + "\n");
            return 0;
        }
        QString text = m.id + "\n  license: " + (m.license.isEmpty() ? "unknown" : m.license) +
                       (m.gated ? "  (gated: accept its license on huggingface.co)" : "") +
                       "\n  downloads: " + QString::number(m.downloads) + ", likes: " + QString::number(m.likes) +
                       ", updated " + m.lastModified.date().toString(Qt::ISODate) + "\n\n";
        if (details.ggufFiles.isEmpty())
            text += "No GGUF files in this repository.\n";
        for (const HubFileGroup& g : details.ggufFiles)
            text += QString("  %1 %2 %3%4\n")
                        .arg(g.quant.isEmpty() ? "-" : g.quant, -9)
                        .arg(sizeText(g.totalSize()), 10)
                        .arg(g.name)
                        .arg(g.isSplit() ? QString("  (%1 parts%2)").arg(g.parts.size())
                                                  .arg(g.complete ? "" : ", incomplete on the Hub")
                                         : QString());
        printOut(text);
        return 0;
    } catch (const Error& e) {
        return fail("hub", QString::fromUtf8(e.what()));
    }
}

int runHub(const QStringList& args)
{
    if (args.isEmpty() || args.first() == "--help" || args.first() == "-h") {
        printOut("Usage: hearth-cli hub " + kUsage +
                 "\n\nBrowse GGUF models on Hugging Face. HF_ENDPOINT picks another Hub, HF_TOKEN (or the token in "
                 "Settings) is sent for gated models.\n");
        return args.isEmpty() ? 2 : 0;
    }
    const QString sub = args.first();
    const QStringList rest = args.mid(1);
    if (sub == "search")
        return runSearch(rest);
    if (sub == "files")
        return runFiles(rest);
    return usageError("hub", kUsage);
}

} // namespace

Command hubCommand()
{
    return {"hub", "Search Hugging Face for GGUF models and list their files", runHub};
}

} // namespace hearth::cli
