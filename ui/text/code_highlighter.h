#pragma once

#include <QColor>
#include <QObject>
#include <QPointer>
#include <QQuickTextDocument>
#include <QSyntaxHighlighter>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

struct CodeLanguage;

// Colours code in a QTextDocument: keywords, types, strings, comments,
// numbers, calls. Strings and comments that span lines (Python's triple
// quotes, C's /* */, JavaScript's template strings) carry over through the
// block state, so appending a line only re-colours from the change on.
class CodeSyntaxHighlighter : public QSyntaxHighlighter {
    Q_OBJECT

public:
    enum class Token { Keyword, Type, String, Comment, Number, Function, Preprocessor, Property, Variable };

    explicit CodeSyntaxHighlighter(QTextDocument* document = nullptr);

    // Colours `document` (nullptr: none) at once, taking the colours off the
    // previous one. Use this rather than setDocument(), whose first colouring
    // of a long text is slow and comes one event loop turn late.
    void attach(QTextDocument* document);
    // Colours the whole document again, e.g. after the language changed.
    void recolour();

    // Returns false, and colours nothing, for a language Hearth does not know.
    bool setLanguage(QStringView name);
    const CodeLanguage* language() const { return language_; }
    void setDark(bool dark);
    bool dark() const { return dark_; }

    static QTextCharFormat format(Token token, bool dark);

protected:
    void highlightBlock(const QString& text) override;

private:
    void apply(qsizetype start, qsizetype length, Token token);
    qsizetype continueMultiLine(const QString& text, int state);
    qsizetype endOfString(const QString& text, qsizetype from, QChar quote) const;
    qsizetype endOfWord(const QString& text, qsizetype from) const;

    const CodeLanguage* language_ = nullptr;
    bool dark_ = false;
};

// QML side: colours the code of a TextEdit while `language` is one Hearth knows.
//   TextEdit { id: code; textFormat: TextEdit.PlainText }
//   CodeHighlighter { document: code.textDocument; language: "python"; dark: Theme.dark }
class CodeHighlighter : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QQuickTextDocument* document READ document WRITE setDocument NOTIFY documentChanged)
    Q_PROPERTY(QString language READ language WRITE setLanguage NOTIFY languageChanged)
    Q_PROPERTY(bool dark READ dark WRITE setDark NOTIFY darkChanged)
    /// True when `language` is one that gets colours.
    Q_PROPERTY(bool supported READ supported NOTIFY languageChanged)

public:
    explicit CodeHighlighter(QObject* parent = nullptr);

    QQuickTextDocument* document() const { return document_; }
    void setDocument(QQuickTextDocument* document);
    QString language() const { return language_; }
    void setLanguage(const QString& language);
    bool dark() const { return highlighter_->dark(); }
    void setDark(bool dark);
    bool supported() const { return supported_; }

Q_SIGNALS:
    void documentChanged();
    void languageChanged();
    void darkChanged();

private:
    void attach();

    QPointer<QQuickTextDocument> document_;
    QString language_;
    bool supported_ = false;
    CodeSyntaxHighlighter* highlighter_;
};

} // namespace hearth::ui
