#include "services/library/library_entry.h"

#include "hearth/gguf.h"

namespace hearth::library {

QString LibraryEntry::displayName() const
{
    if (readable() && !summary.name.empty())
        return QString::fromStdString(summary.name);
    if (const auto split = parseGgufSplitName(fileName.toStdString()))
        return QString::fromStdString(split->prefix);
    return fileName.endsWith(".gguf", Qt::CaseInsensitive) ? fileName.chopped(5) : fileName;
}

} // namespace hearth::library
