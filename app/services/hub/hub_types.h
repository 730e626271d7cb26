#pragma once

// What the Hub tells us about models and their files.

#include <QDateTime>
#include <QList>
#include <QMetaType>
#include <QString>
#include <QStringList>

namespace hearth::hub {

enum class SearchSort { Downloads, Likes, Recent };

struct SearchQuery {
    QString text;
    SearchSort sort = SearchSort::Downloads;
    int limit = 20; // per page, 1..100
};

struct HubModel {
    QString id;     // "publisher/name"
    QString author;
    qint64 downloads = 0;
    qint64 likes = 0;
    QDateTime lastModified; // UTC; invalid when the Hub did not say
    bool gated = false;     // "auto" / "manual" on the Hub
    QString license;        // "apache-2.0"; empty when unknown
    QStringList tags;
};

struct SearchPage {
    QList<HubModel> models;
    QString nextUrl; // empty on the last page
};

struct HubFile {
    QString path;   // inside the repo, '/'-separated
    qint64 size = -1;
    QString sha256; // lower-case hex from the LFS info; empty for plain git files
};

// One downloadable model: a single GGUF file or a whole split set
// (NAME-00001-of-00003.gguf ...).
struct HubFileGroup {
    QString name;  // file path, or for a split set the path without "-0000k-of-0000N"
    QString quant; // "Q4_K_M"; empty when the name does not say
    QList<HubFile> parts; // in part order
    bool complete = true; // false when a split set misses parts on the Hub

    bool isSplit() const { return parts.size() > 1 || name != parts.value(0).path; }
    qint64 totalSize() const
    {
        qint64 total = 0;
        for (const HubFile& f : parts)
            total += f.size > 0 ? f.size : 0;
        return total;
    }
};

struct RepoDetails {
    HubModel model;
    QList<HubFileGroup> ggufFiles; // sorted by name
    QList<HubFile> otherFiles;     // everything else (README.md, config.json, ...)
    QString readme;                // the model card; empty when there is none
};

} // namespace hearth::hub

Q_DECLARE_METATYPE(hearth::hub::SearchPage)
Q_DECLARE_METATYPE(hearth::hub::RepoDetails)
