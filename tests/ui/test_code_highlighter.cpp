// Syntax colouring of code blocks: token formats per language, comments and
// strings that span lines, aliases, palettes, and the QML element on a real
// TextEdit.

#include "text/code_highlighter.h"
#include "text/code_languages.h"

#include <QElapsedTimer>
#include <QQmlComponent>
#include <QQmlEngine>
#include <QQuickItem>
#include <QTextBlock>
#include <QTextCursor>
#include <QTextDocument>
#include <QTextLayout>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

#include <cmath>
#include <memory>

Q_IMPORT_QML_PLUGIN(HearthPlugin)

using hearth::ui::CodeHighlighter;
using hearth::ui::CodeSyntaxHighlighter;
using hearth::ui::findCodeLanguage;
using Token = CodeSyntaxHighlighter::Token;

namespace {

// The highlighter's format at a column of a line, as the layout will draw it.
QTextCharFormat formatAt(const QTextDocument& document, int line, int column)
{
    const QTextBlock block = document.findBlockByNumber(line);
    for (const QTextLayout::FormatRange& range : block.layout()->formats())
        if (column >= range.start && column < range.start + range.length)
            return range.format;
    return {};
}

// The same, located by the first occurrence of `needle` in the line.
QTextCharFormat formatOf(const QTextDocument& document, int line, const QString& needle)
{
    const int column = int(document.findBlockByNumber(line).text().indexOf(needle));
    if (column < 0) { // a broken test: fail the comparison that follows
        qWarning("'%s' not in line %d", qPrintable(needle), line);
        QTextCharFormat missing;
        missing.setForeground(QColor(1, 2, 3));
        return missing;
    }
    return formatAt(document, line, column);
}

QColor colourOf(const QTextDocument& document, int line, const QString& needle)
{
    const QTextCharFormat format = formatOf(document, line, needle);
    return format.hasProperty(QTextFormat::ForegroundBrush) ? format.foreground().color() : QColor();
}

QColor expected(Token token, bool dark = false)
{
    return CodeSyntaxHighlighter::format(token, dark).foreground().color();
}

double luminance(const QColor& colour)
{
    auto channel = [](double c) { return c <= 0.03928 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4); };
    return 0.2126 * channel(colour.redF()) + 0.7152 * channel(colour.greenF()) + 0.0722 * channel(colour.blueF());
}

double contrast(const QColor& a, const QColor& b)
{
    const double la = luminance(a);
    const double lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

struct Highlighted {
    std::unique_ptr<QTextDocument> document = std::make_unique<QTextDocument>();
    CodeSyntaxHighlighter* highlighter = new CodeSyntaxHighlighter(document.get());

    Highlighted(const QString& language, const QString& code, bool dark = false)
    {
        // A document only reports edits (and so gets re-coloured) once it has
        // a layout, as every document shown on screen does.
        document->documentLayout();
        highlighter->setLanguage(language);
        highlighter->setDark(dark);
        document->setPlainText(code);
    }
};

} // namespace

class CodeHighlighterTest : public QObject {
    Q_OBJECT

private slots:
    void paletteHasDistinctReadableColours()
    {
        // Real values, so that a palette edit is a deliberate one.
        QCOMPARE(expected(Token::Keyword, false), QColor(u"#cf222e"));
        QCOMPARE(expected(Token::Keyword, true), QColor(u"#ff7b72"));
        for (bool dark : {false, true}) {
            const QList<Token> tokens{Token::Keyword, Token::Type, Token::String, Token::Comment, Token::Number,
                                      Token::Function};
            for (qsizetype i = 0; i < tokens.size(); ++i)
                for (qsizetype j = i + 1; j < tokens.size(); ++j)
                    QVERIFY(expected(tokens[i], dark) != expected(tokens[j], dark));
            // WCAG AA against the surfaces code blocks sit on in Theme.qml.
            const QColor background(dark ? u"#2f323a" : u"#f4f4f6");
            for (Token token : tokens)
                QVERIFY2(contrast(expected(token, dark), background) >= 4.5, qPrintable(expected(token, dark).name()));
        }
        QVERIFY(CodeSyntaxHighlighter::format(Token::Comment, false).fontItalic());
    }

    void python()
    {
        Highlighted h(QStringLiteral("py"), QStringLiteral("@cache\ndef area(r):\n    return 3.14 * r ** 2  # circle\n"
                                                          "print('done', None, MyClass)\n"));
        const QTextDocument& d = *h.document;
        QCOMPARE(colourOf(d, 0, "@cache"), expected(Token::Preprocessor));
        QCOMPARE(colourOf(d, 1, "def"), expected(Token::Keyword));
        QCOMPARE(colourOf(d, 1, "area"), expected(Token::Function));
        QCOMPARE(colourOf(d, 1, "r)"), QColor()); // a plain name stays plain
        QCOMPARE(colourOf(d, 2, "return"), expected(Token::Keyword));
        QCOMPARE(colourOf(d, 2, "3.14"), expected(Token::Number));
        QCOMPARE(colourOf(d, 2, "# circle"), expected(Token::Comment));
        QVERIFY(formatOf(d, 2, "circle").fontItalic());
        QCOMPARE(colourOf(d, 3, "print"), expected(Token::Function));
        QCOMPARE(colourOf(d, 3, "'done'"), expected(Token::String));
        QCOMPARE(colourOf(d, 3, "done"), expected(Token::String));
        QCOMPARE(colourOf(d, 3, "None"), expected(Token::Number));
        QCOMPARE(colourOf(d, 3, "MyClass"), expected(Token::Type));
    }

    void pythonTripleQuotesSpanLines()
    {
        Highlighted h(QStringLiteral("python"),
                      QStringLiteral("x = \"\"\"first\nif while\nlast\"\"\" if y\nif z"));
        const QTextDocument& d = *h.document;
        QCOMPARE(colourOf(d, 0, "first"), expected(Token::String));
        QVERIFY(d.findBlockByNumber(0).userState() > 0);
        QCOMPARE(colourOf(d, 1, "if"), expected(Token::String));
        QCOMPARE(colourOf(d, 2, "last"), expected(Token::String));
        QCOMPARE(colourOf(d, 2, "if"), expected(Token::Keyword));
        QCOMPARE(d.findBlockByNumber(2).userState(), 0);
        QCOMPARE(colourOf(d, 3, "if"), expected(Token::Keyword));
    }

    void cBlockCommentSpansLinesAndFollowsEdits()
    {
        Highlighted h(QStringLiteral("c"), QStringLiteral("#include <stdio.h>\nint a; /* start\nwhile\nend */ int b;\nint c;"));
        QTextDocument& d = *h.document;
        QCOMPARE(colourOf(d, 0, "#include"), expected(Token::Preprocessor));
        QCOMPARE(colourOf(d, 0, "<stdio.h>"), expected(Token::String));
        QCOMPARE(colourOf(d, 1, "int"), expected(Token::Type));
        QCOMPARE(colourOf(d, 1, "start"), expected(Token::Comment));
        QCOMPARE(colourOf(d, 2, "while"), expected(Token::Comment));
        QCOMPARE(colourOf(d, 3, "end"), expected(Token::Comment));
        QCOMPARE(colourOf(d, 3, "int"), expected(Token::Type));
        QCOMPARE(colourOf(d, 4, "int"), expected(Token::Type));

        // Removing the comment's end re-colours the following lines at once.
        QTextCursor cursor(d.findBlockByNumber(3));
        const int end = int(d.findBlockByNumber(3).text().indexOf(u"*/"));
        cursor.setPosition(d.findBlockByNumber(3).position() + end);
        cursor.movePosition(QTextCursor::Right, QTextCursor::KeepAnchor, 2);
        cursor.removeSelectedText();
        QCOMPARE(colourOf(d, 3, "int"), expected(Token::Comment));
        QCOMPARE(colourOf(d, 4, "int"), expected(Token::Comment));

        // And typing it back restores them.
        cursor.insertText(QStringLiteral("*/"));
        QCOMPARE(colourOf(d, 4, "int"), expected(Token::Type));
    }

    void cppAndRust()
    {
        Highlighted cpp(QStringLiteral("C++"), QStringLiteral("auto s = std::string(\"a\\\"b\") + QString(); // x\n"
                                                               "constexpr int n = 0x1Fu + 1'000 + 1.5e-3;"));
        QCOMPARE(colourOf(*cpp.document, 0, "auto"), expected(Token::Keyword));
        QCOMPARE(colourOf(*cpp.document, 0, "string"), expected(Token::Type));
        QCOMPARE(colourOf(*cpp.document, 0, "b\")"), expected(Token::String)); // escaped quote stays in the string
        QCOMPARE(colourOf(*cpp.document, 0, "QString"), expected(Token::Type));
        QCOMPARE(colourOf(*cpp.document, 0, "// x"), expected(Token::Comment));
        QCOMPARE(colourOf(*cpp.document, 1, "0x1Fu"), expected(Token::Number));
        QCOMPARE(colourOf(*cpp.document, 1, "000"), expected(Token::Number));
        QCOMPARE(colourOf(*cpp.document, 1, "-3"), expected(Token::Number));

        Highlighted rust(QStringLiteral("rs"),
                         QStringLiteral("#[derive(Debug)]\nfn f<'a>(s: &'a str) -> char { println!(\"{}\", 'x'); 'y' }"));
        QCOMPARE(colourOf(*rust.document, 0, "derive"), expected(Token::Preprocessor));
        QCOMPARE(colourOf(*rust.document, 1, "fn"), expected(Token::Keyword));
        QCOMPARE(colourOf(*rust.document, 1, "str"), expected(Token::Type)); // the lifetime did not open a string
        QCOMPARE(colourOf(*rust.document, 1, "println!"), expected(Token::Function));
        QCOMPARE(colourOf(*rust.document, 1, "'x'"), expected(Token::String));
        QCOMPARE(colourOf(*rust.document, 1, " }"), QColor()); // the char literal ended
    }

    void javascriptTemplateStringSpansLines()
    {
        Highlighted h(QStringLiteral("ts"), QStringLiteral("const s = `a\nif ${b}\n`; let n: number = 1;"));
        const QTextDocument& d = *h.document;
        QCOMPARE(colourOf(d, 0, "const"), expected(Token::Keyword));
        QCOMPARE(colourOf(d, 1, "if"), expected(Token::String));
        QCOMPARE(colourOf(d, 2, "let"), expected(Token::Keyword));
        QCOMPARE(colourOf(d, 2, "number"), expected(Token::Type));
    }

    void goJavaShellJsonSql()
    {
        Highlighted go(QStringLiteral("golang"), QStringLiteral("func main() { var e error = nil; fmt.Println(`raw\\`) }"));
        QCOMPARE(colourOf(*go.document, 0, "func"), expected(Token::Keyword));
        QCOMPARE(colourOf(*go.document, 0, "error"), expected(Token::Type));
        QCOMPARE(colourOf(*go.document, 0, "nil"), expected(Token::Number));
        QCOMPARE(colourOf(*go.document, 0, "Println"), expected(Token::Function));
        QCOMPARE(colourOf(*go.document, 0, " }"), QColor()); // raw string ended at the backtick despite the backslash

        Highlighted java(QStringLiteral("java"), QStringLiteral("@Override public String name() { return \"x\"; }"));
        QCOMPARE(colourOf(*java.document, 0, "@Override"), expected(Token::Preprocessor));
        QCOMPARE(colourOf(*java.document, 0, "public"), expected(Token::Keyword));
        QCOMPARE(colourOf(*java.document, 0, "String"), expected(Token::Type));

        Highlighted sh(QStringLiteral("shell"), QStringLiteral("export A=\"$HOME/x\" # set\necho a#b ${A} 'no $x'"));
        QCOMPARE(colourOf(*sh.document, 0, "export"), expected(Token::Keyword));
        QCOMPARE(colourOf(*sh.document, 0, "# set"), expected(Token::Comment));
        QCOMPARE(colourOf(*sh.document, 1, "echo"), expected(Token::Function));
        QCOMPARE(colourOf(*sh.document, 1, "#b"), QColor()); // not a comment inside a word
        QCOMPARE(colourOf(*sh.document, 1, "${A}"), expected(Token::Variable));
        QCOMPARE(colourOf(*sh.document, 1, "$x"), expected(Token::String));

        Highlighted json(QStringLiteral("json"), QStringLiteral("{\"key\": \"value\", \"n\": -1.5, \"ok\": true}"));
        QCOMPARE(colourOf(*json.document, 0, "\"key\""), expected(Token::Property));
        QCOMPARE(colourOf(*json.document, 0, "\"value\""), expected(Token::String));
        QCOMPARE(colourOf(*json.document, 0, "1.5"), expected(Token::Number));
        QCOMPARE(colourOf(*json.document, 0, "true"), expected(Token::Number));

        Highlighted sql(QStringLiteral("SQL"), QStringLiteral("SELECT name FROM t WHERE id = 'a''b' -- c\nselect count(*)"));
        QCOMPARE(colourOf(*sql.document, 0, "SELECT"), expected(Token::Keyword));
        QCOMPARE(colourOf(*sql.document, 0, "FROM"), expected(Token::Keyword));
        QCOMPARE(colourOf(*sql.document, 0, "name"), QColor());
        QCOMPARE(colourOf(*sql.document, 0, "'a'"), expected(Token::String));
        QCOMPARE(colourOf(*sql.document, 0, "-- c"), expected(Token::Comment));
        QCOMPARE(colourOf(*sql.document, 1, "select"), expected(Token::Keyword));
        QCOMPARE(colourOf(*sql.document, 1, "count"), expected(Token::Function));
    }

    void darkPalette()
    {
        Highlighted h(QStringLiteral("python"), QStringLiteral("def f(): pass"), true);
        QCOMPARE(colourOf(*h.document, 0, "def"), expected(Token::Keyword, true));
        h.highlighter->setDark(false);
        QCOMPARE(colourOf(*h.document, 0, "def"), expected(Token::Keyword, false));
    }

    void aliases_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QString>("language");
        const QList<std::pair<const char*, const char*>> cases{
            {"c", "c"},         {"h", "c"},          {"cpp", "cpp"},        {"C++", "cpp"},     {"hpp", "cpp"},
            {"python", "python"}, {"py", "python"},  {"Python3", "python"}, {"{.python}", "python"},
            {"javascript", "javascript"}, {"js", "javascript"}, {"jsx", "javascript"}, {"typescript", "typescript"},
            {"ts", "typescript"}, {"rust", "rust"},  {"rs", "rust"},        {"go", "go"},       {"golang", "go"},
            {"java", "java"},   {"bash", "bash"},    {"sh", "bash"},        {"shell", "bash"},  {"zsh", "bash"},
            {"json", "json"},   {"jsonc", "json"},   {"sql", "sql"},        {"sqlite", "sql"},  {"postgresql", "sql"},
            {"brainfuck", ""},  {"", ""},            {"text", ""},
        };
        for (const auto& [name, language] : cases)
            QTest::newRow(name) << QString::fromUtf8(name) << QString::fromUtf8(language);
    }

    void aliases()
    {
        QFETCH(QString, name);
        QFETCH(QString, language);
        const auto* found = findCodeLanguage(name);
        QCOMPARE(found ? found->name : QString(), language);
    }

    void unknownLanguageColoursNothing()
    {
        Highlighted h(QStringLiteral("brainfuck"), QStringLiteral("if x: # y\n\"s\" 12"));
        for (int line = 0; line < h.document->blockCount(); ++line)
            QVERIFY(h.document->findBlockByNumber(line).layout()->formats().isEmpty());
    }

    void highlightingIsFast()
    {
        QString code;
        for (int i = 0; i < 2000; ++i)
            code += QStringLiteral("    if (value_%1 > 0x%1) { total += compute(\"item %1\", %1.5); } // step %1\n").arg(i);
        QElapsedTimer timer;
        timer.start();
        Highlighted h(QStringLiteral("cpp"), code);
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        qInfo("highlighting 2000 lines (%lld KB) of C++: %.1f ms", qlonglong(code.size() / 1024), ms);
        QCOMPARE(colourOf(*h.document, 1999, "if"), expected(Token::Keyword));
        QCOMPARE(colourOf(*h.document, 1999, "// step"), expected(Token::Comment));
        QVERIFY2(ms < 2000, "highlighting is far too slow");
    }

    // The QML element on a real TextEdit's document, and it lets go of the
    // colours when the language becomes one it does not know.
    void qmlElementOnTextEdit()
    {
        QQmlEngine engine;
        QQmlComponent component(&engine);
        component.setData("import QtQuick\nTextEdit { textFormat: TextEdit.PlainText; text: 'def f(): # c\\n  pass' }",
                          QUrl());
        std::unique_ptr<QObject> edit(component.create());
        QVERIFY2(edit, qPrintable(component.errorString()));
        auto* textDocument = edit->property("textDocument").value<QQuickTextDocument*>();
        QVERIFY(textDocument);
        const QTextDocument& d = *textDocument->textDocument();

        CodeHighlighter highlighter;
        QSignalSpy languageChanged(&highlighter, &CodeHighlighter::languageChanged);
        highlighter.setDocument(textDocument);
        QCOMPARE(colourOf(d, 0, "def"), QColor()); // no language yet
        highlighter.setLanguage(QStringLiteral("python"));
        QVERIFY(highlighter.supported());
        QCOMPARE(colourOf(d, 0, "def"), expected(Token::Keyword));
        QCOMPARE(colourOf(d, 0, "# c"), expected(Token::Comment));

        highlighter.setDark(true);
        QCOMPARE(colourOf(d, 0, "def"), expected(Token::Keyword, true));

        // Streaming appends re-colour the new text.
        edit->setProperty("text", edit->property("text").toString() + QStringLiteral("\nreturn 1"));
        QCOMPARE(colourOf(d, 2, "return"), expected(Token::Keyword, true));

        highlighter.setLanguage(QStringLiteral("klingon"));
        QVERIFY(!highlighter.supported());
        QCOMPARE(colourOf(d, 0, "def"), QColor());
        QCOMPARE(languageChanged.size(), 2);
    }

    // Both types reach QML through the Hearth module, as the chat page uses them.
    void typesAreRegisteredInTheHearthModule()
    {
        QQmlEngine engine;
        engine.addImportPath(QStringLiteral("qrc:/")); // where the module's qmldir is
        QQmlComponent component(&engine);
        component.setData(R"(
            import QtQuick
            import Hearth
            Item {
                property alias blockCount: blocks.count
                property string lastKind: blocks.count > 1 ? blocks.itemAt(1).kind : ""
                property string lastLanguage: blocks.count > 1 ? blocks.itemAt(1).language : ""
                property alias supported: highlighter.supported
                Repeater {
                    id: blocks
                    model: MessageBlocksModel { text: "Try <b>this</b>:\n```py\nx = 1\n" }
                    delegate: Item {
                        required property string kind
                        required property string language
                        required property string displayText
                        required property bool closed
                    }
                }
                TextEdit { id: code; text: "def f(): pass" }
                CodeHighlighter { id: highlighter; document: code.textDocument; language: blocks.count > 1 ? blocks.itemAt(1).language : "" }
            })", QUrl());
        std::unique_ptr<QObject> root(component.create());
        QVERIFY2(root, qPrintable(component.errorString()));
        QCOMPARE(root->property("blockCount").toInt(), 2);
        QCOMPARE(root->property("lastKind").toString(), QStringLiteral("code"));
        QCOMPARE(root->property("lastLanguage").toString(), QStringLiteral("py"));
        QVERIFY(root->property("supported").toBool());
    }

    // A history message with a long code block gets its colours in one batch:
    // QSyntaxHighlighter::rehighlight() took 1.2 s here for 2,000 lines.
    void attachingToLongTextEditIsFast()
    {
        QString code;
        for (int i = 0; i < 2000; ++i)
            code += QStringLiteral("    if (value_%1 > 0x%1) { total += compute(\"item %1\", %1.5); } // step %1\n").arg(i);
        QQmlEngine engine;
        QQmlComponent component(&engine);
        component.setData("import QtQuick\nTextEdit { width: 600; textFormat: TextEdit.PlainText }", QUrl());
        std::unique_ptr<QObject> edit(component.create());
        QVERIFY2(edit, qPrintable(component.errorString()));
        edit->setProperty("text", code);
        auto* textDocument = edit->property("textDocument").value<QQuickTextDocument*>();

        CodeHighlighter highlighter;
        highlighter.setDocument(textDocument);
        QElapsedTimer timer;
        timer.start();
        highlighter.setLanguage(QStringLiteral("cpp"));
        const double ms = double(timer.nsecsElapsed()) / 1e6;
        qInfo("colouring a 2000-line TextEdit: %.1f ms", ms);
        QCOMPARE(colourOf(*textDocument->textDocument(), 1999, "if"), expected(Token::Keyword));
        QCOMPARE(edit->property("text").toString(), code);
        QVERIFY2(ms < 1000, "attaching fell back to the slow per-line rehighlight");
    }
};

QTEST_MAIN(CodeHighlighterTest)
#include "test_code_highlighter.moc"
