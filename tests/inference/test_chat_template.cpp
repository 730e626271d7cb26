// Chat templates against the shared reference renderings: every case of
// templates/cases.jsonl must match Python's jinja2 byte for byte (or fail with
// the same raise_exception message), and the same templates with tools, tool
// calls, reasoning and content parts must match the hashes in
// data/templates/shared_renders.jsonl (see generate_shared.py there).

#include "fixtures.h"
#include "test_chat_template_util.h"

#include "hearth/chat_template.h"
#include "hearth/reasoning.h"

#include <QCryptographicHash>
#include <QDir>
#include <QtTest>

#include <map>

using namespace hearth;
using hearth::test::readJsonLines;
using hearth::test::readTextFile;

namespace {

// Python reports raise_exception() as "TemplateError: <message>"; ours is a
// hearth::TemplateError whose what() is the message alone.
constexpr std::string_view kPythonErrorPrefix = "TemplateError: ";

std::string templatePath(const std::string& name)
{
    return hearth::test::sharedPath(QStringLiteral("templates/") + QString::fromStdString(name)).toStdString();
}

ChatTemplateInputs inputsFrom(const nlohmann::ordered_json& c, const nlohmann::ordered_json& tokens)
{
    ChatTemplateInputs in;
    in.messages = c.at("messages");
    in.addGenerationPrompt = c.at("add_generation_prompt").get<bool>();
    if (!tokens.at("bos_token").is_null())
        in.bosToken = tokens.at("bos_token").get<std::string>();
    if (!tokens.at("eos_token").is_null())
        in.eosToken = tokens.at("eos_token").get<std::string>();
    in.extra = c.at("extra");
    in.now = c.at("now").get<std::string>();
    return in;
}

} // namespace

class TestChatTemplate : public QObject {
    Q_OBJECT

private slots:
    void referenceCases_data()
    {
        QTest::addColumn<int>("index");
        cases_.clear();
        const QString path = hearth::test::sharedPath(QStringLiteral("templates/cases.jsonl"));
        if (!QFileInfo::exists(path)) {
            QTest::newRow("fixture missing") << -1;
            return;
        }
        cases_ = readJsonLines(path.toStdString());
        for (size_t i = 0; i < cases_.size(); ++i) {
            const std::string name = std::to_string(i + 1) + " " + cases_[i].at("template").get<std::string>();
            QTest::newRow(name.c_str()) << int(i);
        }
    }

    void referenceCases()
    {
        QFETCH(int, index);
        if (index < 0) {
            HEARTH_REQUIRE_SHARED(unused, "templates/cases.jsonl");
            Q_UNUSED(unused);
            return;
        }
        const auto& c = cases_.at(size_t(index));
        const ChatTemplate tmpl(readTextFile(templatePath(c.at("template").get<std::string>())));
        const ChatTemplateInputs in = inputsFrom(c, c);
        if (!c.at("error").is_null()) {
            std::string expected = c.at("error").get<std::string>();
            QVERIFY(expected.starts_with(kPythonErrorPrefix));
            expected.erase(0, kPythonErrorPrefix.size());
            try {
                const std::string out = tmpl.render(in);
                QFAIL(("expected the template to raise \"" + expected + "\", it rendered:\n" + out).c_str());
            } catch (const TemplateError& e) {
                QCOMPARE(std::string(e.what()), expected);
            }
            return;
        }
        HEARTH_COMPARE_TEXT(tmpl.render(in), c.at("expected").get<std::string>());
    }

    void richerInputs_data()
    {
        QTest::addColumn<int>("index");
        renders_.clear();
        scenarios_.clear();
        if (!QFileInfo::exists(hearth::test::sharedPath(QStringLiteral("templates")))) {
            QTest::newRow("fixture missing") << -1;
            return;
        }
        for (auto& line : readJsonLines(HEARTH_TEST_DATA_DIR "/templates/shared_renders.jsonl")) {
            if (line.contains("messages"))
                scenarios_[line.at("scenario").get<std::string>()] = line;
            else
                renders_.push_back(std::move(line));
        }
        for (size_t i = 0; i < renders_.size(); ++i) {
            const std::string name = renders_[i].at("template").get<std::string>() + " / " +
                renders_[i].at("scenario").get<std::string>();
            QTest::newRow(name.c_str()) << int(i);
        }
    }

    void richerInputs()
    {
        QFETCH(int, index);
        if (index < 0) {
            HEARTH_REQUIRE_SHARED(unused, "templates");
            Q_UNUSED(unused);
            return;
        }
        const auto& r = renders_.at(size_t(index));
        const auto& scenario = scenarios_.at(r.at("scenario").get<std::string>());
        const ChatTemplate tmpl(readTextFile(templatePath(r.at("template").get<std::string>())));
        const ChatTemplateInputs in = inputsFrom(scenario, r);
        if (r.contains("fails")) {
            // Python fails here (e.g. str + None); so must we, with an Error
            // that is not a TemplateError.
            try {
                tmpl.render(in);
                QFAIL(("expected a render failure like Python's: " + r.at("fails").get<std::string>()).c_str());
            } catch (const TemplateError& e) {
                QFAIL((std::string("unexpected raise_exception: ") + e.what()).c_str());
            } catch (const Error& e) {
                QVERIFY(std::string(e.what()).starts_with("chat template line "));
            }
            return;
        }
        if (!r.at("error").is_null()) {
            try {
                tmpl.render(in);
                QFAIL("expected the template to raise");
            } catch (const TemplateError& e) {
                QCOMPARE(std::string(e.what()), r.at("error").get<std::string>());
            }
            return;
        }
        const std::string out = tmpl.render(in);
        const QByteArray hash = QCryptographicHash::hash(QByteArray::fromStdString(out), QCryptographicHash::Sha256);
        if (hash.toHex().toStdString() != r.at("sha256").get<std::string>()) {
            const QByteArray why = "rendering differs from Python's (length " + QByteArray::number(qulonglong(out.size())) +
                ", expected " + QByteArray::number(r.at("length").get<qulonglong>()) +
                "); rerun generate_shared.py to see the expected text. Ours begins:\n" +
                QByteArray::fromStdString(out.substr(0, 400));
            QFAIL(why.constData());
        }
    }

    void detectsReasoningFormatOfSharedTemplates()
    {
        HEARTH_REQUIRE_SHARED(dir, "templates");
        const std::map<std::string, ReasoningFormat> expected = {
            {"openai-gpt-oss-120b.jinja", ReasoningFormat::GptOssChannels},
            {"Qwen-Qwen3-0.6B.jinja", ReasoningFormat::ThinkTags},
            {"deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja", ReasoningFormat::ThinkTags},
            {"GLM-4.6.jinja", ReasoningFormat::ThinkTags},
            {"GLM-4.7-Flash.jinja", ReasoningFormat::ThinkTags},
            {"HuggingFaceTB-SmolLM3-3B.jinja", ReasoningFormat::ThinkTags},
        };
        const QStringList files = QDir(QString::fromStdString(dir)).entryList({QStringLiteral("*.jinja")});
        QVERIFY(files.size() >= 19);
        for (const QString& file : files) {
            const std::string name = file.toStdString();
            const auto it = expected.find(name);
            const ReasoningFormat want = it == expected.end() ? ReasoningFormat::None : it->second;
            const ReasoningFormat got = detectReasoningFormat(readTextFile(dir + "/" + name));
            if (got != want)
                QFAIL(("wrong reasoning format for " + name).c_str());
        }
    }

    void everySharedTemplateParses()
    {
        HEARTH_REQUIRE_SHARED(dir, "templates");
        for (const QString& file : QDir(QString::fromStdString(dir)).entryList({QStringLiteral("*.jinja")})) {
            try {
                ChatTemplate tmpl(readTextFile(dir + "/" + file.toStdString()));
                QVERIFY(!tmpl.source().empty());
            } catch (const Error& e) {
                QFAIL((file.toStdString() + ": " + e.what()).c_str());
            }
        }
    }

private:
    std::vector<nlohmann::ordered_json> cases_;
    std::vector<nlohmann::ordered_json> renders_;
    std::map<std::string, nlohmann::ordered_json> scenarios_;
};

QTEST_APPLESS_MAIN(TestChatTemplate)
#include "test_chat_template.moc"
