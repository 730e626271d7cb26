#include "services/library/folder_rescan.h"

#include "services/library/folder_scan.h"
#include "services/library/library_scan.h"

#include <QDir>
#include <QFileInfo>

namespace hearth::library {

RescanResult rescanFolders(const QString& root, const QStringList& changed, const QSet<QString>& known,
                           SummaryCache& cache)
{
    RescanResult result;
    for (const QString& folder : changed) {
        if (result.entriesByFolder.contains(folder))
            continue; // already scanned as part of a new subtree
        const QStringList present = listModelFolders(root, folder);
        if (present.isEmpty()) {
            if (known.contains(folder))
                result.goneFolders.append(folder);
            continue;
        }
        result.entriesByFolder.insert(folder, scanFolder(root, folder, cache));
        // listModelFolders goes parents first, so a new folder is seen
        // before its children: scan those below new folders only.
        QSet<QString> fresh{folder};
        for (const QString& sub : present) {
            const QString parent = QFileInfo(sub).path();
            if (sub == folder || known.contains(sub) || !fresh.contains(parent))
                continue;
            fresh.insert(sub);
            result.entriesByFolder.insert(sub, scanFolder(root, sub, cache));
        }
        const QSet<QString> presentSet(present.begin(), present.end());
        for (const QString& k : known)
            if (QFileInfo(k).path() == folder && !presentSet.contains(k))
                result.goneFolders.append(k);
    }
    return result;
}

} // namespace hearth::library
