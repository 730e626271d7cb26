#include "services/store/database.h"

#include "hearth/error.h"
#include "services/store/migrations.h"

#include <QDateTime>

#include <sqlite3.h>

#include <utility>

namespace hearth::store {

qint64 nowMs()
{
    return QDateTime::currentMSecsSinceEpoch();
}

// ---- Statement --------------------------------------------------------------

Statement::Statement(Database& db, sqlite3_stmt* stmt, bool owned, bool* busyFlag)
    : db_(&db), stmt_(stmt), owned_(owned), busy_(busyFlag)
{
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(std::exchange(other.stmt_, nullptr)), owned_(other.owned_),
      busy_(std::exchange(other.busy_, nullptr))
{
}

Statement::~Statement()
{
    if (!stmt_)
        return;
    if (owned_) {
        sqlite3_finalize(stmt_);
        return;
    }
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    if (busy_)
        *busy_ = false;
}

Statement& Statement::bind(int index, qint64 value)
{
    if (int rc = sqlite3_bind_int64(stmt_, index, value); rc != SQLITE_OK)
        db_->fail(rc, "binding a value");
    return *this;
}

Statement& Statement::bind(int index, double value)
{
    if (int rc = sqlite3_bind_double(stmt_, index, value); rc != SQLITE_OK)
        db_->fail(rc, "binding a value");
    return *this;
}

Statement& Statement::bind(int index, const QString& value)
{
    const QByteArray utf8 = value.toUtf8();
    if (int rc = sqlite3_bind_text(stmt_, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT); rc != SQLITE_OK)
        db_->fail(rc, "binding a value");
    return *this;
}

Statement& Statement::bindNull(int index)
{
    if (int rc = sqlite3_bind_null(stmt_, index); rc != SQLITE_OK)
        db_->fail(rc, "binding a value");
    return *this;
}

Statement& Statement::bindIdOrNull(int index, qint64 id)
{
    return id == 0 ? bindNull(index) : bind(index, id);
}

bool Statement::step()
{
    const int rc = sqlite3_step(stmt_);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    sqlite3_reset(stmt_); // leaves the connection usable for the next statement
    db_->fail(rc, "running a query");
}

void Statement::run()
{
    while (step()) {
    }
}

void Statement::reset()
{
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
}

qint64 Statement::int64(int column) const
{
    return sqlite3_column_int64(stmt_, column);
}

double Statement::real(int column) const
{
    return sqlite3_column_double(stmt_, column);
}

QString Statement::text(int column) const
{
    const auto* data = reinterpret_cast<const char*>(sqlite3_column_text(stmt_, column));
    const int size = sqlite3_column_bytes(stmt_, column);
    return data ? QString::fromUtf8(data, size) : QString();
}

// ---- Database ---------------------------------------------------------------

Database::Database(const QString& path) : path_(path)
{
    const QByteArray file = path.toUtf8();
    // NOMUTEX: one connection per thread (see the header), so SQLite's own
    // per-connection locking would only cost time.
    const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
    const int rc = sqlite3_open_v2(file.constData(), &db_, flags, nullptr);
    if (rc != SQLITE_OK) {
        try {
            fail(rc, "opening");
        } catch (...) {
            close();
            throw;
        }
    }
    try {
        configure();
        migrate(*this);
    } catch (...) {
        close();
        throw;
    }
}

Database::~Database()
{
    close();
}

void Database::close() noexcept
{
    for (auto& [sql, cached] : cache_)
        sqlite3_finalize(cached.stmt);
    cache_.clear();
    if (db_)
        sqlite3_close_v2(db_);
    db_ = nullptr;
}

void Database::configure()
{
    sqlite3_extended_result_codes(db_, 1);
    // Another connection writing (another thread, or a second Hearth) makes
    // us wait up to 5 s rather than fail with "database is locked".
    sqlite3_busy_timeout(db_, 5000);
    // Reading the schema first turns "not a database" into a clear error
    // before any pragma quietly succeeds on garbage.
    exec("SELECT count(*) FROM sqlite_master");
    requireHearthDatabase(*this);
    {
        Statement wal = prepare("PRAGMA journal_mode = WAL");
        // ":memory:" answers "memory": WAL does not apply there.
        if (wal.step() && wal.text(0) != "wal" && wal.text(0) != "memory")
            throw Error("The chat database at " + path_.toStdString() +
                        " cannot use write-ahead logging (is the folder on a network drive?)");
    }
    // NORMAL is safe against an application crash in WAL mode; only a power
    // cut can lose the last commits.
    exec("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;");
}

Statement Database::prepare(const char* sql)
{
    auto [it, inserted] = cache_.try_emplace(sql);
    CachedStatement& cached = it->second;
    if (inserted || cached.busy) {
        sqlite3_stmt* stmt = nullptr;
        const int rc = sqlite3_prepare_v3(db_, sql, -1, inserted ? SQLITE_PREPARE_PERSISTENT : 0, &stmt, nullptr);
        if (rc != SQLITE_OK) {
            if (inserted)
                cache_.erase(it);
            fail(rc, "preparing a query");
        }
        if (!inserted) // same SQL already running further up: use a private copy
            return Statement(*this, stmt, true, nullptr);
        cached.stmt = stmt;
    }
    cached.busy = true;
    return Statement(*this, cached.stmt, false, &cached.busy);
}

void Database::exec(const char* sql)
{
    char* message = nullptr;
    const int rc = sqlite3_exec(db_, sql, nullptr, nullptr, &message);
    sqlite3_free(message); // sqlite3_errmsg still has it for fail()
    if (rc != SQLITE_OK)
        fail(rc, "updating");
}

qint64 Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(db_);
}

int Database::changes() const
{
    return sqlite3_changes(db_);
}

void Database::fail(int rc, const char* what) const
{
    const std::string where = path_.toStdString();
    const std::string detail = db_ ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    switch (rc & 0xff) {
    case SQLITE_FULL:
        throw Error("Could not save the chat: the disk is full.");
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
        throw Error("The chat database at " + where + " is damaged or is not a Hearth database.");
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
        throw Error("The chat database at " + where + " is busy (another Hearth window or program is "
                    "writing to it). Try again in a moment.");
    case SQLITE_READONLY:
        throw Error("The chat database at " + where + " is read-only, so Hearth cannot save chats there.");
    case SQLITE_CANTOPEN:
        throw Error("Could not open the chat database at " + where +
                    ": check that the folder exists and that you may write to it.");
    case SQLITE_IOERR:
        throw Error("Could not read or write the chat database at " + where + " (" + detail + ").");
    default:
        throw Error(std::string("Chat database error while ") + what + ": " + detail);
    }
}

// ---- Transaction ------------------------------------------------------------

Transaction::Transaction(Database& db) : db_(db)
{
    // Inside another transaction, nest with a savepoint instead.
    nested_ = sqlite3_get_autocommit(db.handle()) == 0;
    db_.exec(nested_ ? "SAVEPOINT hearth_nested" : "BEGIN IMMEDIATE");
}

Transaction::~Transaction()
{
    if (!open_)
        return;
    // Best effort: a failed rollback (the connection is gone) has no remedy here.
    if (nested_)
        sqlite3_exec(db_.handle(), "ROLLBACK TO hearth_nested; RELEASE hearth_nested", nullptr, nullptr, nullptr);
    else
        sqlite3_exec(db_.handle(), "ROLLBACK", nullptr, nullptr, nullptr);
}

void Transaction::commit()
{
    db_.exec(nested_ ? "RELEASE hearth_nested" : "COMMIT");
    open_ = false;
}

} // namespace hearth::store
