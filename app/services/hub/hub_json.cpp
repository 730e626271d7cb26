#include "services/hub/hub_json.h"

#include "hearth/error.h"
#include "services/hub/quant_label.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>

#include <algorithm>
#include <map>

namespace hearth::hub {
namespace {

QJsonDocument parseJson(const QByteArray& body, const char* what)
{
    QJsonParseError error{};
    QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        throw Error(std::string("Hugging Face sent an unreadable answer for ") + what + ": " +
                    error.errorString().toStdString());
    return doc;
}

qint64 integer(const QJsonValue& value)
{
    return value.isDouble() ? qint64(value.toDouble()) : 0;
}

bool isSha256(const QString& text)
{
    static const QRegularExpression hex("^[0-9a-f]{64}$");
    return hex.match(text).hasMatch();
}

} // namespace

HubModel parseModel(const QJsonObject& object)
{
    HubModel model;
    model.id = object.value("id").toString();
    if (model.id.isEmpty())
        model.id = object.value("modelId").toString();
    model.author = object.value("author").toString(model.id.section('/', 0, 0));
    model.downloads = integer(object.value("downloads"));
    model.likes = integer(object.value("likes"));
    model.lastModified = QDateTime::fromString(object.value("lastModified").toString(), Qt::ISODateWithMs);
    const QJsonValue gated = object.value("gated");
    model.gated = gated.isString() ? !gated.toString().isEmpty() : gated.toBool(false);
    for (const QJsonValue& tag : object.value("tags").toArray())
        model.tags << tag.toString();
    model.license = object.value("cardData").toObject().value("license").toString();
    if (model.license.isEmpty())
        for (const QString& tag : model.tags)
            if (tag.startsWith("license:"))
                model.license = tag.mid(8);
    return model;
}

QString nextLinkUrl(const std::string& linkHeader)
{
    static const QRegularExpression link(R"re(<(https?://[^>]+)>\s*;\s*rel="([^"]+)")re");
    auto it = link.globalMatch(QString::fromStdString(linkHeader));
    while (it.hasNext()) {
        const auto match = it.next();
        if (match.captured(2) == "next")
            return match.captured(1);
    }
    return {};
}

SearchPage parseSearchPage(const QByteArray& body, const std::string& linkHeader)
{
    const QJsonDocument doc = parseJson(body, "the model search");
    if (!doc.isArray())
        throw Error("Hugging Face sent an unexpected answer for the model search (not a list)");
    SearchPage page;
    for (const QJsonValue& item : doc.array()) {
        HubModel model = parseModel(item.toObject());
        if (!model.id.isEmpty())
            page.models << model;
    }
    page.nextUrl = nextLinkUrl(linkHeader);
    return page;
}

RepoDetails parseModelInfo(const QByteArray& body)
{
    const QJsonDocument doc = parseJson(body, "the model details");
    if (!doc.isObject())
        throw Error("Hugging Face sent an unexpected answer for the model details (not an object)");
    const QJsonObject object = doc.object();
    RepoDetails details;
    details.model = parseModel(object);
    QList<HubFile> files;
    for (const QJsonValue& value : object.value("siblings").toArray()) {
        const QJsonObject sibling = value.toObject();
        HubFile file;
        file.path = sibling.value("rfilename").toString();
        if (file.path.isEmpty())
            continue;
        file.size = sibling.contains("size") ? integer(sibling.value("size")) : -1;
        const QJsonObject lfs = sibling.value("lfs").toObject();
        // ?blobs=true names it "sha256"; the tree endpoint names it "oid".
        const QString sha = lfs.value("sha256").toString(lfs.value("oid").toString()).toLower();
        if (isSha256(sha))
            file.sha256 = sha;
        if (file.size < 0 && lfs.contains("size"))
            file.size = integer(lfs.value("size"));
        files << file;
    }
    for (const HubFile& file : files)
        if (!file.path.endsWith(".gguf", Qt::CaseInsensitive))
            details.otherFiles << file;
    details.ggufFiles = groupGgufFiles(files);
    return details;
}

QList<HubFileGroup> groupGgufFiles(const QList<HubFile>& files)
{
    std::map<QString, HubFileGroup> groups; // sorted by name
    std::map<QString, int> expectedParts;
    for (const HubFile& file : files) {
        if (!file.path.endsWith(".gguf", Qt::CaseInsensitive))
            continue;
        const auto split = splitPart(file.path);
        const QString name = split ? split->setName : file.path;
        HubFileGroup& group = groups[name];
        group.name = name;
        group.quant = quantLabel(file.path);
        group.parts << file;
        if (split)
            expectedParts[name] = split->count;
    }
    QList<HubFileGroup> out;
    for (auto& [name, group] : groups) {
        std::sort(group.parts.begin(), group.parts.end(),
                  [](const HubFile& a, const HubFile& b) { return a.path < b.path; });
        if (const auto it = expectedParts.find(name); it != expectedParts.end())
            group.complete = group.parts.size() == it->second;
        out << group;
    }
    return out;
}

} // namespace hearth::hub
