#pragma once

// Ctrl+C for long-running commands: the first press sets a flag the
// generation loop checks before every token; a second press while the
// flag is still set exits the process as usual.

#include <atomic>

namespace hearth::cli {

// Installs the SIGINT handler (once) and returns the flag it sets.
std::atomic<bool>& interruptFlag();

} // namespace hearth::cli
