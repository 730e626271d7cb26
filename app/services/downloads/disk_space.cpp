#include "services/downloads/disk_space.h"

#include <QDir>
#include <QFileInfo>
#include <QStorageInfo>

namespace hearth::downloads {

qint64 freeDiskSpace(const QString& folder)
{
    QString existing = QDir::cleanPath(QFileInfo(folder).absoluteFilePath());
    while (!QFileInfo::exists(existing)) {
        const QString parent = QFileInfo(existing).absolutePath();
        if (parent == existing)
            return -1;
        existing = parent;
    }
    const QStorageInfo storage(existing);
    return storage.isValid() ? storage.bytesAvailable() : -1;
}

} // namespace hearth::downloads
