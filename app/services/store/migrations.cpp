#include "services/store/migrations.h"

#include "hearth/error.h"
#include "services/store/database.h"

#include <string>

namespace hearth::store {
namespace {

// Marks the file as Hearth's (PRAGMA application_id): "HRTH".
constexpr qint64 kApplicationId = 0x48525448;

// Migration N turns a version N-1 database into version N. Append only:
// a released migration is never edited, a change is a new migration.
const char* const kMigrations[] = {
    // 1: chats, the message tree, compare sessions, full-text search.
    R"sql(
CREATE TABLE chats (
    id             INTEGER PRIMARY KEY,
    title          TEXT    NOT NULL DEFAULT '',
    created_ms     INTEGER NOT NULL,
    updated_ms     INTEGER NOT NULL,
    pinned         INTEGER NOT NULL DEFAULT 0 CHECK (pinned IN (0, 1)),
    folder         TEXT    NOT NULL DEFAULT '',
    system_prompt  TEXT    NOT NULL DEFAULT '',
    model          TEXT    NOT NULL DEFAULT '',
    sampling_json  TEXT    NOT NULL DEFAULT '',
    -- No foreign key: chats and messages would reference each other. The
    -- store keeps it pointing at a message of this chat (or NULL).
    active_leaf_id INTEGER
);
-- The chat list: pinned first, then the most recently updated.
CREATE INDEX chats_by_list_order ON chats (pinned, updated_ms, id);
CREATE INDEX chats_by_folder ON chats (folder, pinned, updated_ms, id);

CREATE TABLE messages (
    id                INTEGER PRIMARY KEY,
    chat_id           INTEGER NOT NULL REFERENCES chats (id) ON DELETE CASCADE,
    -- Deferred, without cascade: a subtree is deleted in one statement, in
    -- any row order (a cascade would recurse once per level of the tree).
    parent_id         INTEGER REFERENCES messages (id) DEFERRABLE INITIALLY DEFERRED,
    role              TEXT    NOT NULL CHECK (role IN ('system', 'user', 'assistant')),
    content           TEXT    NOT NULL DEFAULT '',
    reasoning         TEXT    NOT NULL DEFAULT '',
    model             TEXT    NOT NULL DEFAULT '',
    created_ms        INTEGER NOT NULL,
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    generated_tokens  INTEGER NOT NULL DEFAULT 0,
    ttft_ms           REAL    NOT NULL DEFAULT 0,
    prefill_tps       REAL    NOT NULL DEFAULT 0,
    decode_tps        REAL    NOT NULL DEFAULT 0,
    finish_reason     TEXT    NOT NULL DEFAULT ''
        CHECK (finish_reason IN ('', 'stop', 'length', 'cancelled', 'error', 'streaming'))
);
CREATE INDEX messages_by_chat ON messages (chat_id);
-- Siblings and children, oldest first.
CREATE INDEX messages_by_parent ON messages (parent_id, created_ms, id);
-- First messages of a chat have no parent: find them through the chat.
CREATE INDEX messages_roots ON messages (chat_id, created_ms, id) WHERE parent_id IS NULL;
-- Answers cut off by a crash, found at start-up without a full scan.
CREATE INDEX messages_streaming ON messages (id) WHERE finish_reason = 'streaming';

CREATE TABLE compare_sessions (
    id            INTEGER PRIMARY KEY,
    prompt        TEXT    NOT NULL,
    system_prompt TEXT    NOT NULL DEFAULT '',
    created_ms    INTEGER NOT NULL,
    blind         INTEGER NOT NULL DEFAULT 0 CHECK (blind IN (0, 1))
);
CREATE INDEX compare_sessions_by_time ON compare_sessions (created_ms, id);

CREATE TABLE compare_answers (
    id                INTEGER PRIMARY KEY,
    session_id        INTEGER NOT NULL REFERENCES compare_sessions (id) ON DELETE CASCADE,
    model             TEXT    NOT NULL,
    content           TEXT    NOT NULL DEFAULT '',
    reasoning         TEXT    NOT NULL DEFAULT '',
    prompt_tokens     INTEGER NOT NULL DEFAULT 0,
    generated_tokens  INTEGER NOT NULL DEFAULT 0,
    ttft_ms           REAL    NOT NULL DEFAULT 0,
    prefill_tps       REAL    NOT NULL DEFAULT 0,
    decode_tps        REAL    NOT NULL DEFAULT 0,
    finish_reason     TEXT    NOT NULL DEFAULT ''
        CHECK (finish_reason IN ('', 'stop', 'length', 'cancelled', 'error', 'streaming'))
);
CREATE INDEX compare_answers_by_session ON compare_answers (session_id, id);

-- One row per vote; winner NULL = a tie between all answers.
CREATE TABLE compare_votes (
    id               INTEGER PRIMARY KEY,
    session_id       INTEGER NOT NULL REFERENCES compare_sessions (id) ON DELETE CASCADE,
    winner_answer_id INTEGER REFERENCES compare_answers (id) ON DELETE CASCADE,
    created_ms       INTEGER NOT NULL
);
CREATE INDEX compare_votes_by_session ON compare_votes (session_id, id);
CREATE INDEX compare_votes_by_winner ON compare_votes (winner_answer_id);

-- Full-text search: external-content FTS5 tables over the titles and the
-- message text, kept in sync by the triggers below.
CREATE VIRTUAL TABLE chats_fts USING fts5 (
    title, content = 'chats', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    content, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2');

CREATE TRIGGER chats_fts_insert AFTER INSERT ON chats BEGIN
    INSERT INTO chats_fts (rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER chats_fts_delete AFTER DELETE ON chats BEGIN
    INSERT INTO chats_fts (chats_fts, rowid, title) VALUES ('delete', old.id, old.title);
END;
CREATE TRIGGER chats_fts_update AFTER UPDATE OF title ON chats BEGIN
    INSERT INTO chats_fts (chats_fts, rowid, title) VALUES ('delete', old.id, old.title);
    INSERT INTO chats_fts (rowid, title) VALUES (new.id, new.title);
END;
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages BEGIN
    INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF content ON messages BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, content) VALUES ('delete', old.id, old.content);
    INSERT INTO messages_fts (rowid, content) VALUES (new.id, new.content);
END;
)sql",
    // 2: how long each answer's thinking took, for the "Thought for 3.2 s" header.
    R"sql(
ALTER TABLE messages ADD COLUMN reasoning_ms REAL NOT NULL DEFAULT 0;
)sql",
    // 3: how each answer was made (model file, quantisation, sampling, context),
    // a JSON object shown under the answer; '' for older answers.
    R"sql(
ALTER TABLE messages ADD COLUMN settings_json TEXT NOT NULL DEFAULT '';
)sql",
};

constexpr int kMigrationCount = int(std::size(kMigrations));

qint64 pragmaValue(Database& db, const char* sql)
{
    Statement query = db.prepare(sql);
    return query.step() ? query.int64(0) : 0;
}

} // namespace

int latestSchemaVersion()
{
    return kMigrationCount;
}

void requireHearthDatabase(Database& db)
{
    const std::string where = db.path().toStdString();
    const qint64 applicationId = pragmaValue(db, "PRAGMA application_id");
    const qint64 version = pragmaValue(db, "PRAGMA user_version");
    if (applicationId != kApplicationId &&
        (applicationId != 0 || version != 0 || pragmaValue(db, "SELECT count(*) FROM sqlite_master") != 0))
        throw Error("The chat database at " + where + " is damaged or is not a Hearth database.");
    if (version > kMigrationCount)
        throw Error("The chat database at " + where + " was written by a newer version of Hearth "
                    "(schema " + std::to_string(version) + ", this version knows up to " +
                    std::to_string(kMigrationCount) + "). Update Hearth to open it.");
}

void migrate(Database& db)
{
    requireHearthDatabase(db);
    if (pragmaValue(db, "PRAGMA user_version") == kMigrationCount)
        return;
    // The version is read again inside each transaction: another connection
    // may have migrated the file meanwhile (two threads opening at once).
    for (;;) {
        Transaction transaction(db);
        const qint64 current = pragmaValue(db, "PRAGMA user_version");
        if (current >= kMigrationCount)
            return; // the rollback of an empty transaction is harmless
        const int next = int(current) + 1;
        db.exec(kMigrations[next - 1]);
        // Pragmas take no bound parameters; the number is ours, not user input.
        const std::string bump = "PRAGMA user_version = " + std::to_string(next) +
                                 "; PRAGMA application_id = " + std::to_string(kApplicationId) + ";";
        db.exec(bump.c_str());
        transaction.commit();
    }
}

} // namespace hearth::store
