#include "core/json_lines.h"

#include "hearth/error.h"

#include <QFile>

namespace hearth {

void forEachLine(const QString& path, const QString& what, const std::function<void(const QByteArray& line, int number)>& each)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        throw Error(QString("Cannot read the %1 %2: %3").arg(what, path, file.errorString()).toStdString());
    int number = 0;
    while (!file.atEnd()) {
        const QByteArray line = file.readLine().trimmed();
        ++number;
        if (!line.isEmpty())
            each(line, number);
    }
}

void throwBadLine(const QString& path, int number, const QString& why)
{
    throw Error(QString("%1, line %2: %3").arg(path).arg(number).arg(why).toStdString());
}

} // namespace hearth
