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
Command infoCommand();        // cmd_info.cpp
Command runCommand();         // cmd_run.cpp
Command chatCommand();        // cmd_chat.cpp
Command benchCommand();       // cmd_bench.cpp
Command modelsCommand();      // cmd_models.cpp
Command makeModelCommand();   // cmd_make_model.cpp
Command tokenizeCommand();    // cmd_tokenize.cpp
Command detokenizeCommand();  // cmd_tokenize.cpp
Command templateCommand();    // cmd_template.cpp
Command benchOpsCommand();    // cmd_bench_ops.cpp
Command testOpsCommand();     // cmd_test_ops.cpp
Command benchTokenizeCommand(); // cmd_bench_tokenize.cpp
Command hubCommand();          // cmd_hub.cpp
Command pullCommand();         // cmd_pull.cpp
Command chatsCommand();        // cmd_chats.cpp
Command benchStoreCommand();   // cmd_bench_store.cpp
Command benchChatsCommand();   // cmd_bench_chats.cpp
Command arenaCommand();        // cmd_arena.cpp
Command compareCommand();      // cmd_compare.cpp
Command shaderStatsCommand();  // cmd_shader_stats.cpp

std::vector<Command> allCommands();

} // namespace hearth::cli
