#include "hearth/version.h"

namespace hearth {

const char* version()
{
    return HEARTH_VERSION;
}

} // namespace hearth
