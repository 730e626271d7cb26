#include "services/downloads/download_plan.h"

#include "hearth/error.h"
#include "services/downloads/partial_download.h"
#include "services/hub/hub_client.h"
#include "services/hub/quant_label.h"

#include <QDir>

#include <algorithm>
#include <map>



namespace hearth::downloads {

QString destinationFor(const QString& modelsDir, const QString& repo, const QString& file)
{
    if (!hub::HubClient::isValidRepoId(repo))
        throw Error("'" + repo.toStdString() + "' is not a Hugging Face model name (expected publisher/name)");
    const QStringList segments = file.split('/');
    for (const QString& segment : segments)
        if (segment.isEmpty() || segment == "." || segment == ".." || segment.contains('\\'))
            throw Error("Refusing to download '" + file.toStdString() + "': the file name is not a plain path");
    return QDir::cleanPath(modelsDir + '/' + repo + '/' + file);
}

DownloadRequest planDownload(const hub::HubConfig& config, const QString& modelsDir, const QString& repo,
                             const hub::HubFileGroup& group)
{
    DownloadRequest request;
    request.repo = repo;
    request.name = group.name;
    for (const hub::HubFile& part : group.parts)
        request.files << DownloadFile{part.path, QString::fromStdString(config.resolveUrl(repo, part.path)), part.size,
                                      part.sha256, destinationFor(modelsDir, repo, part.path)};
    return request;
}

QList<DownloadRequest> unfinishedDownloads(const hub::HubConfig& config, const QString& modelsDir)
{
    std::map<std::pair<QString, QString>, DownloadRequest> byGroup; // (repo, group name)
    for (const UnfinishedDownload& u : findUnfinishedDownloads(modelsDir)) {
        QString destination;
        try {
            destination = destinationFor(modelsDir, u.state.repo, u.state.file);
        } catch (const Error&) {
            continue;
        }
        if (QDir::cleanPath(u.destination) != destination)
            continue; // moved or hand-made: not where this download belongs
        const auto split = hub::splitPart(u.state.file);
        const QString name = split ? split->setName : u.state.file;
        DownloadRequest& request = byGroup[{u.state.repo, name}];
        request.repo = u.state.repo;
        request.name = name;
        request.files << DownloadFile{u.state.file, QString::fromStdString(config.resolveUrl(u.state.repo, u.state.file)),
                                      u.state.size, u.state.sha256, destination};
    }
    QList<DownloadRequest> out;
    for (auto& [key, request] : byGroup) {
        std::sort(request.files.begin(), request.files.end(),
                  [](const DownloadFile& a, const DownloadFile& b) { return a.path < b.path; });
        out << request;
    }
    return out;
}

} // namespace hearth::downloads
