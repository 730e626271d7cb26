#pragma once

// Reading line-per-record files (JSON Lines, prompt lists): every
// non-empty line, trimmed, with its 1-based number for error messages.

#include <QByteArray>
#include <QString>

#include <functional>

namespace hearth {

// Throws hearth::Error "Cannot read the <what> <path>: <reason>" when the
// file cannot be opened; `each` may throw to stop at a bad line.
void forEachLine(const QString& path, const QString& what, const std::function<void(const QByteArray& line, int number)>& each);

// What `each` throws at a bad line: "<path>, line <number>: <why>".
[[noreturn]] void throwBadLine(const QString& path, int number, const QString& why);

} // namespace hearth
