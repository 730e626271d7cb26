#include "curated_models.h"

#include "services/hub/hub_client.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLoggingCategory>

#include <algorithm>

namespace hearth::ui {

namespace {
Q_LOGGING_CATEGORY(lcCurated, "hearth.hub.curated")
} // namespace

QList<CuratedModel> loadCuratedModels(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        qCWarning(lcCurated) << "cannot read" << path << file.errorString();
        return {};
    }
    QJsonParseError error{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &error);
    if (error.error != QJsonParseError::NoError) {
        qCWarning(lcCurated) << path << "is not valid JSON:" << error.errorString();
        return {};
    }
    QList<CuratedModel> out;
    for (const QJsonValue& value : doc.object().value("models").toArray()) {
        const QJsonObject o = value.toObject();
        CuratedModel m{o.value("repo").toString(), o.value("family").toString(), o.value("description").toString()};
        if (hub::HubClient::isValidRepoId(m.repoId))
            out << m;
    }
    return out;
}

bool matchesQuery(const CuratedModel& model, const QString& query)
{
    const QString haystack = model.repoId + ' ' + model.family + ' ' + model.description;
    const QStringList words = query.split(' ', Qt::SkipEmptyParts);
    return std::all_of(words.begin(), words.end(),
                       [&](const QString& word) { return haystack.contains(word, Qt::CaseInsensitive); });
}

} // namespace hearth::ui
