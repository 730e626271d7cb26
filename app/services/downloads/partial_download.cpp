#include "services/downloads/partial_download.h"

#include "hearth/error.h"

#include <QDirIterator>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace hearth::downloads {

QString partPath(const QString& destination)
{
    return destination + ".part";
}

QString sidecarPath(const QString& destination)
{
    return destination + ".part.json";
}

std::optional<PartialDownload> readSidecar(const QString& destination)
{
    QFile file(sidecarPath(destination));
    if (!file.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonDocument doc = QJsonDocument::fromJson(file.read(1 << 20));
    if (!doc.isObject())
        return std::nullopt;
    const QJsonObject o = doc.object();
    PartialDownload state;
    state.repo = o.value("repo").toString();
    state.file = o.value("file").toString();
    state.url = o.value("url").toString();
    state.size = qint64(o.value("size").toDouble(-1));
    state.sha256 = o.value("sha256").toString();
    state.bytesDone = qint64(o.value("bytesDone").toDouble(0));
    state.verified = o.value("verified").toBool(false);
    if (state.repo.isEmpty() || state.file.isEmpty() || state.url.isEmpty())
        return std::nullopt;
    return state;
}

void writeSidecar(const QString& destination, const PartialDownload& state)
{
    QJsonObject o;
    o["repo"] = state.repo;
    o["file"] = state.file;
    o["url"] = state.url;
    o["size"] = double(state.size);
    o["sha256"] = state.sha256;
    o["bytesDone"] = double(state.bytesDone);
    o["verified"] = state.verified;
    QSaveFile file(sidecarPath(destination));
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(o).toJson()) < 0 || !file.commit())
        throw Error("Could not save the download state to " + sidecarPath(destination).toStdString() + ": " +
                    file.errorString().toStdString() + ". Is the disk full or read-only?");
}

void removePartial(const QString& destination)
{
    QFile::remove(partPath(destination));
    QFile::remove(sidecarPath(destination));
}

QList<UnfinishedDownload> findUnfinishedDownloads(const QString& modelsDir)
{
    QList<UnfinishedDownload> found;
    QDirIterator it(modelsDir, {"*.part.json"}, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        QString destination = it.next();
        destination.chop(int(QStringLiteral(".part.json").size()));
        if (const auto state = readSidecar(destination))
            found << UnfinishedDownload{destination, *state};
    }
    return found;
}

} // namespace hearth::downloads
