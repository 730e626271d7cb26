#include "cli/command.h"

namespace hearth::cli {

std::vector<Command> allCommands()
{
    return {
        devicesCommand(),
        infoCommand(),
        makeModelCommand(),
        tokenizeCommand(),
        detokenizeCommand(),
        templateCommand(),
        benchOpsCommand(),
        benchTokenizeCommand(),
    };
}

} // namespace hearth::cli
