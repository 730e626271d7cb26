#pragma once

// Shared pieces of the download tests: requests for the fake Hub's files
// and waiting for a download to end.

#include "fake_hub.h"
#include "services/downloads/download_manager.h"
#include "services/downloads/download_plan.h"
#include "services/downloads/partial_download.h"

#include <QCryptographicHash>
#include <QFile>
#include <QtTest>

namespace hearth::test {

inline const QString kRepo = QStringLiteral("hearth-test/Tiny-Llama-GGUF");
inline const QString kToken = QStringLiteral("hf_test_token_with_access");

// A file of the fake Hub with its expected content.
struct FakeFile {
    QString repo;
    QString path;
    qint64 size;
    QByteArray content() const { return FakeHub::fileContent(repo, path, size); }
    QString sha256() const { return QCryptographicHash::hash(content(), QCryptographicHash::Sha256).toHex(); }
    hub::HubFile hubFile() const { return {path, size, sha256()}; }
};

inline downloads::DownloadRequest requestFor(const hub::HubConfig& config, const QString& modelsDir,
                                             const QList<FakeFile>& files, const QString& name = {})
{
    hub::HubFileGroup group;
    group.name = name.isEmpty() ? files.first().path : name;
    for (const FakeFile& f : files)
        group.parts << f.hubFile();
    return downloads::planDownload(config, modelsDir, files.first().repo, group);
}

// Fast retries so fault tests take milliseconds, not minutes.
inline downloads::DownloadPolicy fastPolicy()
{
    downloads::DownloadPolicy policy;
    policy.firstRetryDelay = std::chrono::milliseconds(20);
    policy.maxRetryDelay = std::chrono::milliseconds(200);
    policy.maxAttempts = 4;
    policy.stallTimeoutSeconds = 10;
    policy.connectTimeoutMs = 5000;
    return policy;
}

inline bool isFinal(downloads::DownloadState s)
{
    using downloads::DownloadState;
    return s == DownloadState::Completed || s == DownloadState::Failed || s == DownloadState::Cancelled;
}

inline QByteArray readAll(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The CDN requests seen for `path`, in order.
inline QList<QJsonObject> cdnRequests(FakeHub& hub, const QString& path)
{
    QList<QJsonObject> out;
    const QByteArray encoded = QUrl::toPercentEncoding(path);
    for (const QJsonValue& v : hub.requests()) {
        const QJsonObject r = v.toObject();
        if (r.value("server").toString() == "cdn" && r.value("path").toString().contains(QString::fromLatin1(encoded)))
            out << r;
    }
    return out;
}

} // namespace hearth::test
