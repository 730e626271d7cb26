#pragma once

// Turning "this file group of that repo" into a DownloadRequest with
// destinations in the models folder: <models>/<publisher>/<repo>/<file>.

#include "services/downloads/download_types.h"
#include "services/hub/hub_config.h"
#include "services/hub/hub_types.h"

#include <QList>
#include <QString>

namespace hearth::downloads {

// Where `file` (a path inside `repo`) goes. Throws hearth::Error for a
// repo id or path that could escape the models folder ("..", absolute).
QString destinationFor(const QString& modelsDir, const QString& repo, const QString& file);

DownloadRequest planDownload(const hub::HubConfig& config, const QString& modelsDir, const QString& repo,
                             const hub::HubFileGroup& group);

// The downloads a previous run left unfinished under `modelsDir`, from
// their sidecars, parts of a split set grouped back into one request. URLs
// and destinations are rebuilt from the repo and file names (a sidecar is
// only a hint: it never decides where the token goes or where we write).
QList<DownloadRequest> unfinishedDownloads(const hub::HubConfig& config, const QString& modelsDir);

} // namespace hearth::downloads
