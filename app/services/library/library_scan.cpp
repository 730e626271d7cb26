#include "services/library/library_scan.h"

#include "services/library/folder_scan.h"

#include <QDir>

#include <algorithm>

namespace hearth::library {

QList<LibraryEntry> scanFolder(const QString& root, const QString& folder, SummaryCache& cache)
{
    QList<LibraryEntry> entries;
    for (const ModelFiles& files : findModelFiles(root, folder))
        entries.append(cache.describe(files));
    return entries;
}

QList<LibraryEntry> scanLibrary(const QString& root, SummaryCache& cache)
{
    const QString cleanRoot = QDir::cleanPath(QDir(root).absolutePath());
    QList<LibraryEntry> entries;
    for (const QString& folder : listModelFolders(cleanRoot))
        entries.append(scanFolder(cleanRoot, folder, cache));
    sortEntries(entries);
    return entries;
}

void sortEntries(QList<LibraryEntry>& entries)
{
    std::sort(entries.begin(), entries.end(), [](const LibraryEntry& a, const LibraryEntry& b) {
        const int c = a.relativePath.compare(b.relativePath, Qt::CaseInsensitive);
        return c != 0 ? c < 0 : a.relativePath < b.relativePath;
    });
}

} // namespace hearth::library
