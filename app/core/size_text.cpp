#include "core/size_text.h"

namespace hearth {

QString bytesText(quint64 bytes)
{
    const double kib = double(bytes) / 1024.0;
    const double mib = kib / 1024.0;
    if (bytes < 1024)
        return QString::number(bytes) + " B";
    if (mib < 1.0)
        return QString::number(kib, 'f', 1) + " KiB";
    if (mib < 1024.0)
        return QString::number(mib, 'f', 1) + " MiB";
    return QString::number(mib / 1024.0, 'f', 2) + " GiB";
}

QString countText(quint64 count)
{
    if (count >= 1000000000ull)
        return QString::number(double(count) / 1e9, 'f', 2) + "B";
    if (count >= 1000000ull)
        return QString::number(double(count) / 1e6, 'f', 1) + "M";
    if (count >= 1000ull)
        return QString::number(double(count) / 1e3, 'f', 1) + "K";
    return QString::number(count);
}

} // namespace hearth
