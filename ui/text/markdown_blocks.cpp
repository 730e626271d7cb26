#include "markdown_blocks.h"

#include <optional>

namespace hearth::ui {
namespace {

// An opening code fence: its character, run length, indent and info string.
struct Fence {
    QChar character;
    qsizetype length = 0;
    qsizetype indent = 0;
    QStringView info;
};

bool isBlank(QChar c)
{
    return c == u' ' || c == u'\t' || c == u'\r';
}

bool isBlankView(QStringView s)
{
    for (QChar c : s)
        if (!isBlank(c) && c != u'\n' && c != u'\f' && c != u'\v')
            return false;
    return true;
}

// Spaces before a fence; CommonMark allows up to three (a tab or a fourth
// space makes the line an indented code line instead).
qsizetype fenceIndent(QStringView line)
{
    qsizetype indent = 0;
    while (indent < line.size() && indent < 4 && line[indent] == u' ')
        ++indent;
    return indent;
}

qsizetype runLength(QStringView line, qsizetype from, QChar c)
{
    qsizetype end = from;
    while (end < line.size() && line[end] == c)
        ++end;
    return end - from;
}

// `minimumLength` is 3 for a real fence; a line still streaming in may be a
// shorter prefix of one ("``" becomes "```python" a moment later).
std::optional<Fence> openingFence(QStringView line, qsizetype minimumLength)
{
    const qsizetype indent = fenceIndent(line);
    if (indent > 3 || indent >= line.size())
        return std::nullopt;
    const QChar c = line[indent];
    if (c != u'`' && c != u'~')
        return std::nullopt;
    const qsizetype length = runLength(line, indent, c);
    if (length < minimumLength)
        return std::nullopt;
    QStringView info = line.sliced(indent + length).trimmed();
    // "```a```" on one line is an inline code span, not a fence.
    if (c == u'`' && info.contains(u'`'))
        return std::nullopt;
    return Fence{c, length, indent, info};
}

// A closing fence needs the opening character, at least as many of it, and
// nothing but whitespace after. With `prefixOnly`, a shorter run (a closing
// fence that is still arriving) also matches.
bool closesFence(QStringView line, const Fence& fence, bool prefixOnly)
{
    const qsizetype indent = fenceIndent(line);
    if (indent > 3)
        return false;
    const qsizetype length = runLength(line, indent, fence.character);
    if (length == 0 || (!prefixOnly && length < fence.length))
        return false;
    return isBlankView(line.sliced(indent + length));
}

QString firstWord(QStringView info)
{
    qsizetype end = 0;
    while (end < info.size() && !info[end].isSpace())
        ++end;
    return info.first(end).toString();
}

// The code between the fences, with up to `indent` leading spaces removed from
// each line as CommonMark does for indented fences.
QString codeText(QStringView content, qsizetype indent)
{
    if (content.contains(u'\r')) // CRLF line ends: a stray \r would show in the code view
        return codeText(content.toString().remove(u'\r'), indent);
    if (indent == 0)
        return content.toString();
    QString out;
    out.reserve(content.size());
    qsizetype pos = 0;
    while (pos <= content.size()) {
        qsizetype end = content.indexOf(u'\n', pos);
        if (end < 0)
            end = content.size();
        QStringView line = content.sliced(pos, end - pos);
        qsizetype strip = 0;
        while (strip < indent && strip < line.size() && line[strip] == u' ')
            ++strip;
        out += line.sliced(strip);
        if (end < content.size())
            out += u'\n';
        pos = end + 1;
    }
    return out;
}

struct Line {
    QStringView text; ///< Without its newline.
    qsizetype next;   ///< Where the following line starts.
    bool complete;    ///< False for a last line that has no newline yet.
};

Line lineAt(QStringView text, qsizetype pos)
{
    const qsizetype newline = text.indexOf(u'\n', pos);
    if (newline < 0)
        return {text.sliced(pos), text.size(), false};
    return {text.sliced(pos, newline - pos), newline + 1, true};
}

// Columns of leading whitespace, a tab counting to the next multiple of four.
qsizetype indentColumns(QStringView line)
{
    qsizetype columns = 0;
    for (QChar c : line) {
        if (c == u' ')
            ++columns;
        else if (c == u'\t')
            columns = (columns / 4 + 1) * 4;
        else
            break;
    }
    return columns;
}

bool startsListItem(QStringView line)
{
    const QStringView rest = line.trimmed();
    if (rest.size() >= 2 && (rest[0] == u'-' || rest[0] == u'*' || rest[0] == u'+') && rest[1] == u' ')
        return true;
    qsizetype digits = 0;
    while (digits < rest.size() && digits < 9 && rest[digits].isDigit())
        ++digits;
    return digits > 0 && digits + 1 < rest.size() && (rest[digits] == u'.' || rest[digits] == u')')
        && rest[digits + 1] == u' ';
}

// Length of a CommonMark autolink ("<https://x.org>", "<me@x.org>") at `pos`, or 0.
qsizetype autolinkLength(QStringView s, qsizetype pos)
{
    const qsizetype close = s.indexOf(u'>', pos + 1);
    if (close < 0)
        return 0;
    const QStringView inner = s.sliced(pos + 1, close - pos - 1);
    for (QChar c : inner)
        if (c.isSpace() || c == u'<' || c.unicode() < 0x20)
            return 0;
    const qsizetype colon = inner.indexOf(u':');
    if (colon >= 2 && colon <= 32 && inner[0].isLetter() && inner[0].unicode() < 0x80) {
        bool schemeOk = true;
        for (QChar c : inner.first(colon))
            schemeOk = schemeOk && c.unicode() < 0x80 && (c.isLetterOrNumber() || c == u'+' || c == u'.' || c == u'-');
        if (schemeOk)
            return close - pos + 1;
    }
    const qsizetype at = inner.indexOf(u'@');
    if (at > 0 && at + 1 < inner.size() && !inner.sliced(at + 1).contains(u'@')) {
        for (QChar c : inner.sliced(at + 1))
            if (c.unicode() >= 0x80 || !(c.isLetterOrNumber() || c == u'.' || c == u'-'))
                return 0;
        return close - pos + 1;
    }
    return 0;
}

// Escapes the '<' that would open raw HTML in a run of paragraph text, leaving
// code spans, backslash escapes and autolinks as they are.
void appendEscapedInline(QString& out, QStringView s)
{
    qsizetype i = 0;
    while (i < s.size()) {
        const QChar c = s[i];
        if (c == u'\\' && i + 1 < s.size()) {
            out += s.sliced(i, 2);
            i += 2;
        } else if (c == u'`') {
            const qsizetype run = runLength(s, i, u'`');
            // A code span ends at the next run of exactly the same length.
            qsizetype search = i + run;
            qsizetype end = -1;
            while (search < s.size()) {
                const qsizetype next = s.indexOf(u'`', search);
                if (next < 0)
                    break;
                const qsizetype length = runLength(s, next, u'`');
                if (length == run) {
                    end = next + length;
                    break;
                }
                search = next + length;
            }
            const qsizetype copyEnd = end >= 0 ? end : i + run;
            out += s.sliced(i, copyEnd - i);
            i = copyEnd;
        } else if (c == u'<') {
            const qsizetype link = autolinkLength(s, i);
            if (link > 0) {
                out += s.sliced(i, link);
                i += link;
                continue;
            }
            const QChar next = i + 1 < s.size() ? s[i + 1] : QChar();
            const bool opensHtml = (next.isLetter() && next.unicode() < 0x80) || next == u'/' || next == u'!' || next == u'?';
            if (opensHtml)
                out += u'\\';
            out += c;
            ++i;
        } else {
            out += c;
            ++i;
        }
    }
}

} // namespace

QString markdownForDisplay(QStringView markdown)
{
    QString out;
    out.reserve(markdown.size() + markdown.size() / 32 + 8);
    std::optional<Fence> fence;
    bool indentedCode = false;
    bool previousBlank = true;
    bool inList = false;
    qsizetype paragraphStart = -1; // start of pending paragraph text, escaped as one run

    auto flushParagraph = [&](qsizetype end) {
        if (paragraphStart >= 0)
            appendEscapedInline(out, markdown.sliced(paragraphStart, end - paragraphStart));
        paragraphStart = -1;
    };

    qsizetype pos = 0;
    while (pos < markdown.size()) {
        const Line line = lineAt(markdown, pos);
        const QStringView whole = markdown.sliced(pos, line.next - pos);
        const bool blank = isBlankView(line.text);
        if (fence) {
            if (closesFence(line.text, *fence, false))
                fence.reset();
            out += whole;
        } else if (auto opening = openingFence(line.text, 3)) {
            flushParagraph(pos);
            fence = opening;
            indentedCode = false;
            out += whole;
        } else if (!blank && indentColumns(line.text) >= 4 && (indentedCode || (previousBlank && !inList))) {
            // An indented code block: shown literally, so nothing to escape.
            flushParagraph(pos);
            indentedCode = true;
            out += whole;
        } else if (blank) {
            flushParagraph(pos);
            out += whole;
        } else {
            indentedCode = false;
            if (startsListItem(line.text))
                inList = true;
            else if (previousBlank && indentColumns(line.text) == 0)
                inList = false;
            if (paragraphStart < 0)
                paragraphStart = pos;
        }
        previousBlank = blank;
        pos = line.next;
    }
    flushParagraph(markdown.size());
    return out;
}

bool isBlankMarkdown(const MarkdownBlock& block)
{
    return block.kind == MarkdownBlock::Markdown && isBlankView(block.text);
}

QList<MarkdownSegment> scanMarkdownSegments(QStringView text, qsizetype from)
{
    QList<MarkdownSegment> segments;
    qsizetype markdownStart = from;
    qsizetype pos = from;
    auto flushMarkdown = [&](qsizetype end) {
        if (end > markdownStart)
            segments.append({{MarkdownBlock::Markdown, text.sliced(markdownStart, end - markdownStart).toString(), {}, true},
                             markdownStart});
    };

    while (pos < text.size()) {
        const Line line = lineAt(text, pos);
        // Tildes are held to three even while streaming: "~~" opens strikethrough.
        std::optional<Fence> fence = openingFence(line.text, 3);
        if (!fence && !line.complete) {
            fence = openingFence(line.text, 2);
            if (fence && (fence->character != u'`' || (fence->length < 3 && !fence->info.isEmpty())))
                fence.reset();
        }
        if (!fence) {
            pos = line.next;
            continue;
        }

        flushMarkdown(pos);
        MarkdownSegment code{{MarkdownBlock::Code, {}, {}, false}, pos};
        pos = line.next;
        if (line.complete) {
            // The language shows once its line is complete, so the label and
            // the colouring do not flicker through "py", "pyth", "python".
            code.block.language = firstWord(fence->info);
        }
        const qsizetype contentStart = pos;
        qsizetype contentEnd = pos;
        while (pos < text.size()) {
            const Line inner = lineAt(text, pos);
            if (closesFence(inner.text, *fence, false)) {
                code.block.closed = true;
                pos = inner.next;
                break;
            }
            if (!inner.complete && closesFence(inner.text, *fence, true)) {
                pos = inner.next; // a closing fence still arriving: show nothing of it yet
                break;
            }
            contentEnd = pos + inner.text.size();
            pos = inner.next;
        }
        code.block.text = codeText(text.sliced(contentStart, contentEnd - contentStart), fence->indent);
        segments.append(std::move(code));
        markdownStart = pos;
    }
    flushMarkdown(text.size());
    return segments;
}

QList<MarkdownBlock> splitMarkdownBlocks(QStringView text)
{
    QList<MarkdownBlock> blocks;
    for (MarkdownSegment& segment : scanMarkdownSegments(text))
        if (!isBlankMarkdown(segment.block))
            blocks.append(std::move(segment.block));
    return blocks;
}

} // namespace hearth::ui
