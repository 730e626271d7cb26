#include "cli/command.h"

namespace hearth::cli {

std::vector<Command> allCommands()
{
    return {
        devicesCommand(),
    };
}

} // namespace hearth::cli
