#include "cli/cli.h"

#include "cli/command.h"
#include "cli/output.h"
#include "core/data_folder.h"
#include "core/data_folder_move.h"
#include "hearth/version.h"

#include <QCoreApplication>

#include <algorithm>

namespace hearth::cli {
namespace {

void printUsage()
{
    QString text = "Hearth " + QString::fromUtf8(hearth::version()) +
                   ": run open-weight language models on your own GPU.\n\n"
                   "Usage: hearth-cli <command> [options]\n\nCommands:\n";
    std::vector<Command> sorted = allCommands();
    std::sort(sorted.begin(), sorted.end(), [](const Command& a, const Command& b) { return a.name < b.name; });
    // Summaries line up two spaces after the longest name.
    qsizetype width = 0;
    for (const Command& c : sorted)
        width = std::max(width, c.name.size());
    for (const Command& c : sorted)
        text += "  " + c.name.leftJustified(width + 2) + c.summary + "\n";
    text += "\nRun 'hearth-cli <command> --help' for a command's options.\n"
            "Global: --help, --version\n";
    printOut(text);
}

} // namespace

int run(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    setApplicationNames();
    QCoreApplication::setApplicationVersion(QString::fromUtf8(hearth::version()));

    QStringList args = QCoreApplication::arguments();
    args.removeFirst();
    if (args.isEmpty() || args.first() == "--help" || args.first() == "-h" || args.first() == "help") {
        printUsage();
        return args.isEmpty() ? 2 : 0;
    }
    if (args.first() == "--version" || args.first() == "-v") {
        printOut("hearth-cli " + QString::fromUtf8(hearth::version()) + "\n");
        return 0;
    }

    logDataFolderMove(moveLegacyDataFolder());
    const QString name = args.takeFirst();
    for (const Command& command : allCommands())
        if (command.name == name)
            return command.run(args);
    printErr("hearth-cli: unknown command '" + name + "'. Run 'hearth-cli --help' for the list.\n");
    return 2;
}

} // namespace hearth::cli
