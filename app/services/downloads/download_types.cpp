#include "services/downloads/download_types.h"

namespace hearth::downloads {

const char* stateName(DownloadState state)
{
    switch (state) {
    case DownloadState::Queued: return "queued";
    case DownloadState::Preparing: return "preparing";
    case DownloadState::Running: return "downloading";
    case DownloadState::Waiting: return "waiting to retry";
    case DownloadState::Paused: return "paused";
    case DownloadState::Completed: return "completed";
    case DownloadState::Failed: return "failed";
    case DownloadState::Cancelled: return "cancelled";
    }
    return "unknown";
}

} // namespace hearth::downloads
