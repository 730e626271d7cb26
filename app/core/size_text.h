#pragma once

// Sizes and counts as people read them, for lists and messages.

#include <QString>

namespace hearth {

QString bytesText(quint64 bytes);  // "812.3 KiB", "1.2 MiB", "4.37 GiB"
QString countText(quint64 count);  // "292.8K", "494.0M", "7.62B"

} // namespace hearth
