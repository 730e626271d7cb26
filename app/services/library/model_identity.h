#pragma once

// Whether a file is the same model as another: the same file (equal
// canonical paths, so symlinks and "a/../b" count) or an identical copy (the
// same size and the same first MiB, which holds the GGUF header: names,
// tokenizer, tensor layout, and the first weights of small models). Cheap:
// sizes are compared first and the first MiB is read only when they match.

#include <QByteArray>
#include <QString>

namespace hearth::library {

// SHA-1 of the first MiB of `path`; empty when it cannot be read.
QByteArray headFingerprint(const QString& path);

class ModelFileIdentity {
public:
    ModelFileIdentity() = default;
    explicit ModelFileIdentity(const QString& path);

    bool isEmpty() const { return path_.isEmpty(); }
    const QString& path() const { return path_; }
    // True for the file itself and for an identical copy of it.
    bool matches(const QString& otherPath) const;

private:
    QString path_;
    QString canonical_;
    qint64 size_ = -1;
    mutable QByteArray head_; // read at the first size match
};

} // namespace hearth::library
