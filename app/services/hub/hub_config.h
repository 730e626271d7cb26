#pragma once

// Where the Hub is and who we are: endpoint, access token, User-Agent.

#include <QString>

#include <string>
#include <vector>

namespace hearth::hub {

struct HubConfig {
    QString endpoint = QStringLiteral("https://huggingface.co"); // no trailing '/'
    QString token; // empty: anonymous

    // HF_ENDPOINT and HF_TOKEN from the environment; `settingsToken` (the
    // token saved in Settings) is used when HF_TOKEN is not set.
    static HubConfig fromEnvironment(const QString& settingsToken = {});

    std::string userAgent() const; // "Hearth/<version>"
    // Authorization header (when there is a token).
    std::vector<std::string> authHeaders() const;
    // `path` (starting with '/') on the endpoint.
    std::string url(const QString& path) const;
    // The download URL of `file` in `repo` at the main revision.
    std::string resolveUrl(const QString& repo, const QString& file) const;
};

} // namespace hearth::hub
