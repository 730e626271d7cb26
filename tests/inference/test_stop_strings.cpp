// StopStringFilter (hearth/stop_strings.h): stop strings spanning pieces,
// no partial stop string or UTF-8 character ever emitted, and output that
// does not depend on how the input is split (every split point, and every
// split into single bytes).

#include "hearth/stop_strings.h"

#include <QtTest>

#include <string>
#include <vector>

using namespace hearth;

namespace {

struct Run {
    std::string text;       // everything emitted, flush included
    bool stopped = false;
    std::vector<std::string> emitted; // each non-empty emission, in order
};

Run feedPieces(const std::vector<std::string>& stops, const std::vector<std::string>& pieces)
{
    StopStringFilter filter(stops);
    Run run;
    for (const std::string& piece : pieces) {
        const StopStringFilter::Result r = filter.feed(piece);
        if (!r.text.empty())
            run.emitted.push_back(r.text);
        run.text += r.text;
        if (r.stopped) {
            run.stopped = true;
            break;
        }
    }
    const std::string rest = filter.flush();
    if (!rest.empty())
        run.emitted.push_back(rest);
    run.text += rest;
    return run;
}

// True when `s` is whole UTF-8 characters (assuming valid UTF-8 input).
bool wholeCharacters(const std::string& s)
{
    std::size_t i = 0;
    while (i < s.size()) {
        const auto lead = static_cast<unsigned char>(s[i]);
        const std::size_t len = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        if (i + len > s.size())
            return false;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80)
                return false;
        i += len;
    }
    return true;
}

} // namespace

class TestStopStrings : public QObject {
    Q_OBJECT

private slots:
    void cases_data()
    {
        QTest::addColumn<QStringList>("stops");
        QTest::addColumn<QString>("input");
        QTest::addColumn<QString>("expected");
        QTest::addColumn<bool>("stopped");
        QTest::newRow("no stops") << QStringList{} << "Hello world" << "Hello world" << false;
        QTest::newRow("no match") << QStringList{"<|im_end|>"} << "Hello <|im_start|> world"
                                  << "Hello <|im_start|> world" << false;
        QTest::newRow("match in the middle") << QStringList{"<|im_end|>"} << "Hi there<|im_end|>ignored"
                                             << "Hi there" << true;
        QTest::newRow("match at start") << QStringList{"STOP"} << "STOP now" << "" << true;
        QTest::newRow("partial at end is flushed") << QStringList{"<|im_end|>"} << "Done <|im_e" << "Done <|im_e"
                                                   << false;
        QTest::newRow("overlapping prefix") << QStringList{"abab"} << "xabaabab!" << "xaba" << true;
        QTest::newRow("first completed wins") << QStringList{"abcd", "bc"} << "abcd" << "a" << true;
        QTest::newRow("same end, longer wins") << QStringList{"cd", "bcd"} << "abcd" << "a" << true;
        QTest::newRow("newline user") << QStringList{"\nUser:"} << "Answer.\nUse it\nUser: next"
                                      << "Answer.\nUse it" << true;
        QTest::newRow("empty stop ignored") << QStringList{""} << "text" << "text" << false;
        QTest::newRow("utf8 text") << QStringList{"。"} << "日本語のテキスト。続き" << "日本語のテキスト" << true;
        QTest::newRow("utf8 stop shares lead bytes") << QStringList{"😀!"} << "a😀b😀!c" << "a😀b" << true;
        QTest::newRow("emoji no stop") << QStringList{"zz"} << "é😀ü中" << "é😀ü中" << false;
    }

    // Every way of cutting the input in two, and every single byte apart,
    // gives the same output; no emission is a partial UTF-8 character or
    // contains a stop string.
    void cases()
    {
        QFETCH(QStringList, stops);
        QFETCH(QString, input);
        QFETCH(QString, expected);
        QFETCH(bool, stopped);
        std::vector<std::string> stopList;
        for (const QString& s : stops)
            stopList.push_back(s.toStdString());
        const std::string text = input.toStdString();
        const std::string want = expected.toStdString();

        std::vector<std::vector<std::string>> splits;
        splits.push_back({text});
        for (std::size_t cut = 0; cut <= text.size(); ++cut)
            splits.push_back({text.substr(0, cut), text.substr(cut)});
        std::vector<std::string> bytes;
        for (char c : text)
            bytes.emplace_back(1, c);
        splits.push_back(bytes);
        // Three pieces: every pair of cut points.
        for (std::size_t a = 0; a <= text.size(); ++a)
            for (std::size_t b = a; b <= text.size(); ++b)
                splits.push_back({text.substr(0, a), text.substr(a, b - a), text.substr(b)});

        for (const auto& pieces : splits) {
            const Run run = feedPieces(stopList, pieces);
            QCOMPARE(run.text, want);
            QCOMPARE(run.stopped, stopped);
            for (const std::string& e : run.emitted) {
                QVERIFY2(wholeCharacters(e), e.c_str());
                for (const std::string& stop : stopList)
                    if (!stop.empty())
                        QVERIFY2(e.find(stop) == std::string::npos, e.c_str());
            }
        }
    }

    // What may be a stop string's start is held back, and released once it
    // cannot be one any more.
    void holdsBackPrefixes()
    {
        StopStringFilter f({"<|im_end|>"});
        QCOMPARE(f.feed("Hello <|im").text, std::string("Hello "));
        QCOMPARE(f.feed("_start").text, std::string("<|im_start"));
        QCOMPARE(f.feed("|> x <").text, std::string("|> x "));
        const auto r = f.feed("|im_end|> tail");
        QCOMPARE(r.text, std::string(""));
        QVERIFY(r.stopped);
        QVERIFY(f.stopped());
        QVERIFY(f.feed("more").stopped);
        QCOMPARE(f.feed("more").text, std::string());
        QCOMPARE(f.flush(), std::string());
    }

    // A split UTF-8 character is held until complete, even with no stops.
    void holdsBackPartialCharacters()
    {
        StopStringFilter f({});
        const std::string euro = "\xE2\x82\xAC"; // U+20AC, three bytes
        QCOMPARE(f.feed("a\xE2").text, std::string("a"));
        QCOMPARE(f.feed("\x82").text, std::string());
        QCOMPARE(f.feed("\xAC").text, euro);
        // Invalid bytes are passed through, not held forever.
        QCOMPARE(f.feed("\x80\x80").text, std::string("\x80\x80"));
        QCOMPARE(f.feed("\xE2").text, std::string());
        QCOMPARE(f.flush(), std::string("\xE2"));
    }
};

QTEST_GUILESS_MAIN(TestStopStrings)
#include "test_stop_strings.moc"
