// The template language feature by feature. data/templates/features.jsonl
// holds small templates with the output Python's jinja2 gives them (set up as
// Hugging Face does; regenerate with generate_features.py there); the other
// tests cover what Python cannot judge for us: error messages with lines,
// lenient undefined, inputs, defaults, limits and thread safety.

#include "test_chat_template_util.h"

#include "hearth/chat_template.h"

#include <QDateTime>
#include <QtTest>

#include <thread>

using namespace hearth;

namespace {

constexpr const char* kNow = "2025-03-14T09:26:53"; // a Friday

std::string render(const std::string& source, nlohmann::ordered_json extra = nlohmann::ordered_json::object())
{
    ChatTemplateInputs in;
    in.extra = std::move(extra);
    in.now = kNow;
    return ChatTemplate(source).render(in);
}

// The message of the Error that parsing or rendering `source` throws.
std::string errorOf(const std::string& source)
{
    try {
        render(source);
    } catch (const TemplateError& e) {
        return std::string("raised: ") + e.what();
    } catch (const Error& e) {
        return e.what();
    }
    return "(no error)";
}

nlohmann::ordered_json conversation()
{
    return nlohmann::ordered_json::parse(R"([
        {"role": "system", "content": "Be brief."},
        {"role": "user", "content": "Hi"},
        {"role": "assistant", "content": "Hello!"},
        {"role": "user", "content": [{"type": "image"}, {"type": "text", "text": "What is this?"}]}
    ])");
}

} // namespace

class TestChatTemplateFeatures : public QObject {
    Q_OBJECT

private slots:
    void matchesPythonJinja_data()
    {
        QTest::addColumn<int>("index");
        features_ = hearth::test::readJsonLines(HEARTH_TEST_DATA_DIR "/templates/features.jsonl");
        for (size_t i = 0; i < features_.size(); ++i)
            QTest::newRow(features_[i].at("name").get<std::string>().c_str()) << int(i);
    }

    void matchesPythonJinja()
    {
        QFETCH(int, index);
        const auto& f = features_.at(size_t(index));
        const std::string source = f.at("template").get<std::string>();
        if (!f.at("error").is_null()) {
            QCOMPARE(errorOf(source), "raised: " + f.at("error").get<std::string>());
            return;
        }
        std::string out;
        try {
            out = render(source, f.at("vars"));
        } catch (const Error& e) {
            QFAIL(e.what());
        }
        HEARTH_COMPARE_TEXT(out, f.at("expected").get<std::string>());
    }

    void syntaxErrorsNameTheLine_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("message");
        QTest::newRow("unclosed if") << "a\n{% if x %}\nb"
                                     << "chat template line 3: unexpected end of template: the {% if %} on line 2 is "
                                        "never closed with {% endif %}";
        QTest::newRow("stray endfor") << "\n\n{% endfor %}"
                                      << "chat template line 3: unexpected 'endfor' without a matching opening tag";
        QTest::newRow("unknown tag") << "{% frobnicate %}" << "chat template line 1: unknown tag 'frobnicate'";
        QTest::newRow("bad expression") << "x\n{{ 1 + }}" << "chat template line 2: unexpected end of print statement '}}'";
        QTest::newRow("unclosed print") << "{{ x" << "chat template line 1: unexpected end of template: '{{' is never closed with '}}'";
        QTest::newRow("unclosed comment") << "\n{# note" << "chat template line 2: unexpected end of template: the comment opened here is never closed";
        QTest::newRow("unterminated string") << "{{ 'abc }}" << "chat template line 1: unterminated string literal";
        QTest::newRow("bad bracket") << "{{ (1] }}" << "chat template line 1: unexpected ']'";
        QTest::newRow("break outside loop") << "{% break %}" << "chat template line 1: 'break' outside of a loop";
        QTest::newRow("include") << "{% include 'x' %}" << "chat template line 1: 'include' is not supported in chat templates";
        QTest::newRow("chained tests") << "{{ x is defined is none }}"
                                       << "chat template line 1: cannot chain multiple tests with 'is'";
        QTest::newRow("line after multiline string") << "{{ 'a\nb' }}\n{% endif %}"
                                                     << "chat template line 3: unexpected 'endif' without a matching opening tag";
    }

    void syntaxErrorsNameTheLine()
    {
        QFETCH(QString, source);
        QFETCH(QString, message);
        try {
            ChatTemplate tmpl(source.toStdString());
            QFAIL("expected a syntax error");
        } catch (const Error& e) {
            QCOMPARE(QString::fromUtf8(e.what()), message);
        }
    }

    void renderErrorsNameTheLine_data()
    {
        QTest::addColumn<QString>("source");
        QTest::addColumn<QString>("message");
        QTest::newRow("unknown filter") << "line1\n\n{{ 'x' | foo }}" << "chat template line 3: unknown filter 'foo'";
        QTest::newRow("unknown test") << "{% if x is frob %}{% endif %}" << "chat template line 1: unknown test 'frob'";
        QTest::newRow("method on undefined") << "\n{{ nothing.strip() }}" << "chat template line 2: 'nothing' is undefined";
        QTest::newRow("unknown method") << "{{ 'a'.nope() }}" << "chat template line 1: 'str object' has no attribute 'nope'";
        QTest::newRow("str plus int") << "{% set x = 'a' %}\n{{ x + 1 }}"
                                      << "chat template line 2: can only concatenate str (not \"int\") to str";
        QTest::newRow("undefined arithmetic") << "{{ n + 1 }}" << "chat template line 1: 'n' is undefined";
        QTest::newRow("division by zero") << "{{ 1 // 0 }}" << "chat template line 1: integer division or modulo by zero";
        QTest::newRow("order mixed") << "{{ [1, 'a']|sort }}"
                                     << "chat template line 1: '<' not supported between instances of 'str' and 'int'";
        QTest::newRow("iterate none") << "{% for x in none %}{% endfor %}" << "chat template line 1: 'NoneType' object is not iterable";
        QTest::newRow("in none") << "{{ 'a' in none }}" << "chat template line 1: argument of type 'NoneType' is not iterable";
        QTest::newRow("len of int") << "{{ 5|length }}" << "chat template line 1: object of type 'int' has no len()";
        QTest::newRow("tojson undefined") << "{{ x|tojson }}" << "chat template line 1: Object of type Undefined is not JSON serializable";
        QTest::newRow("bad filter arg") << "{{ 'a'|replace('a') }}" << "chat template line 1: replace() missing required argument 'new'";
        QTest::newRow("unexpected kwarg") << "{{ 'a'|trim(foo=1) }}" << "chat template line 1: trim() got an unexpected keyword argument 'foo'";
        QTest::newRow("set attr on dict") << "{% set d = {} %}{% set d.x = 1 %}"
                                          << "chat template line 1: cannot assign attribute on non-namespace object";
        QTest::newRow("unpack") << "{% for a, b in [[1, 2, 3]] %}{% endfor %}"
                                << "chat template line 1: too many values to unpack (expected 2)";
        QTest::newRow("not callable") << "{{ 'a'() }}" << "chat template line 1: 'str' object is not callable";
        QTest::newRow("error inside macro") << "{% macro m() %}\n{{ 1 / 0 }}\n{% endmacro %}{{ m() }}"
                                            << "chat template line 2: division by zero";
        QTest::newRow("runaway recursion") << "{% macro m() %}{{ m() }}{% endmacro %}{{ m() }}"
                                           << "chat template line 1: maximum macro recursion depth exceeded in 'm'";
        QTest::newRow("self-containing list") << "{% set l = [] %}{% set _ = l.append(l) %}{{ l }}"
                                              << "chat template line 1: value nested too deeply (does a list contain itself?)";
        QTest::newRow("huge range") << "{{ range(1000000)|length }}"
                                    << "chat template line 1: Range too big. The sandbox blocks ranges larger than MAX_RANGE (100000).";
    }

    void renderErrorsNameTheLine()
    {
        QFETCH(QString, source);
        QFETCH(QString, message);
        QCOMPARE(QString::fromStdString(errorOf(source.toStdString())), message);
    }

    void raiseExceptionGivesTheMessageVerbatim()
    {
        const ChatTemplate tmpl("{% if messages|length > 1 %}{{ raise_exception('Only one message, please!') }}{% endif %}ok");
        ChatTemplateInputs in;
        in.messages = conversation();
        try {
            tmpl.render(in);
            QFAIL("expected TemplateError");
        } catch (const TemplateError& e) {
            QCOMPARE(std::string(e.what()), std::string("Only one message, please!"));
        }
        // TemplateError is an Error, so callers that only know Error still catch it.
        static_assert(std::is_base_of_v<Error, TemplateError>);
        in.messages = nlohmann::ordered_json::array({conversation()[1]});
        QCOMPARE(tmpl.render(in), std::string("ok"));
    }

    void undefinedIsLenient()
    {
        // Unlike jinja2, attributes of undefined values are undefined again,
        // so optional nested fields can be probed without `is defined` chains.
        QCOMPARE(render("[{{ a.b.c }}][{{ a.b.c is defined }}][{{ a['x'].y|default('d') }}]"), std::string("[][False][d]"));
        ChatTemplateInputs in;
        in.messages = nlohmann::ordered_json::array();
        QCOMPARE(ChatTemplate("[{{ messages[0].content }}][{{ messages[0]['role'] == 'system' }}]").render(in),
            std::string("[][False]"));
    }

    void tokensAndDefaultsInContext()
    {
        const ChatTemplate tmpl("{{ bos_token is defined }}{{ eos_token is defined }}|{{ bos_token }}{{ eos_token }}|"
                                "{{ tools is none }}{{ documents is none }}{{ add_generation_prompt }}");
        ChatTemplateInputs in;
        QCOMPARE(tmpl.render(in), std::string("FalseFalse||TrueTrueTrue"));
        in.bosToken = "<s>";
        in.eosToken = "";
        in.addGenerationPrompt = false;
        QCOMPARE(tmpl.render(in), std::string("TrueTrue|<s>|TrueTrueFalse"));
        in.extra = {{"tools", {{{"name", "t"}}}}, {"custom", "v"}};
        QCOMPARE(ChatTemplate("{{ tools[0].name }}{{ custom }}").render(in), std::string("tv"));
    }

    void inputKeyOrderIsKept()
    {
        ChatTemplateInputs in;
        in.messages = nlohmann::ordered_json::parse(R"([{"role": "user", "z": 1, "content": "x", "a": {"y": 2, "b": [1.5, null]}}])");
        QCOMPARE(ChatTemplate("{{ messages[0]|tojson }}|{{ messages[0] }}").render(in),
            std::string(R"({"role": "user", "z": 1, "content": "x", "a": {"y": 2, "b": [1.5, null]}}|)"
                        R"({'role': 'user', 'z': 1, 'content': 'x', 'a': {'y': 2, 'b': [1.5, None]}})"));
    }

    void huggingFaceExtensionsAndStatements()
    {
        QCOMPARE(render("{% generation %}{% set x = 1 %}gen{% endgeneration %}[{{ x }}]"), std::string("gen[]"));
        QCOMPARE(render("{% set xs = [] %}{% do xs.append(1) %}{% do xs.extend([2, 3]) %}{{ xs }}"), std::string("[1, 2, 3]"));
        QCOMPARE(render("{% set j = joiner('+') %}{% for i in [1, 2, 3] %}{{ j() }}{{ i }}{% endfor %}"), std::string("1+2+3"));
        QCOMPARE(render("{% macro m() %}x{% endmacro %}{{ m is callable }}{{ m() is string }}"), std::string("TrueTrue"));
    }

    void strftimeNow_data()
    {
        QTest::addColumn<QString>("format");
        QTest::addColumn<QString>("expected");
        QTest::newRow("llama 3.2") << "%d %b %Y" << "14 Mar 2025";
        QTest::newRow("iso") << "%Y-%m-%d" << "2025-03-14";
        QTest::newRow("names") << "%A %a %B %b %h" << "Friday Fri March Mar Mar";
        QTest::newRow("no padding") << "%-d/%-m %-H:%M" << "14/3 9:26";
        QTest::newRow("space padding") << "[%e][%_H]" << "[14][ 9]";
        QTest::newRow("12 hour") << "%I:%M %p" << "09:26 AM";
        QTest::newRow("composites") << "%F %T %D %R" << "2025-03-14 09:26:53 03/14/25 09:26";
        QTest::newRow("day of year and week") << "%j %U %W %w %u" << "073 10 10 5 5";
        QTest::newRow("upper flag") << "%^a %^B" << "FRI MARCH";
        QTest::newRow("literal") << "100%% at %c" << "100% at Fri Mar 14 09:26:53 2025";
        QTest::newRow("unknown directive") << "%Q" << "%Q";
    }

    void strftimeNow()
    {
        QFETCH(QString, format);
        QFETCH(QString, expected);
        QCOMPARE(QString::fromStdString(render("{{ strftime_now(f) }}", {{"f", format.toStdString()}})), expected);
    }

    void strftimeNowDefaultsToLocalTime()
    {
        ChatTemplateInputs in;
        const std::string year = ChatTemplate("{{ strftime_now('%Y-%m-%d') }}").render(in);
        QCOMPARE(QString::fromStdString(year), QDate::currentDate().toString(QStringLiteral("yyyy-MM-dd")));
        in.now = "14 March";
        try {
            ChatTemplate("x").render(in);
            QFAIL("expected a bad `now` to be refused");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).find("ISO-8601") != std::string::npos);
        }
    }

    void hostileTemplatesFailCleanly()
    {
        const std::string parens = "{{ " + std::string(5000, '(') + "1" + std::string(5000, ')') + " }}";
        QCOMPARE(errorOf(parens), std::string("chat template line 1: the template nests too deeply"));
        std::string ifs;
        for (int i = 0; i < 1000; ++i)
            ifs += "{% if true %}";
        QCOMPARE(errorOf(ifs), std::string("chat template line 1: the template nests too deeply"));
        // Malformed UTF-8 in inputs is carried through, never crashes.
        const std::string bad = "a\xff\xfe" "b";
        QCOMPARE(render("{{ s|length }}|{{ s|upper }}|{{ s[::-1]|length }}", {{"s", bad}}),
            std::string("4|A\xff\xfe" "B|4"));
    }

    void copiesShareTheParsedTemplateAcrossThreads()
    {
        ChatTemplate original(defaultChatTemplate("qwen3"));
        ChatTemplate copy = original;
        ChatTemplate moved = std::move(original);
        ChatTemplateInputs in;
        in.messages = conversation();
        const std::string expected = copy.render(in);
        QCOMPARE(moved.render(in), expected);
        std::vector<std::string> results(4);
        std::vector<std::thread> threads;
        for (size_t t = 0; t < results.size(); ++t)
            threads.emplace_back([&, t] {
                for (int i = 0; i < 50; ++i)
                    results[t] = copy.render(in);
            });
        for (auto& thread : threads)
            thread.join();
        for (const auto& r : results)
            QCOMPARE(r, expected);
    }

private:
    std::vector<nlohmann::ordered_json> features_;
};

QTEST_APPLESS_MAIN(TestChatTemplateFeatures)
#include "test_chat_template_features.moc"
