// hearth-cli pull REPO FILE [--models-dir DIR] [--data-dir DIR]
// Downloads one GGUF file (or a whole split set) from Hugging Face into the
// model library: resumable (run it again after an interruption), verified
// against the Hub's SHA-256. Progress goes to stderr.

#include "cli/command.h"
#include "cli/output.h"
#include "services/library/models_folder.h"
#include "core/settings.h"
#include "core/size_text.h"
#include "hearth/error.h"
#include "services/downloads/download_manager.h"
#include "services/downloads/download_plan.h"
#include "services/hub/hub_client.h"

#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFileInfo>
#include <QStandardPaths>
#include <QTime>

#include <cmath>

#include <unistd.h>

namespace hearth::cli {
namespace {

using namespace hearth::hub;
using namespace hearth::downloads;

const QString kUsage = "REPO FILE [--models-dir DIR] [--data-dir DIR]";

QString sizeText(qint64 bytes)
{
    return bytesText(quint64(std::max<qint64>(bytes, 0)));
}

QString modelsDir(const QCommandLineParser& parser, const QCommandLineOption& models, const QCommandLineOption& data)
{
    // The same folder the library lists (flags, HEARTH_DATA_DIR, then Settings).
    return library::resolveModelsFolder(parser.value(models), parser.value(data));
}

// The file group the user named: a group name, one of its parts, or a
// non-GGUF file as a group of one.
std::optional<HubFileGroup> findGroup(const RepoDetails& details, const QString& file)
{
    for (const HubFileGroup& g : details.ggufFiles) {
        if (g.name == file)
            return g;
        for (const HubFile& part : g.parts)
            if (part.path == file)
                return g;
    }
    for (const HubFile& f : details.otherFiles)
        if (f.path == file)
            return HubFileGroup{f.path, {}, {f}, true};
    return std::nullopt;
}

QString progressLine(const QString& name, qint64 done, qint64 total, double speed, double left)
{
    QString line = name + ": " + sizeText(done) + " / " + sizeText(total);
    if (total > 0)
        line += QString(" (%1%)").arg(int(100.0 * double(done) / double(total)));
    if (speed > 0)
        line += ", " + sizeText(qint64(speed)) + "/s";
    if (left >= 0)
        line += QString(", %1 left").arg(QTime(0, 0).addSecs(int(std::ceil(left))).toString("hh:mm:ss"));
    return line;
}

int runPull(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Download a GGUF file (a split set as a whole) from Hugging Face into the models folder, as "
        "<models>/<publisher>/<repo>/<file>. Interrupted downloads resume when run again. HF_ENDPOINT and "
        "HF_TOKEN are honoured.");
    const QCommandLineOption models("models-dir", "Models folder (default: <data dir>/models).", "dir");
    const QCommandLineOption data("data-dir", "Hearth's data folder (default: HEARTH_DATA_DIR, else the "
                                              "app data folder).", "dir");
    parser.addOptions({models, data});
    parser.addPositionalArgument("REPO", "publisher/name");
    parser.addPositionalArgument("FILE", "File in the repo, e.g. model-Q4_K_M.gguf");
    if (int exit = parseOrExit(parser, "pull", kUsage, args); exit >= 0)
        return exit;
    if (parser.positionalArguments().size() != 2)
        return usageError("pull", kUsage);
    const QString repo = parser.positionalArguments()[0];
    const QString file = parser.positionalArguments()[1];
    const QString dir = modelsDir(parser, models, data);

    try {
        const HubConfig config = HubConfig::fromEnvironment(Settings().huggingFaceToken());
        RepoDetails details;
        {
            HubClient client(config);
            details = client.repoDetails(repo).result();
        }
        const auto group = findGroup(details, file);
        if (!group) {
            QStringList names;
            for (const HubFileGroup& g : details.ggufFiles)
                names << g.name;
            return fail("pull", "There is no file '" + file + "' in " + repo +
                                    (names.isEmpty() ? ". It has no GGUF files." : ". GGUF files: " + names.join(", ")));
        }
        if (!group->complete)
            return fail("pull", "The split set " + group->name + " is missing parts on Hugging Face");
        const DownloadRequest request = planDownload(config, dir, repo, *group);

        bool allThere = true;
        for (const DownloadFile& f : request.files)
            allThere = allThere && QFileInfo(f.destination).size() == f.size && f.size >= 0;
        if (allThere) {
            printOut(request.files.first().destination + "\n");
            printErr("Already downloaded.\n");
            return 0;
        }

        DownloadManager manager(config);
        QEventLoop loop;
        int exitCode = 1;
        const bool tty = isatty(STDERR_FILENO);
        QElapsedTimer sinceLine;
        sinceLine.start();
        QObject::connect(&manager, &DownloadManager::progress, &loop,
                         [&](int, qint64 done, qint64 total, double speed, double left) {
                             if (sinceLine.elapsed() < (tty ? 250 : 1000))
                                 return;
                             sinceLine.restart();
                             const QString line = progressLine(group->name, done, total, speed, left);
                             printErr(tty ? "\r" + line + "\x1b[K" : line + "\n");
                         });
        QObject::connect(&manager, &DownloadManager::stateChanged, &loop, [&](int id, DownloadState state) {
            if (state == DownloadState::Waiting)
                printErr(QString(tty ? "\r\x1b[K" : "") + manager.waitMessage(id) + "\n");
        });
        QObject::connect(&manager, &DownloadManager::completed, &loop, [&](int, const QStringList& paths) {
            printErr(QString(tty ? "\r\x1b[K" : "") + "Downloaded and verified " + group->name + " (" +
                     sizeText(request.totalSize()) + ")\n");
            printOut(paths.first() + "\n");
            exitCode = 0;
            loop.quit();
        });
        QObject::connect(&manager, &DownloadManager::failed, &loop, [&](int, const QString& message) {
            printErr(tty ? "\n" : "");
            exitCode = fail("pull", message);
            loop.quit();
        });
        printErr("Downloading " + repo + "/" + group->name + " (" + sizeText(request.totalSize()) + ") to " + dir +
                 "\n");
        manager.enqueue(request);
        loop.exec();
        return exitCode;
    } catch (const Error& e) {
        return fail("pull", QString::fromUtf8(e.what()));
    }
}

} // namespace

Command pullCommand()
{
    return {"pull", "Download a GGUF model from Hugging Face (resumable, verified)", runPull};
}

} // namespace hearth::cli
