#include "download_text.h"

#include "core/size_text.h"

#include <QCoreApplication>

#include <cmath>

namespace hearth::ui {

namespace {
QString tr(const char* text)
{
    return QCoreApplication::translate("DownloadText", text);
}
} // namespace

QString downloadStateName(downloads::DownloadState state)
{
    using downloads::DownloadState;
    switch (state) {
    case DownloadState::Queued: return QStringLiteral("queued");
    case DownloadState::Preparing: return QStringLiteral("preparing");
    case DownloadState::Running: return QStringLiteral("running");
    case DownloadState::Waiting: return QStringLiteral("waiting");
    case DownloadState::Paused: return QStringLiteral("paused");
    case DownloadState::Completed: return QStringLiteral("completed");
    case DownloadState::Failed: return QStringLiteral("failed");
    case DownloadState::Cancelled: return QStringLiteral("cancelled");
    }
    return QStringLiteral("failed");
}

QString downloadBytesText(qint64 done, qint64 total)
{
    const QString doneText = bytesText(quint64(std::max<qint64>(0, done)));
    if (total <= 0)
        return doneText;
    return tr("%1 of %2").arg(doneText, bytesText(quint64(total)));
}

QString downloadSpeedText(double bytesPerSecond)
{
    if (!(bytesPerSecond > 0) || !std::isfinite(bytesPerSecond))
        return {};
    return tr("%1/s").arg(bytesText(quint64(std::llround(bytesPerSecond))));
}

QString downloadEtaText(double secondsLeft)
{
    if (!(secondsLeft >= 0) || !std::isfinite(secondsLeft) || secondsLeft > 1e9)
        return {};
    const qint64 seconds = std::max<qint64>(1, std::llround(std::ceil(secondsLeft)));
    if (seconds < 60)
        return tr("%1 s left").arg(seconds);
    // Rounded up so "1 min left" is never said with 1 min 50 s to go.
    const qint64 minutes = (seconds + 59) / 60;
    if (minutes < 60)
        return tr("%1 min left").arg(minutes);
    const qint64 hours = minutes / 60;
    const qint64 rest = minutes % 60;
    return rest == 0 ? tr("%1 h left").arg(hours) : tr("%1 h %2 min left").arg(hours).arg(rest);
}

QString downloadWaitText(const QString& waitMessage)
{
    static const QString prefix = QStringLiteral("retrying");
    if (waitMessage.isEmpty())
        return tr("Waiting to retry");
    if (waitMessage.startsWith(prefix))
        return tr("Waiting to retry") + waitMessage.mid(prefix.size());
    return tr("Waiting to retry: %1").arg(waitMessage);
}

} // namespace hearth::ui
