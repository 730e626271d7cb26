#pragma once

// Writes a download into its ".part" file while hashing it with SHA-256,
// so the hash is ready the moment the last byte lands. Used by one thread
// at a time (the download's owner between transfers, the curl worker
// during one); only written() may be read from anywhere.

#include <QCryptographicHash>
#include <QFile>
#include <QString>

#include <atomic>

namespace hearth::downloads {

class PartFileWriter {
public:
    explicit PartFileWriter(QString partPath);

    // Opens (creating) the part file and keeps its first `keepBytes` bytes,
    // hashing them again (reads the whole prefix: slow for big files, call
    // it off the GUI thread). Anything beyond is cut off. Returns the bytes
    // kept; throws hearth::Error when the file cannot be opened.
    qint64 openForResume(qint64 keepBytes);
    // Truncates to zero and starts the hash again: the server sent the
    // whole file (200) instead of the rest (206).
    bool restartFromZero();
    // False on a write failure (then writeError() says why).
    bool append(const char* data, qint64 size);
    // Flushes and closes; returns the lower-case hex SHA-256 of the content.
    QString finish();
    void close();

    qint64 written() const { return written_.load(std::memory_order_relaxed); }
    const QString& writeError() const { return writeError_; }
    // Whether the last write error was the disk (or a quota) being full.
    bool writeErrorIsNoSpace() const { return noSpace_; }
    QString path() const { return file_.fileName(); }

private:
    void recordWriteError();

    QFile file_;
    QCryptographicHash hash_{QCryptographicHash::Sha256};
    std::atomic<qint64> written_{0};
    QString writeError_;
    bool noSpace_ = false;
};

} // namespace hearth::downloads
