#include "cli/command.h"

namespace hearth::cli {

std::vector<Command> allCommands()
{
    return {
        devicesCommand(),
        infoCommand(),
        runCommand(),
        chatCommand(),
        benchCommand(),
        modelsCommand(),
        makeModelCommand(),
        tokenizeCommand(),
        detokenizeCommand(),
        templateCommand(),
        benchOpsCommand(),
        testOpsCommand(),
        benchTokenizeCommand(),
        hubCommand(),
        pullCommand(),
        chatsCommand(),
        benchStoreCommand(),
        benchChatsCommand(),
        compareCommand(),
        shaderStatsCommand(),
        arenaCommand(),
    };
}

} // namespace hearth::cli
