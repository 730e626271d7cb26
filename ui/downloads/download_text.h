#pragma once

// How a download's numbers read in the Downloads panel:
// "1.2 MiB of 4.37 GiB", "12.3 MiB/s", "2 min left".

#include "services/downloads/download_types.h"

#include <QString>

namespace hearth::ui {

// "queued", "preparing", "running", "waiting", "paused", "completed",
// "failed", "cancelled": what QML compares against.
QString downloadStateName(downloads::DownloadState state);

// "1.2 MiB of 4.37 GiB"; just "1.2 MiB" when the total is unknown (<= 0).
QString downloadBytesText(qint64 done, qint64 total);
// "12.3 MiB/s"; empty when there is no measured speed yet.
QString downloadSpeedText(double bytesPerSecond);
// "8 s left", "3 min left", "1 h 5 min left"; empty when unknown (< 0).
QString downloadEtaText(double secondsLeft);
// The manager's wait message ("retrying in 4 s: connection dropped") as
// the panel says it: "Waiting to retry in 4 s: connection dropped".
QString downloadWaitText(const QString& waitMessage);

} // namespace hearth::ui
