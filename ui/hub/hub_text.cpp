#include "hub_text.h"

#include <QCoreApplication>
#include <QRegularExpression>
#include <QStringList>

#include <algorithm>

namespace hearth::ui {
namespace {

QString plural(qint64 n, const char* one, const char* many)
{
    return n == 1 ? QCoreApplication::translate("HubText", one)
                  : QCoreApplication::translate("HubText", many).arg(n);
}

} // namespace

QString relativeTimeText(const QDateTime& then, const QDateTime& now)
{
    if (!then.isValid())
        return {};
    const qint64 seconds = std::max<qint64>(0, then.secsTo(now));
    const qint64 minutes = seconds / 60;
    const qint64 hours = minutes / 60;
    const qint64 days = hours / 24;
    if (minutes < 1)
        return QCoreApplication::translate("HubText", "just now");
    if (hours < 1)
        return plural(minutes, "1 minute ago", "%1 minutes ago");
    if (days < 1)
        return plural(hours, "1 hour ago", "%1 hours ago");
    if (days < 31)
        return plural(days, "1 day ago", "%1 days ago");
    if (days < 365)
        return plural(days / 30, "1 month ago", "%1 months ago");
    return plural(days / 365, "1 year ago", "%1 years ago");
}

bool isOfflineError(const QString& message)
{
    // hub_errors.cpp's describeTransportError() starts every transport
    // failure with this sentence; HTTP errors never do.
    return message.startsWith(QLatin1String("Can't reach Hugging Face"));
}

QString asSentence(const QString& text)
{
    const QString trimmed = text.trimmed();
    if (trimmed.isEmpty() || trimmed.endsWith('.') || trimmed.endsWith('?') || trimmed.endsWith('!'))
        return trimmed;
    return trimmed + '.';
}

namespace {

QString withoutFrontMatter(const QString& readme)
{
    QString text = readme;
    text.remove(QChar(0xFEFF)); // a BOM would hide the front matter
    if (!text.startsWith(QLatin1String("---")))
        return text;
    const qsizetype end = text.indexOf(QLatin1String("\n---"), 3);
    if (end < 0)
        return text;
    const qsizetype bodyStart = text.indexOf('\n', end + 4);
    return bodyStart < 0 ? QString() : text.mid(bodyStart + 1);
}

// Markdown outside code fences: drop images, then links left without text
// (badges), HTML comments and layout tags. Inline code such as `<think>`
// survives because only known HTML tag names are removed.
QString cleanProse(QString text)
{
    static const QRegularExpression image(R"(!\[[^\]]*\]\([^)]*\))");
    static const QRegularExpression emptyLink(R"(\[\s*\]\([^)]*\))");
    static const QRegularExpression comment(R"(<!--.*?-->)", QRegularExpression::DotMatchesEverythingOption);
    static const QRegularExpression tag(
        R"(</?(?:a|img|div|p|br|span|center|picture|source|sup|sub|b|i|strong|em|h[1-6]|hr|details|summary|video|iframe|font|table|thead|tbody|tr|td|th)(?:\s[^>]*)?/?>)",
        QRegularExpression::CaseInsensitiveOption);
    text.remove(image);
    text.remove(emptyLink);
    text.remove(comment);
    text.remove(tag);
    return text;
}

} // namespace

QString modelCardBody(const QString& readme)
{
    const QStringList lines = withoutFrontMatter(readme).split('\n');
    QStringList out;
    QStringList prose;
    bool inFence = false;
    const auto flushProse = [&] {
        if (!prose.isEmpty())
            out << cleanProse(prose.join('\n'));
        prose.clear();
    };
    for (const QString& line : lines) {
        const bool fence = line.trimmed().startsWith(QLatin1String("```"));
        if (inFence) {
            out << line;
            inFence = !fence;
        } else if (fence) {
            flushProse();
            out << line;
            inFence = true;
        } else {
            prose << line;
        }
    }
    flushProse();
    // Removed tags leave runs of blank lines behind.
    static const QRegularExpression blankRuns(R"(\n[ \t]*\n(?:[ \t]*\n)+)");
    return out.join('\n').replace(blankRuns, QStringLiteral("\n\n")).trimmed();
}

} // namespace hearth::ui
