// hearth-cli arena ratings|votes: your own leaderboard from blind votes.
// Votes come from the chat database's compare sessions (--data-dir, else
// $HEARTH_DATA_DIR, else the app's data folder) or, for `ratings`, from a
// JSON Lines file (services/arena/vote_file.h).

#include "cli/command.h"
#include "cli/output.h"
#include "hearth/error.h"
#include "services/arena/ratings.h"
#include "services/arena/stored_votes.h"
#include "services/arena/vote_file.h"
#include "services/store/database.h"
#include "services/store/store_location.h"

#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cmath>

namespace hearth::cli {
namespace {

using namespace hearth::arena;

const QString kName = "arena";
const QString kUsage = "ratings [--votes FILE.jsonl] [--bootstrap N] [--seed N] [--json] | "
                       "votes [--json] [--export FILE.jsonl]  [--data-dir DIR]";

std::vector<Vote> databaseVotes(const QString& dataDir)
{
    const QString path = store::chatDatabasePath(dataDir);
    if (!QFileInfo::exists(path))
        return {}; // nothing voted yet
    store::Database db(path);
    return storedVotes(db);
}

// Ratings are whole points in text, one decimal in JSON: more digits than
// the votes can support would only suggest a precision that is not there.
double roundTo(double value, double step)
{
    return std::round(value / step) * step;
}

QString ratingsTable(const Ratings& ratings)
{
    int width = 5;
    for (const ModelRating& m : ratings.ratings)
        width = std::max(width, int(m.model.size()));
    QString text = QString("%1  %2  %3  %4  %5  %6  %7\n")
                       .arg("#", 3).arg("model", -width).arg("rating", 6).arg("95% interval", 13)
                       .arg("votes", 5).arg("W-T-L", 11).arg("win %", 5);
    int rank = 0;
    for (const ModelRating& m : ratings.ratings) {
        text += QString("%1  %2  %3  %4  %5  %6  %7\n")
                    .arg(++rank, 3).arg(m.model, -width).arg(m.rating, 6, 'f', 0)
                    .arg(QString("%1 - %2").arg(m.ciLow, 0, 'f', 0).arg(m.ciHigh, 0, 'f', 0), 13)
                    .arg(m.votes, 5).arg(QString("%1-%2-%3").arg(m.wins).arg(m.ties).arg(m.losses), 11)
                    .arg(m.winShare(), 5, 'f', 1);
    }
    return text;
}

QJsonObject ratingsJson(const Ratings& ratings)
{
    QJsonArray rows;
    for (const ModelRating& m : ratings.ratings)
        rows.append(QJsonObject{{"model", m.model},
                                {"rating", roundTo(m.rating, 0.1)},
                                {"ci_low", roundTo(m.ciLow, 0.1)},
                                {"ci_high", roundTo(m.ciHigh, 0.1)},
                                {"votes", m.votes},
                                {"wins", m.wins},
                                {"ties", m.ties},
                                {"losses", m.losses}});
    return QJsonObject{{"votes", ratings.votes}, {"ratings", rows}};
}

int showRatings(const std::vector<Vote>& votes, int bootstrap, qint64 seed, bool json)
{
    const Ratings ratings = computeRatings(votes, {bootstrap, std::uint64_t(seed)});
    if (json) {
        printOut(QString::fromUtf8(QJsonDocument(ratingsJson(ratings)).toJson(QJsonDocument::Indented)));
        for (const QString& note : ratings.notes)
            printErr("note: " + note + "\n");
        return 0;
    }
    if (ratings.votes == 0) {
        printOut(QString("No votes yet. Vote in the app's blind arena, or pass --votes FILE.jsonl.\n"));
        return 0;
    }
    printOut(QString("%1 votes; Bradley-Terry ratings on the Elo scale (mean 1000), %2\n\n")
                 .arg(ratings.votes)
                 .arg(bootstrap > 0 ? QString("95% intervals from %1 bootstrap resamples").arg(bootstrap)
                                    : QString("no intervals (--bootstrap 0)")));
    printOut(ratingsTable(ratings));
    if (!ratings.notes.isEmpty())
        printOut("\nNotes:\n- " + ratings.notes.join("\n- ") + "\n");
    return 0;
}

int showVotes(const std::vector<Vote>& votes, bool json, const QString& exportPath)
{
    if (!exportPath.isEmpty()) {
        writeVoteFile(exportPath, votes);
        printErr(QString("Wrote %1 votes to %2\n").arg(votes.size()).arg(exportPath));
        return 0;
    }
    if (json) {
        QJsonArray rows;
        for (const Vote& v : votes)
            rows.append(voteJson(v));
        printOut(QString::fromUtf8(QJsonDocument(rows).toJson(QJsonDocument::Indented)));
        return 0;
    }
    if (votes.empty()) {
        printOut(QString("No votes yet.\n"));
        return 0;
    }
    QString text;
    for (const Vote& v : votes)
        text += QString("%1  vs  %2  ->  %3\n").arg(v.a, v.b, verdictName(v.verdict));
    printOut(text);
    return 0;
}

int runArena(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "Your own leaderboard from blind side-by-side votes.\n"
        "  ratings   Bradley-Terry ratings (Elo scale, mean 1000) with 95% bootstrap intervals\n"
        "  votes     the stored votes, or --export them as JSON Lines\n"
        "A votes file has one vote a line: {\"a\": MODEL, \"b\": MODEL, \"winner\": \"a\"|\"b\"|\"tie\"|\"both_bad\"}.\n"
        "A tie or \"both bad\" counts as half a win for each side.");
    parser.addPositionalArgument("action", "ratings or votes.");
    const QCommandLineOption votesFile("votes", "For ratings: read the votes from this JSON Lines file.", "FILE");
    const QCommandLineOption bootstrap("bootstrap", "For ratings: bootstrap resamples (default 1000; 0: none).", "N",
                                       "1000");
    const QCommandLineOption seed("seed", "For ratings: seed of the resampling (default 0).", "N", "0");
    const QCommandLineOption json("json", "Print JSON instead of text.");
    const QCommandLineOption exportTo("export", "For votes: write them to this JSON Lines file.", "FILE");
    const QCommandLineOption dataDir("data-dir", "The folder holding chats.sqlite3 "
                                                 "(default: $HEARTH_DATA_DIR, else the app's data folder).", "DIR");
    parser.addOptions({votesFile, bootstrap, seed, json, exportTo, dataDir});
    if (int exit = parseOrExit(parser, kName, kUsage, args); exit >= 0)
        return exit;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    if (positional.size() != 1 || (action != "ratings" && action != "votes"))
        return usageError(kName, kUsage);
    bool bootstrapOk = false;
    bool seedOk = false;
    const int bootstrapCount = parser.value(bootstrap).toInt(&bootstrapOk);
    const qint64 seedValue = parser.value(seed).toLongLong(&seedOk);
    if (!bootstrapOk || bootstrapCount < 0 || bootstrapCount > 100000 || !seedOk || seedValue < 0) {
        printErr("hearth-cli arena: --bootstrap needs a whole number from 0 to 100000 and --seed one of 0 or more\n");
        return 2;
    }

    try {
        if (action == "ratings") {
            const std::vector<Vote> votes = parser.isSet(votesFile) ? readVoteFile(parser.value(votesFile))
                                                                    : databaseVotes(parser.value(dataDir));
            return showRatings(votes, bootstrapCount, seedValue, parser.isSet(json));
        }
        return showVotes(databaseVotes(parser.value(dataDir)), parser.isSet(json), parser.value(exportTo));
    } catch (const Error& e) {
        return fail(kName, QString::fromUtf8(e.what()));
    }
}

} // namespace

Command arenaCommand()
{
    return {"arena", "Ratings and votes of the blind arena (your own leaderboard)", runArena};
}

} // namespace hearth::cli
