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
        benchTokenizeCommand(),
    };
}

} // namespace hearth::cli
