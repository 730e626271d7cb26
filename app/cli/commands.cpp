#include "cli/command.h"

namespace hearth::cli {

std::vector<Command> allCommands()
{
    return {
        devicesCommand(),
        tokenizeCommand(),
        detokenizeCommand(),
        templateCommand(),
    };
}

} // namespace hearth::cli
