#pragma once

#include <QList>
#include <QString>
#include <QStringView>

namespace hearth::ui {

// One piece of a model's answer as the chat shows it: Markdown text (rendered
// by Qt's Markdown importer) or a fenced code block (rendered by our own
// delegate with a language label, a copy button and syntax colouring).
struct MarkdownBlock {
    enum Kind { Markdown, Code };

    Kind kind = Markdown;
    QString text;     ///< Markdown source, or the code without its fences.
    QString language; ///< First word of the fence's info string; empty for Markdown.
    bool closed = true; ///< False for a code block whose closing fence has not arrived yet.

    friend bool operator==(const MarkdownBlock&, const MarkdownBlock&) = default;
};

// A block together with where it starts in the source. The incremental list
// model keeps these to rescan only the tail of a growing answer.
struct MarkdownSegment {
    MarkdownBlock block;
    qsizetype sourceStart = 0;
};

// Splits `text` into Markdown and fenced code blocks (CommonMark fences: ``` or
// ~~~, three or more, up to three spaces of indent). Text that is still
// streaming is handled: an unclosed fence yields an open code block, a last line
// that is an opening fence in progress ("``", "```py") starts a code block
// instead of showing as Markdown, and a closing fence in progress is held back.
// Markdown blocks holding only whitespace are left out.
QList<MarkdownBlock> splitMarkdownBlocks(QStringView text);

// The same scan starting at `from`, which must be the start of a line outside
// any code block (0 or a segment's sourceStart). Keeps whitespace-only Markdown
// segments so that callers can resume from them.
QList<MarkdownSegment> scanMarkdownSegments(QStringView text, qsizetype from = 0);

// True for a segment that splitMarkdownBlocks() leaves out.
bool isBlankMarkdown(const MarkdownBlock& block);

// Makes model output safe for Qt's Markdown importer: raw HTML ("<b>", "<img
// src=...>", "<!-- -->") is escaped so that it shows literally instead of
// being interpreted. Code spans and code blocks are left untouched, as are
// autolinks such as <https://example.org>, which stay clickable.
QString markdownForDisplay(QStringView markdown);

} // namespace hearth::ui
