#include "cli/interrupt.h"

#include <csignal>
#include <cstdlib>

namespace hearth::cli {

namespace {

std::atomic<bool> flag{false};

extern "C" void onInterrupt(int)
{
    if (flag.exchange(true))
        std::_Exit(130);
}

} // namespace

std::atomic<bool>& interruptFlag()
{
    static const bool installed = [] {
        std::signal(SIGINT, onInterrupt);
        return true;
    }();
    (void)installed;
    return flag;
}

} // namespace hearth::cli
