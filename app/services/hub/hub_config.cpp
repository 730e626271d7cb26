#include "services/hub/hub_config.h"

#include "hearth/version.h"

#include <QUrl>

#include <algorithm>

namespace hearth::hub {

HubConfig HubConfig::fromEnvironment(const QString& settingsToken)
{
    HubConfig config;
    const QString endpoint = qEnvironmentVariable("HF_ENDPOINT").trimmed();
    if (!endpoint.isEmpty())
        config.endpoint = endpoint;
    while (config.endpoint.endsWith('/'))
        config.endpoint.chop(1);
    const QString envToken = qEnvironmentVariable("HF_TOKEN").trimmed();
    config.token = envToken.isEmpty() ? settingsToken.trimmed() : envToken;
    // A token is printable ASCII; anything else (a pasted newline) would
    // corrupt the request headers, so such a token is not sent at all.
    const bool printable = std::all_of(config.token.cbegin(), config.token.cend(),
                                       [](QChar c) { return c.unicode() >= 0x21 && c.unicode() <= 0x7e; });
    if (!printable)
        config.token.clear();
    return config;
}

std::string HubConfig::userAgent() const
{
    return std::string("Hearth/") + hearth::version();
}

std::vector<std::string> HubConfig::authHeaders() const
{
    if (token.isEmpty())
        return {};
    return {"Authorization: Bearer " + token.toStdString()};
}

std::string HubConfig::url(const QString& path) const
{
    return (endpoint + path).toStdString();
}

std::string HubConfig::resolveUrl(const QString& repo, const QString& file) const
{
    // Keep '/' so files in sub-folders resolve; everything else is escaped.
    const QByteArray escapedFile = QUrl::toPercentEncoding(file, "/");
    return url('/' + repo + "/resolve/main/" + QString::fromLatin1(escapedFile));
}

} // namespace hearth::hub
