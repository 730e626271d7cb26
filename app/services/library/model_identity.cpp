#include "services/library/model_identity.h"

#include <QCryptographicHash>
#include <QFile>
#include <QFileInfo>

namespace hearth::library {

QByteArray headFingerprint(const QString& path)
{
    constexpr qint64 kHeadBytes = 1 << 20;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    QCryptographicHash hash(QCryptographicHash::Sha1);
    hash.addData(file.read(kHeadBytes));
    return file.error() == QFileDevice::NoError ? hash.result() : QByteArray();
}

ModelFileIdentity::ModelFileIdentity(const QString& path)
    : path_(path), canonical_(QFileInfo(path).canonicalFilePath()), size_(QFileInfo(path).size())
{
}

bool ModelFileIdentity::matches(const QString& otherPath) const
{
    if (path_.isEmpty() || otherPath.isEmpty())
        return false;
    if (otherPath == path_)
        return true;
    const QFileInfo other(otherPath);
    if (!canonical_.isEmpty() && other.canonicalFilePath() == canonical_)
        return true;
    if (!other.exists() || other.size() != size_)
        return false;
    if (head_.isEmpty())
        head_ = headFingerprint(path_);
    return !head_.isEmpty() && headFingerprint(otherPath) == head_;
}

} // namespace hearth::library
