#pragma once

// Full-text search over chat titles and message text (SQLite FTS5).
// Used from the Database's thread only.

#include "services/store/database.h"
#include "services/store/store_types.h"

#include <vector>

namespace hearth::store {

// Turns what a user typed into an FTS5 query that cannot be a syntax error:
// every word is quoted (so AND, OR, NEAR, *, quotes and brackets are just
// text) and all words must match; the last word also matches as a prefix
// while it is being typed (no trailing space). Empty when nothing is left.
QString ftsQueryFromUserText(const QString& text);

class ChatSearch {
public:
    explicit ChatSearch(Database& db) : db_(db) {}

    // Chats whose title matches come first (newest chat first), then
    // messages (newest first). Snippets mark matches with [[ and ]]
    // (kSnippetOpen / kSnippetClose) and cut long text with "…".
    std::vector<SearchHit> search(const QString& userText, int limit, int offset = 0);

private:
    Database& db_;
};

} // namespace hearth::store
