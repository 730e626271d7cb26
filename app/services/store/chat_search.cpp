#include "services/store/chat_search.h"

#include <QRegularExpression>

#include <algorithm>

namespace hearth::store {
namespace {

// Words kept around each match in a snippet.
constexpr int kSnippetWords = 12;

bool hasWordCharacter(const QString& term)
{
    return std::any_of(term.begin(), term.end(), [](QChar c) { return c.isLetterOrNumber(); });
}

} // namespace

QString ftsQueryFromUserText(const QString& text)
{
    static const QRegularExpression whitespace("\\s+");
    QStringList terms = text.split(whitespace, Qt::SkipEmptyParts);
    // Terms without a letter or digit index nothing; FTS5 would match them to
    // nothing at all and hide every other word's results.
    terms.erase(std::remove_if(terms.begin(), terms.end(), [](const QString& t) { return !hasWordCharacter(t); }),
                terms.end());
    if (terms.isEmpty())
        return {};
    const bool lastIsPrefix = !text.isEmpty() && !text.back().isSpace();
    QStringList quoted;
    for (const QString& term : terms)
        quoted << '"' + QString(term).replace('"', "\"\"") + '"'; // "" is a quote inside an FTS5 string
    if (lastIsPrefix)
        quoted.last() += '*';
    return quoted.join(' ');
}

std::vector<SearchHit> ChatSearch::search(const QString& userText, int limit, int offset)
{
    std::vector<SearchHit> hits;
    const QString match = ftsQueryFromUserText(userText);
    if (match.isEmpty() || limit <= 0)
        return hits;
    offset = std::max(0, offset);

    // Titles first. There are few chats, so counting their matches is cheap
    // and tells how much of `offset` the titles take.
    Statement titleCount = db_.prepare("SELECT count(*) FROM chats_fts WHERE chats_fts MATCH ?");
    const qint64 titleMatches = titleCount.bind(1, match).step() ? titleCount.int64(0) : 0;
    titleCount.reset();

    if (offset < titleMatches) {
        Statement titles = db_.prepare(
            "SELECT chats_fts.rowid, chats.title, snippet(chats_fts, 0, '[[', ']]', '…', ?2) "
            "FROM chats_fts JOIN chats ON chats.id = chats_fts.rowid WHERE chats_fts MATCH ?1 "
            "ORDER BY chats_fts.rowid DESC LIMIT ?3 OFFSET ?4");
        titles.bind(1, match).bind(2, kSnippetWords).bind(3, limit).bind(4, offset);
        while (titles.step())
            hits.push_back({titles.int64(0), 0, titles.text(1), titles.text(2)});
    }
    const int remaining = limit - int(hits.size());
    if (remaining <= 0)
        return hits;

    // Newest messages first: FTS5 walks its index backwards by rowid and stops
    // after one page, where ranking by relevance would have to score every
    // match first (slow for a common word in a million messages).
    Statement messages = db_.prepare(
        "SELECT messages.chat_id, messages_fts.rowid, chats.title, snippet(messages_fts, 0, '[[', ']]', '…', ?2) "
        "FROM messages_fts JOIN messages ON messages.id = messages_fts.rowid "
        "JOIN chats ON chats.id = messages.chat_id WHERE messages_fts MATCH ?1 "
        "ORDER BY messages_fts.rowid DESC LIMIT ?3 OFFSET ?4");
    messages.bind(1, match).bind(2, kSnippetWords).bind(3, remaining);
    messages.bind(4, qint64(std::max<qint64>(0, offset - titleMatches)));
    while (messages.step())
        hits.push_back({messages.int64(0), messages.int64(1), messages.text(2), messages.text(3)});
    return hits;
}

} // namespace hearth::store
