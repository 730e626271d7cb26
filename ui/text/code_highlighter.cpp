#include "code_highlighter.h"

#include "code_languages.h"

#include <QAbstractTextDocumentLayout>
#include <QTextCursor>
#include <QTextDocument>

#include <algorithm>
#include <array>
#include <optional>

namespace hearth::ui {
namespace {

// Block states beyond "nothing open" (0). A string that spans lines stores its
// quote character in the low bits.
constexpr int kInBlockComment = 1;
constexpr int kInTripleDouble = 2;
constexpr int kInTripleSingle = 3;
constexpr int kInQuotedString = 0x10000;

// Colours after GitHub's light and dark themes, comments a little stronger:
// each keeps at least 4.5:1 contrast (WCAG AA) against Theme.qml's raised
// surfaces, where code blocks sit (#f4f4f6 light, #2b2e35 to #2f323a dark).
struct Palette {
    std::array<QColor, 9> colours;
};

const Palette& palette(bool dark)
{
    using T = CodeSyntaxHighlighter::Token;
    static const Palette light = [] {
        Palette p;
        p.colours[size_t(T::Keyword)] = QColor(0xcf, 0x22, 0x2e);
        p.colours[size_t(T::Type)] = QColor(0x95, 0x38, 0x00);
        p.colours[size_t(T::String)] = QColor(0x0a, 0x30, 0x69);
        p.colours[size_t(T::Comment)] = QColor(0x57, 0x60, 0x6a);
        p.colours[size_t(T::Number)] = QColor(0x05, 0x50, 0xae);
        p.colours[size_t(T::Function)] = QColor(0x82, 0x50, 0xdf);
        p.colours[size_t(T::Preprocessor)] = QColor(0xcf, 0x22, 0x2e);
        p.colours[size_t(T::Property)] = QColor(0x11, 0x63, 0x29);
        p.colours[size_t(T::Variable)] = QColor(0x95, 0x38, 0x00);
        return p;
    }();
    static const Palette night = [] {
        Palette p;
        p.colours[size_t(T::Keyword)] = QColor(0xff, 0x7b, 0x72);
        p.colours[size_t(T::Type)] = QColor(0xff, 0xa6, 0x57);
        p.colours[size_t(T::String)] = QColor(0xa5, 0xd6, 0xff);
        p.colours[size_t(T::Comment)] = QColor(0x9e, 0xa7, 0xb3);
        p.colours[size_t(T::Number)] = QColor(0x79, 0xc0, 0xff);
        p.colours[size_t(T::Function)] = QColor(0xd2, 0xa8, 0xff);
        p.colours[size_t(T::Preprocessor)] = QColor(0xff, 0x7b, 0x72);
        p.colours[size_t(T::Property)] = QColor(0x7e, 0xe7, 0x87);
        p.colours[size_t(T::Variable)] = QColor(0xff, 0xa6, 0x57);
        return p;
    }();
    return dark ? night : light;
}

// Takes a document's text out and puts it back in one edit, calling
// `whileEmpty` in between. This replaces QSyntaxHighlighter::rehighlight(),
// which has the layout of a TextEdit redo its work once per line (1.3 s for
// 2,000 lines): an edit reaches the layout once, with every line coloured
// (65 ms). Attaching while the document is empty also keeps
// QSyntaxHighlighter from scheduling that slow rehighlight itself.
template<typename WhileEmpty>
void reinsertText(QTextDocument* document, WhileEmpty whileEmpty)
{
    document->documentLayout(); // only a document with a layout reports edits
    const bool undo = document->isUndoRedoEnabled();
    document->setUndoRedoEnabled(false);
    const QString text = document->toPlainText();
    QTextCursor cursor(document);
    cursor.beginEditBlock();
    cursor.select(QTextCursor::Document);
    cursor.removeSelectedText();
    whileEmpty();
    cursor.insertText(text);
    cursor.endEditBlock();
    document->setUndoRedoEnabled(undo);
}

} // namespace

CodeSyntaxHighlighter::CodeSyntaxHighlighter(QTextDocument* document)
    : QSyntaxHighlighter(static_cast<QObject*>(document)) // owned by the document, as with QSyntaxHighlighter
{
    attach(document);
}

void CodeSyntaxHighlighter::attach(QTextDocument* target)
{
    QTextDocument* old = document();
    if (old == target)
        return;
    if (old && !old->isEmpty())
        reinsertText(old, [this] { setDocument(nullptr); }); // drops our colours from what is shown
    else
        setDocument(nullptr);
    if (target && !target->isEmpty())
        reinsertText(target, [this, target] { setDocument(target); });
    else
        setDocument(target);
}

void CodeSyntaxHighlighter::recolour()
{
    if (document() && !document()->isEmpty())
        reinsertText(document(), [] {});
}

bool CodeSyntaxHighlighter::setLanguage(QStringView name)
{
    const CodeLanguage* language = findCodeLanguage(name);
    if (language != language_) {
        language_ = language;
        recolour();
    }
    return language_ != nullptr;
}

void CodeSyntaxHighlighter::setDark(bool dark)
{
    if (dark == dark_)
        return;
    dark_ = dark;
    if (language_)
        recolour();
}

QTextCharFormat CodeSyntaxHighlighter::format(Token token, bool dark)
{
    QTextCharFormat format;
    format.setForeground(palette(dark).colours.at(size_t(token)));
    if (token == Token::Comment)
        format.setFontItalic(true);
    return format;
}

void CodeSyntaxHighlighter::apply(qsizetype start, qsizetype length, Token token)
{
    static const std::array<std::array<QTextCharFormat, 9>, 2> formats = [] {
        std::array<std::array<QTextCharFormat, 9>, 2> all;
        for (size_t i = 0; i < 9; ++i) {
            all[0][i] = format(Token(i), false);
            all[1][i] = format(Token(i), true);
        }
        return all;
    }();
    setFormat(int(start), int(length), formats[dark_ ? 1 : 0][size_t(token)]);
}

qsizetype CodeSyntaxHighlighter::endOfString(const QString& text, qsizetype from, QChar quote) const
{
    // Shell single quotes and Go raw strings know no escapes.
    const bool escapes = !(quote == u'\'' && language_->shellVariables) && !(quote == u'`' && language_->name == u"go");
    for (qsizetype i = from; i < text.size(); ++i) {
        if (escapes && text[i] == u'\\')
            ++i;
        else if (text[i] == quote)
            return i + 1;
    }
    return -1;
}

qsizetype CodeSyntaxHighlighter::endOfWord(const QString& text, qsizetype from) const
{
    qsizetype end = from;
    while (end < text.size()) {
        const QChar c = text[end];
        if (c.isLetterOrNumber() || c == u'_' || (c == u'$' && language_->identifierDollar)
            || (c == u'-' && language_->shellVariables && end > from))
            ++end;
        else
            break;
    }
    return end;
}

// Colours the part of a line that continues a comment or string from the line
// before. Returns where normal scanning resumes, or -1 if the whole line is
// still inside it (the state then carries on to the next line).
qsizetype CodeSyntaxHighlighter::continueMultiLine(const QString& text, int state)
{
    qsizetype end = -1;
    Token token = Token::String;
    if (state == kInBlockComment) {
        token = Token::Comment;
        end = text.indexOf(language_->blockCommentEnd);
        if (end >= 0)
            end += language_->blockCommentEnd.size();
    } else if (state == kInTripleDouble || state == kInTripleSingle) {
        end = text.indexOf(state == kInTripleDouble ? u"\"\"\"" : u"'''");
        if (end >= 0)
            end += 3;
    } else if (state & kInQuotedString) {
        end = endOfString(text, 0, QChar(char16_t(state & 0xffff)));
    }
    if (end < 0) {
        apply(0, text.size(), token);
        setCurrentBlockState(state);
        return -1;
    }
    apply(0, end, token);
    return end;
}

void CodeSyntaxHighlighter::highlightBlock(const QString& text)
{
    setCurrentBlockState(0);
    if (!language_)
        return;
    const CodeLanguage& lang = *language_;
    const int previous = previousBlockState();
    qsizetype i = 0;
    if (previous > 0) {
        i = continueMultiLine(text, previous);
        if (i < 0)
            return;
    }

    const qsizetype n = text.size();
    bool lineStart = i == 0;
    while (i < n) {
        const QChar c = text[i];
        if (c.isSpace()) {
            ++i;
            continue;
        }
        const bool firstOnLine = lineStart;
        lineStart = false;
        const QStringView rest = QStringView(text).sliced(i);

        if (!lang.lineComment.isEmpty() && rest.startsWith(lang.lineComment)
            && (!lang.hashCommentNeedsSpace || i == 0 || text[i - 1].isSpace() || text[i - 1] == u';')) {
            apply(i, n - i, Token::Comment);
            return;
        }
        if (!lang.blockCommentStart.isEmpty() && rest.startsWith(lang.blockCommentStart)) {
            qsizetype end = text.indexOf(lang.blockCommentEnd, i + lang.blockCommentStart.size());
            if (end < 0) {
                apply(i, n - i, Token::Comment);
                setCurrentBlockState(kInBlockComment);
                return;
            }
            end += lang.blockCommentEnd.size();
            apply(i, end - i, Token::Comment);
            i = end;
            continue;
        }
        if (lang.preprocessor && firstOnLine && c == u'#') {
            qsizetype end = i + 1;
            while (end < n && text[end].isSpace())
                ++end;
            end = endOfWord(text, end);
            const bool include = text.mid(i, end - i).endsWith(u"include");
            apply(i, end - i, Token::Preprocessor);
            i = end;
            while (i < n && text[i].isSpace())
                ++i;
            if (include && i < n && text[i] == u'<') {
                const qsizetype close = text.indexOf(u'>', i);
                const qsizetype stop = close < 0 ? n : close + 1;
                apply(i, stop - i, Token::String);
                i = stop;
            }
            continue;
        }
        if (lang.attributes && c == u'#' && i + 1 < n && (text[i + 1] == u'[' || text[i + 1] == u'!')) {
            const qsizetype close = text.indexOf(u']', i);
            const qsizetype stop = close < 0 ? n : close + 1;
            apply(i, stop - i, Token::Preprocessor);
            i = stop;
            continue;
        }
        if (lang.tripleQuotedStrings && (rest.startsWith(u"\"\"\"") || rest.startsWith(u"'''"))) {
            const QStringView delimiter = rest.first(3);
            qsizetype end = text.indexOf(delimiter, i + 3);
            if (end < 0) {
                apply(i, n - i, Token::String);
                setCurrentBlockState(c == u'"' ? kInTripleDouble : kInTripleSingle);
                return;
            }
            end += 3;
            apply(i, end - i, Token::String);
            i = end;
            continue;
        }
        // Rust: 'a is a lifetime, 'a' and '\n' are characters.
        const bool lifetime = lang.charLiterals && c == u'\'' && !(i + 1 < n && text[i + 1] == u'\\')
            && !(i + 2 < n && text[i + 2] == u'\'');
        if (lang.quotes.contains(c) && !lifetime) {
            const qsizetype end = endOfString(text, i + 1, c);
            if (end < 0) {
                apply(i, n - i, Token::String);
                if (lang.multiLineQuotes.contains(c))
                    setCurrentBlockState(kInQuotedString | c.unicode());
                return;
            }
            Token token = Token::String;
            if (lang.objectKeys) {
                qsizetype next = end;
                while (next < n && text[next].isSpace())
                    ++next;
                if (next < n && text[next] == u':')
                    token = Token::Property;
            }
            apply(i, end - i, token);
            i = end;
            continue;
        }
        if (c.isDigit() || (c == u'.' && i + 1 < n && text[i + 1].isDigit())) {
            const bool hex = c == u'0' && i + 1 < n && (text[i + 1] == u'x' || text[i + 1] == u'X');
            qsizetype end = i + 1;
            while (end < n) {
                const QChar d = text[end];
                const bool exponentSign = (d == u'+' || d == u'-') && !hex && (text[end - 1] == u'e' || text[end - 1] == u'E');
                const bool fraction = d == u'.' && !(end + 1 < n && text[end + 1] == u'.'); // not Rust's 0..10
                const bool separator = d == u'\'' && end + 1 < n && text[end + 1].isDigit(); // C++'s 1'000
                if (d.isLetterOrNumber() || d == u'_' || separator || exponentSign || fraction)
                    ++end;
                else
                    break;
            }
            apply(i, end - i, Token::Number);
            i = end;
            continue;
        }
        if (lang.shellVariables && c == u'$' && i + 1 < n) {
            qsizetype end = i + 1;
            if (text[end] == u'{') {
                const qsizetype close = text.indexOf(u'}', end);
                end = close < 0 ? n : close + 1;
            } else if (text[end].isLetter() || text[end] == u'_') {
                end = endOfWord(text, end);
            } else if (QStringView(u"0123456789@#?$!*-").contains(text[end])) {
                ++end;
            }
            if (end > i + 1) {
                apply(i, end - i, Token::Variable);
                i = end;
                continue;
            }
        }
        if (lang.decorators && c == u'@' && i + 1 < n && (text[i + 1].isLetter() || text[i + 1] == u'_')) {
            qsizetype end = endOfWord(text, i + 1);
            while (end + 1 < n && text[end] == u'.' && text[end + 1].isLetter())
                end = endOfWord(text, end + 1);
            apply(i, end - i, Token::Preprocessor);
            i = end;
            continue;
        }
        if (c.isLetter() || c == u'_' || (c == u'$' && lang.identifierDollar)) {
            const qsizetype end = endOfWord(text, i);
            const QStringView word = QStringView(text).sliced(i, end - i);
            QString lowered;
            QStringView key = word;
            if (lang.caseInsensitive) {
                lowered = word.toString().toLower();
                key = lowered;
            }
            qsizetype coloured = end - i;
            std::optional<Token> token;
            if (lang.keywords.contains(key))
                token = Token::Keyword;
            else if (lang.types.contains(key))
                token = Token::Type;
            else if (lang.literals.contains(key))
                token = Token::Number;
            else if (lang.builtins.contains(key))
                token = Token::Function;
            else if (lang.macros && end < n && text[end] == u'!') {
                token = Token::Function;
                ++coloured;
            } else if (lang.capitalizedTypes && word.front().isUpper()
                       && std::any_of(word.begin(), word.end(), [](QChar w) { return w.isLower(); })) {
                token = Token::Type;
            } else {
                qsizetype next = end;
                while (next < n && text[next] == u' ')
                    ++next;
                if (next < n && text[next] == u'(')
                    token = Token::Function;
            }
            if (token)
                apply(i, coloured, *token);
            i = i + coloured;
            continue;
        }
        ++i;
    }
}

CodeHighlighter::CodeHighlighter(QObject* parent)
    : QObject(parent), highlighter_(new CodeSyntaxHighlighter(static_cast<QTextDocument*>(nullptr)))
{
    highlighter_->setParent(this);
}

void CodeHighlighter::setDocument(QQuickTextDocument* document)
{
    if (document == document_)
        return;
    document_ = document;
    attach();
    Q_EMIT documentChanged();
}

void CodeHighlighter::setLanguage(const QString& language)
{
    if (language == language_)
        return;
    language_ = language;
    supported_ = highlighter_->setLanguage(language);
    attach();
    Q_EMIT languageChanged();
}

void CodeHighlighter::setDark(bool dark)
{
    if (dark == highlighter_->dark())
        return;
    highlighter_->setDark(dark);
    Q_EMIT darkChanged();
}

// Attached only while the language is known: detaching clears the colours of
// a block whose language turned out to be one Hearth does not colour.
void CodeHighlighter::attach()
{
    highlighter_->attach(document_ && supported_ ? document_->textDocument() : nullptr);
}

} // namespace hearth::ui
