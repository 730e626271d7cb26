#include "services/downloads/part_file_writer.h"

#include "hearth/error.h"

#include <algorithm>
#include <cerrno>

namespace hearth::downloads {

PartFileWriter::PartFileWriter(QString partPath) : file_(std::move(partPath)) {}

qint64 PartFileWriter::openForResume(qint64 keepBytes)
{
    file_.close();
    hash_.reset();
    writeError_.clear();
    noSpace_ = false;
    // Unbuffered: a failed write (disk full) must show up at append(), not later.
    if (!file_.open(QIODevice::ReadWrite | QIODevice::Unbuffered))
        throw Error("Could not open " + file_.fileName().toStdString() + " for writing: " +
                    file_.errorString().toStdString());
    const qint64 keep = std::clamp<qint64>(keepBytes, 0, file_.size());
    QByteArray buffer(1 << 20, Qt::Uninitialized);
    qint64 done = 0;
    while (done < keep) {
        const qint64 got = file_.read(buffer.data(), std::min<qint64>(buffer.size(), keep - done));
        if (got <= 0)
            break;
        hash_.addData(QByteArrayView(buffer.constData(), got));
        done += got;
    }
    if (!file_.resize(done) || !file_.seek(done))
        throw Error("Could not prepare " + file_.fileName().toStdString() + ": " + file_.errorString().toStdString());
    written_ = done;
    return done;
}

bool PartFileWriter::restartFromZero()
{
    hash_.reset();
    written_ = 0;
    if (!file_.resize(0) || !file_.seek(0)) {
        recordWriteError();
        return false;
    }
    return true;
}

bool PartFileWriter::append(const char* data, qint64 size)
{
    const qint64 wrote = file_.write(data, size);
    if (wrote != size) {
        recordWriteError();
        return false;
    }
    hash_.addData(QByteArrayView(data, size));
    written_.fetch_add(size, std::memory_order_relaxed);
    return true;
}

QString PartFileWriter::finish()
{
    if (!file_.flush())
        recordWriteError();
    file_.close();
    return QString::fromLatin1(hash_.result().toHex());
}

void PartFileWriter::recordWriteError()
{
    // Read errno first: errorString() may make calls that change it. A full
    // disk, a quota or a file-size limit all mean "no room for more bytes".
    const int error = errno;
    noSpace_ = file_.error() == QFileDevice::ResourceError || error == ENOSPC || error == EDQUOT || error == EFBIG;
    writeError_ = file_.errorString();
}

void PartFileWriter::close()
{
    file_.flush();
    file_.close();
}

} // namespace hearth::downloads
