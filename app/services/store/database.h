#pragma once

// One SQLite connection to the chat database (SQLite C API), with prepared
// statements cached per SQL text and RAII transactions.
//
// Threading: a Database (and every store object built on it) belongs to the
// thread that uses it; it is opened with SQLITE_OPEN_NOMUTEX. Each thread
// that needs the chats opens its own Database on the same file: WAL mode lets
// readers run beside one writer, and the busy timeout makes a second writer
// wait instead of failing.

#include <QString>

#include <memory>
#include <string>
#include <unordered_map>

struct sqlite3;
struct sqlite3_stmt;

namespace hearth::store {

class Database;

// A prepared statement borrowed from the Database's cache (or owned, when the
// same SQL is already in use further up the stack). Reset on destruction.
// Parameters are 1-based, columns 0-based, as in SQLite.
class Statement {
public:
    Statement(Database& db, sqlite3_stmt* stmt, bool owned, bool* busyFlag);
    Statement(Statement&& other) noexcept;
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    Statement& operator=(Statement&&) = delete;
    ~Statement();

    Statement& bind(int index, qint64 value);
    Statement& bind(int index, int value) { return bind(index, qint64(value)); }
    Statement& bind(int index, bool value) { return bind(index, qint64(value ? 1 : 0)); }
    Statement& bind(int index, double value);
    Statement& bind(int index, const QString& value);
    Statement& bindNull(int index);
    Statement& bindIdOrNull(int index, qint64 id); // 0 -> NULL

    bool step();       // true while a row is available
    void run();        // steps to the end (for statements without rows)
    void reset();      // to run again with new bindings

    qint64 int64(int column) const;
    double real(int column) const;
    QString text(int column) const;

private:
    Database* db_;
    sqlite3_stmt* stmt_;
    bool owned_;
    bool* busy_;
};

class Database {
public:
    // Opens (creating if needed) the database at `path` and brings its schema
    // up to date. ":memory:" works for tests. Throws hearth::Error.
    explicit Database(const QString& path);
    ~Database();
    Database(const Database&) = delete;
    Database& operator=(const Database&) = delete;

    Statement prepare(const char* sql);
    void exec(const char* sql); // one or more statements, no results
    qint64 lastInsertId() const;
    int changes() const;
    const QString& path() const { return path_; }
    sqlite3* handle() const { return db_; }

    // Throws hearth::Error for SQLite result code `rc`, in words a user
    // understands (disk full, damaged file, ...). `what` says what failed.
    [[noreturn]] void fail(int rc, const char* what) const;

private:
    struct CachedStatement {
        sqlite3_stmt* stmt = nullptr;
        bool busy = false;
    };

    void configure();
    void close() noexcept;

    QString path_;
    sqlite3* db_ = nullptr;
    std::unordered_map<std::string, CachedStatement> cache_;
};

// BEGIN IMMEDIATE ... COMMIT; rolls back when destroyed uncommitted (an
// exception). IMMEDIATE takes the write lock up front, so two writers wait
// for each other (busy timeout) instead of failing half way.
class Transaction {
public:
    explicit Transaction(Database& db);
    ~Transaction();
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    void commit();

private:
    Database& db_;
    bool nested_ = false;
    bool open_ = true;
};

qint64 nowMs();

} // namespace hearth::store
