#include "services/arena/vote_file.h"

#include "core/json_lines.h"
#include "hearth/error.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

namespace hearth::arena {

std::vector<Vote> readVoteFile(const QString& path)
{
    std::vector<Vote> votes;
    forEachLine(path, "votes file", [&](const QByteArray& line, int number) {
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(line, &error);
        if (error.error != QJsonParseError::NoError || !doc.isObject())
            throwBadLine(path, number, "not a JSON object (" + error.errorString() + ")");
        const QJsonObject object = doc.object();
        Vote vote;
        vote.a = object.value("a").toString();
        vote.b = object.value("b").toString();
        if (vote.a.isEmpty() || vote.b.isEmpty())
            throwBadLine(path, number, "\"a\" and \"b\" must name the two models");
        if (!verdictFromName(object.value("winner").toString(), &vote.verdict))
            throwBadLine(path, number, "\"winner\" must be \"a\", \"b\", \"tie\" or \"both_bad\"");
        votes.push_back(vote);
    });
    return votes;
}

QJsonObject voteJson(const Vote& vote)
{
    return QJsonObject{{"a", vote.a}, {"b", vote.b}, {"winner", verdictName(vote.verdict)}};
}

QByteArray voteLine(const Vote& vote)
{
    return QJsonDocument(voteJson(vote)).toJson(QJsonDocument::Compact) + '\n';
}

void writeVoteFile(const QString& path, const std::vector<Vote>& votes)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        throw hearth::Error(QString("Cannot write %1: %2").arg(path, file.errorString()).toStdString());
    for (const Vote& vote : votes)
        file.write(voteLine(vote));
    if (!file.commit())
        throw hearth::Error(QString("Cannot write %1: %2").arg(path, file.errorString()).toStdString());
}

} // namespace hearth::arena
