#pragma once

#include <QString>

namespace hearth::downloads {

// Bytes free for us on the disk that holds `folder` (or its nearest
// existing parent); -1 when it cannot be told.
qint64 freeDiskSpace(const QString& folder);

} // namespace hearth::downloads
