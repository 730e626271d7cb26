#pragma once

// Parsing the Hub's JSON answers. Every function throws hearth::Error with
// a readable message when the answer is not what the Hub sends.

#include "services/hub/hub_types.h"

#include <QByteArray>
#include <QString>

#include <string>

namespace hearth::hub {

// One item of /api/models or the top of /api/models/{repo}.
HubModel parseModel(const QJsonObject& object);
// The body of /api/models (a JSON array); nextUrl comes from `linkHeader`.
SearchPage parseSearchPage(const QByteArray& body, const std::string& linkHeader);
// The rel="next" URL of a Link header; empty when there is none.
QString nextLinkUrl(const std::string& linkHeader);
// /api/models/{repo}?blobs=true: the model and its files with sizes and
// LFS SHA-256s (README left empty: it is a separate request).
RepoDetails parseModelInfo(const QByteArray& body);
// Groups the GGUF files (split sets as one entry) and sorts them by name.
QList<HubFileGroup> groupGgufFiles(const QList<HubFile>& files);

} // namespace hearth::hub
