#pragma once

namespace hearth::store {

class Database;

// The schema version this build writes (PRAGMA user_version).
int latestSchemaVersion();

// Throws hearth::Error for a file of another program or a newer Hearth.
// Run before any pragma that changes the file (journal_mode = WAL), so a
// foreign file is refused untouched.
void requireHearthDatabase(Database& db);

// Brings the database up to latestSchemaVersion(): each numbered migration
// runs in its own transaction together with its user_version bump, so a
// crash leaves the file at the previous version, never half way. Throws
// hearth::Error for a file of another program or a newer Hearth.
void migrate(Database& db);

} // namespace hearth::store
