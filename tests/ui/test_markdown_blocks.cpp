// Splitting streamed Markdown into text and fenced code blocks, escaping raw
// HTML for Qt's Markdown importer, and the incremental list model the chat's
// message delegates bind to.

#include "text/markdown_blocks.h"
#include "text/message_blocks_model.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTextBlock>
#include <QTextDocument>
#include <QtTest>

#include <algorithm>
#include <limits>

using hearth::ui::MarkdownBlock;
using hearth::ui::MessageBlocksModel;
using hearth::ui::markdownForDisplay;
using hearth::ui::splitMarkdownBlocks;

namespace {

// One readable line per block, so that a failed QCOMPARE shows what differs.
QString describe(const QList<MarkdownBlock>& blocks)
{
    QStringList parts;
    for (const MarkdownBlock& block : blocks) {
        QString text = block.text;
        text.replace(u'\n', QStringLiteral("\\n"));
        if (block.kind == MarkdownBlock::Markdown)
            parts << QStringLiteral("md[%1]").arg(text);
        else
            parts << QStringLiteral("code(%1,%2)[%3]").arg(block.language, block.closed ? u"closed" : u"open", text);
    }
    return parts.join(u" | ");
}

QString describeModel(const MessageBlocksModel& model)
{
    QList<MarkdownBlock> blocks;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QModelIndex index = model.index(row);
        MarkdownBlock block;
        block.kind = index.data(MessageBlocksModel::KindRole).toString() == u"code" ? MarkdownBlock::Code
                                                                                    : MarkdownBlock::Markdown;
        block.text = index.data(MessageBlocksModel::TextRole).toString();
        block.language = index.data(MessageBlocksModel::LanguageRole).toString();
        block.closed = index.data(MessageBlocksModel::ClosedRole).toBool();
        blocks << block;
    }
    return describe(blocks);
}

// An answer that exercises every kind of fence, used for the streaming tests.
const QString kTrickyAnswer = QStringLiteral(
    "Here is **some** text with `inline` code and a <b>tag</b>.\n"
    "\n"
    "```python\n"
    "def f(x):\n"
    "    return x ** 2  # square\n"
    "```\n"
    "Between the blocks, ``double`` ticks and ~~struck~~ words.\n"
    "~~~~ js extra words\n"
    "let s = `template`;\n"
    "~~~\n"
    "still js\n"
    "~~~~~\n"
    "\n"
    "  ```\n"
    "  indented fence\n"
    "    keeps relative indent\n"
    "   ```\n"
    "```a``` is not a fence.\n"
    "    ``` four spaces: not a fence\n"
    "```rust\n"
    "fn main() {}\n"
    "```not closing\n"
    "````\n"
    "```\n"
    "\n"
    "The end.");

// About 40 KB of typical answer text: paragraphs, lists and code blocks.
QString longAnswer()
{
    const QString chunk = QStringLiteral(
        "## Step %1\n\nThe function below reads the file and counts the lines. It uses `std::ifstream` and "
        "handles errors by throwing.\n\n- first point about the code\n- second point, with a [link](https://qt.io)\n\n"
        "```cpp\n#include <fstream>\n\nint countLines(const std::string& path)\n{\n    std::ifstream in(path);\n"
        "    int lines = 0;\n    for (std::string line; std::getline(in, line);)\n        ++lines;\n"
        "    return lines;\n}\n```\n\nAfter the code, a short explanation of what it does and why it is written "
        "this way, with a little more text to make the paragraph realistic.\n\n");
    QString text;
    for (int i = 0; text.size() < 40 * 1024; ++i)
        text += chunk.arg(i);
    return text;
}

} // namespace

class MarkdownBlocksTest : public QObject {
    Q_OBJECT

private slots:
    void split_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("expected");

        QTest::newRow("empty") << "" << "";
        QTest::newRow("plain markdown") << "# Title\n\nSome *text*." << "md[# Title\\n\\nSome *text*.]";
        QTest::newRow("code between text")
            << "Intro\n\n```python\nprint('hi')\n```\nAfter"
            << "md[Intro\\n\\n] | code(python,closed)[print('hi')] | md[After]";
        QTest::newRow("language is the first word") << "```rust title=main.rs\nfn main() {}\n```\n"
                                                    << "code(rust,closed)[fn main() {}]";
        QTest::newRow("tilde fence, closing must be as long")
            << "~~~~ js\nx\n~~~\n~~~~\n" << "code(js,closed)[x\\n~~~]";
        QTest::newRow("closing uses the same character") << "```\na\n~~~\n```" << "code(,closed)[a\\n~~~]";
        QTest::newRow("closing fence with info is content")
            << "```\na\n```py\nb" << "code(,open)[a\\n```py\\nb]";
        QTest::newRow("indented fence strips its indent")
            << "  ```\n  a\n    b\nc\n   ```" << "code(,closed)[a\\n  b\\nc]";
        QTest::newRow("four spaces is no fence") << "    ```\ncode" << "md[    ```\\ncode]";
        QTest::newRow("backtick in info: inline span") << "```a``` b\n" << "md[```a``` b\\n]";
        QTest::newRow("blank lines kept in code") << "```\na\n\n\nb\n```" << "code(,closed)[a\\n\\n\\nb]";
        QTest::newRow("empty code block") << "```sh\n```\n" << "code(sh,closed)[]";
        QTest::newRow("blank text between blocks is dropped")
            << "```\na\n```\n\n  \n```\nb\n```\n" << "code(,closed)[a] | code(,closed)[b]";
        QTest::newRow("crlf") << "```py\r\nx\r\n```\r\nok" << "code(py,closed)[x] | md[ok]";

        // Streaming: the text stops anywhere.
        QTest::newRow("unclosed fence") << "Look:\n```py\nx = 1\ny" << "md[Look:\\n] | code(py,open)[x = 1\\ny]";
        QTest::newRow("unclosed fence after newline") << "```py\nx = 1\n" << "code(py,open)[x = 1]";
        QTest::newRow("opening fence, no newline yet") << "Look:\n```" << "md[Look:\\n] | code(,open)[]";
        QTest::newRow("info still arriving") << "Look:\n```pyth" << "md[Look:\\n] | code(,open)[]";
        QTest::newRow("info complete") << "Look:\n```python\n" << "md[Look:\\n] | code(python,open)[]";
        QTest::newRow("two backticks arriving") << "Look:\n``" << "md[Look:\\n] | code(,open)[]";
        QTest::newRow("one backtick stays text") << "Look:\n`" << "md[Look:\\n`]";
        QTest::newRow("two tildes are strikethrough") << "Look:\n~~" << "md[Look:\\n~~]";
        QTest::newRow("inline span on a line") << "Look:\n``x" << "md[Look:\\n``x]";
        QTest::newRow("closing fence arriving is held back") << "```\na\n``" << "code(,open)[a]";
        QTest::newRow("closing fence without newline closes") << "```\na\n```" << "code(,closed)[a]";
        QTest::newRow("shorter run is not the closing fence") << "````\na\n```" << "code(,open)[a]";
    }

    void split()
    {
        QFETCH(QString, text);
        QFETCH(QString, expected);
        QCOMPARE(describe(splitMarkdownBlocks(text)), expected);
    }

    void displayEscapesRawHtml_data()
    {
        QTest::addColumn<QString>("markdown");
        QTest::addColumn<QString>("expected");

        QTest::newRow("tags") << "a <b>bold</b>" << "a \\<b>bold\\</b>";
        QTest::newRow("image") << "<img src=x onerror=y>" << "\\<img src=x onerror=y>";
        QTest::newRow("comment") << "<!-- hidden -->" << "\\<!-- hidden -->";
        QTest::newRow("processing instruction") << "<?php ?>" << "\\<?php ?>";
        QTest::newRow("comparison stays") << "x < y and y > z, 1<2" << "x < y and y > z, 1<2";
        QTest::newRow("code span") << "use `<div>` here" << "use `<div>` here";
        QTest::newRow("double-tick span") << "``a ` <b> `` <i>" << "``a ` <b> `` \\<i>";
        QTest::newRow("unclosed tick") << "` <b>" << "` \\<b>";
        QTest::newRow("span ends at paragraph") << "`a\n\n<b>`" << "`a\n\n\\<b>`";
        QTest::newRow("autolink") << "see <https://qt.io/x?a=1>" << "see <https://qt.io/x?a=1>";
        QTest::newRow("email autolink") << "mail <me@example.org>" << "mail <me@example.org>";
        QTest::newRow("not an autolink") << "<a href=\"x\">" << "\\<a href=\"x\">";
        QTest::newRow("already escaped") << "\\<b>" << "\\<b>";
        QTest::newRow("escaped backslash") << "\\\\<b>" << "\\\\\\<b>";
        QTest::newRow("fenced code") << "```html\n<b>\n```\n<i>" << "```html\n<b>\n```\n\\<i>";
        QTest::newRow("indented code") << "para\n\n    <b>\n" << "para\n\n    <b>\n";
        QTest::newRow("list continuation") << "- item\n\n    <b>x</b>\n" << "- item\n\n    \\<b>x\\</b>\n";
        QTest::newRow("lazy continuation") << "para\n    <b>" << "para\n    \\<b>";
    }

    void displayEscapesRawHtml()
    {
        QFETCH(QString, markdown);
        QFETCH(QString, expected);
        QCOMPARE(markdownForDisplay(markdown), expected);
    }

    // What matters in the end: Qt's importer shows the HTML as text.
    void qtShowsEscapedHtmlLiterally()
    {
        QTextDocument document;
        document.setMarkdown(markdownForDisplay(u"Hello <b>world</b> <https://qt.io> `<i>`"));
        QCOMPARE(document.toPlainText(), QStringLiteral("Hello <b>world</b> https://qt.io <i>"));
        bool sawBold = false;
        bool sawLink = false;
        for (QTextBlock::iterator it = document.firstBlock().begin(); !it.atEnd(); ++it) {
            const QTextCharFormat format = it.fragment().charFormat();
            sawBold = sawBold || format.fontWeight() >= QFont::Bold;
            sawLink = sawLink || format.anchorHref() == u"https://qt.io";
        }
        QVERIFY(!sawBold);
        QVERIFY(sawLink);

        // Without escaping, the same input does turn bold: the test can fail.
        QTextDocument raw;
        raw.setMarkdown(QStringLiteral("Hello <b>world</b>"));
        QVERIFY(!raw.toPlainText().contains(u"<b>"));
    }

    void modelAppendsToOpenCodeBlockInPlace()
    {
        MessageBlocksModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setText(QStringLiteral("Intro\n\n```py\nx = 1\n"));
        QCOMPARE(describeModel(model), QStringLiteral("md[Intro\\n\\n] | code(py,open)[x = 1]"));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

        model.setText(model.text() + QStringLiteral("y = 2\n"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(changed.at(0).at(1).toModelIndex().row(), 1);
        const auto roles = changed.at(0).at(2).value<QList<int>>();
        QVERIFY(roles.contains(MessageBlocksModel::TextRole));
        QVERIFY(!roles.contains(MessageBlocksModel::KindRole));
        QVERIFY(!roles.contains(MessageBlocksModel::LanguageRole));
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(model.index(1).data(MessageBlocksModel::TextRole).toString(), QStringLiteral("x = 1\ny = 2"));

        // Closing the block and writing on: the code row changes its closed
        // flag only, the new text is one inserted row, the intro is untouched.
        changed.clear();
        model.setText(model.text() + QStringLiteral("```\nDone."));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(changed.at(0).at(2).value<QList<int>>(), QList<int>{MessageBlocksModel::ClosedRole});
        QCOMPARE(inserted.size(), 1);
        QCOMPARE(inserted.at(0).at(1).toInt(), 2);
        QCOMPARE(inserted.at(0).at(2).toInt(), 2);
        QCOMPARE(removed.size(), 0);
        QCOMPARE(reset.size(), 0);
        QCOMPARE(model.count(), 3);

        // More text: only the last row.
        changed.clear();
        inserted.clear();
        model.setText(model.text() + QStringLiteral(" More."));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 2);
        QCOMPARE(inserted.size(), 0);
        QCOMPARE(model.index(2).data(MessageBlocksModel::DisplayTextRole).toString(), QStringLiteral("Done. More."));
    }

    void modelReplacesRowWhoseKindChanges()
    {
        MessageBlocksModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setText(QStringLiteral("```\na\n```\nSee\n``"));
        QCOMPARE(describeModel(model), QStringLiteral("code(,closed)[a] | md[See\\n] | code(,open)[]"));

        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
        QSignalSpy countChanged(&model, &MessageBlocksModel::countChanged);
        model.setText(model.text() + QStringLiteral("x`` inline"));
        QCOMPARE(describeModel(model), QStringLiteral("code(,closed)[a] | md[See\\n``x`` inline]"));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed.at(0).at(0).toModelIndex().row(), 1);
        QCOMPARE(removed.size(), 1);
        QCOMPARE(removed.at(0).at(1).toInt(), 2);
        QCOMPARE(countChanged.size(), 1);
    }

    void modelHandlesUnrelatedText()
    {
        MessageBlocksModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy textChanged(&model, &MessageBlocksModel::textChanged);
        model.setText(kTrickyAnswer);
        model.setText(QStringLiteral("Regenerated:\n```js\nx\n```"));
        QCOMPARE(describeModel(model), describe(splitMarkdownBlocks(model.text())));
        model.setText({});
        QCOMPARE(model.rowCount(), 0);
        model.setText({});
        QCOMPARE(textChanged.size(), 3);
    }

    // Streaming one character at a time must end, at every step, exactly where
    // splitting the whole text from scratch ends.
    void modelMatchesFullSplitAtEveryPrefix()
    {
        MessageBlocksModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (qsizetype length = 0; length <= kTrickyAnswer.size(); ++length) {
            const QString prefix = kTrickyAnswer.first(length);
            model.setText(prefix);
            const QString expected = describe(splitMarkdownBlocks(prefix));
            if (describeModel(model) != expected)
                QFAIL(qPrintable(QStringLiteral("after %1 characters:\n  model %2\n  split %3")
                                     .arg(length)
                                     .arg(describeModel(model), expected)));
        }
        QCOMPARE(describeModel(model),
                 QStringLiteral("md[Here is **some** text with `inline` code and a <b>tag</b>.\\n\\n] | "
                                "code(python,closed)[def f(x):\\n    return x ** 2  # square] | "
                                "md[Between the blocks, ``double`` ticks and ~~struck~~ words.\\n] | "
                                "code(js,closed)[let s = `template`;\\n~~~\\nstill js] | "
                                "code(,closed)[indented fence\\n  keeps relative indent] | "
                                "md[```a``` is not a fence.\\n    ``` four spaces: not a fence\\n] | "
                                "code(rust,closed)[fn main() {}\\n```not closing] | code(,open)[\\nThe end.]"));
    }

    void modelMatchesFullSplitWithRandomPieces()
    {
        const QString text = kTrickyAnswer + QStringLiteral("\n```\n") + longAnswer().first(6000);
        QRandomGenerator random(42);
        MessageBlocksModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        qsizetype length = 0;
        while (length < text.size()) {
            length = std::min(text.size(), length + 1 + random.bounded(12));
            model.setText(text.first(length));
        }
        QCOMPARE(describeModel(model), describe(splitMarkdownBlocks(text)));
    }

    // Random fence-heavy text: every prefix streamed into the model matches
    // a full split, code never contains a line that closes its fence, and
    // nothing crashes.
    void randomTextStreamsConsistently()
    {
        const QString alphabet = QStringLiteral("```~~~   \n\n\na<>\\-1.\r\tpy");
        QRandomGenerator random(7);
        for (int round = 0; round < 300; ++round) {
            QString text;
            const int length = int(random.bounded(80));
            for (int i = 0; i < length; ++i)
                text += alphabet.at(random.bounded(alphabet.size()));
            MessageBlocksModel model;
            for (qsizetype prefix = 1; prefix <= text.size(); ++prefix) {
                model.setText(text.first(prefix));
                const QString expected = describe(splitMarkdownBlocks(text.first(prefix)));
                if (describeModel(model) != expected)
                    QFAIL(qPrintable(QStringLiteral("text %1, prefix %2:\n  model %3\n  split %4")
                                         .arg(QString::fromLatin1(text.toUtf8().toPercentEncoding()))
                                         .arg(prefix)
                                         .arg(describeModel(model), expected)));
            }
            for (const MarkdownBlock& block : splitMarkdownBlocks(text))
                QVERIFY(block.kind == MarkdownBlock::Markdown || !block.text.contains(u'\r'));
            QVERIFY(markdownForDisplay(text).size() >= text.size());
        }
    }

    void splittingIsFast()
    {
        const QString text = longAnswer();
        QCOMPARE(splitMarkdownBlocks(text).size(), 2 * text.count(u"```cpp") + 1);
        QElapsedTimer timer;
        qint64 best = std::numeric_limits<qint64>::max();
        for (int run = 0; run < 20; ++run) {
            timer.start();
            const auto blocks = splitMarkdownBlocks(text);
            best = std::min(best, timer.nsecsElapsed());
            QVERIFY(!blocks.isEmpty());
        }
        qInfo("splitMarkdownBlocks of %lld KB: %.3f ms", qlonglong(text.size() / 1024), double(best) / 1e6);
        QVERIFY2(best < 5'000'000, "splitting 40 KB took over 5 ms");

        timer.start();
        const QString display = markdownForDisplay(text);
        qInfo("markdownForDisplay of %lld KB: %.3f ms", qlonglong(text.size() / 1024), double(timer.nsecsElapsed()) / 1e6);
        QVERIFY(display.size() >= text.size());
    }

    // 10,000 streamed pieces of a 40 KB answer: each append rescans only the tail.
    void streamingIntoModelIsFast()
    {
        const QString text = longAnswer();
        MessageBlocksModel model;
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        const qsizetype pieces = 10'000;
        QElapsedTimer timer;
        timer.start();
        for (qsizetype i = 1; i <= pieces; ++i)
            model.setText(text.first(text.size() * i / pieces));
        const double totalMs = double(timer.nsecsElapsed()) / 1e6;
        qInfo("10,000 appends to a 40 KB answer: %.1f ms in all, %.1f us each", totalMs, totalMs * 1000 / pieces);
        QCOMPARE(describeModel(model), describe(splitMarkdownBlocks(text)));
        QVERIFY(changed.size() <= pieces);
        QVERIFY2(totalMs < 5000, "streaming into the model is far too slow");
    }
};

QTEST_MAIN(MarkdownBlocksTest)
#include "test_markdown_blocks.moc"
