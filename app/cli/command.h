#pragma once

#include <QString>
#include <QStringList>

#include <functional>
#include <vector>

namespace hearth::cli {

// One `hearth-cli <name>` subcommand. `run` receives the arguments after the
// subcommand's name and returns the process exit code; each command parses
// its own options (QCommandLineParser) so its --help is its own.
struct Command {
    QString name;
    QString summary;
    std::function<int(const QStringList& args)> run;
};

// Each subcommand lives in its own cmd_<name>.cpp and is listed in
// commands.cpp (an explicit list: static-library self-registration would be
// dropped by the linker).
Command devicesCommand();
Command tokenizeCommand();    // cmd_tokenize.cpp
Command detokenizeCommand();  // cmd_tokenize.cpp
Command templateCommand();    // cmd_template.cpp

std::vector<Command> allCommands();

} // namespace hearth::cli
