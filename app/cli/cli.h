#pragma once

namespace hearth::cli {

// Entry point of hearth-cli: dispatches to the subcommand named in argv[1].
int run(int argc, char** argv);

} // namespace hearth::cli
