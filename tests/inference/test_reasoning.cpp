// ReasoningParser: splitting streamed output into reasoning and answer for
// <think> tags and gpt-oss channels. Every case is also fed split at every
// byte position (and, for short ones, at every pair of positions) to prove
// that where the stream breaks never changes the result.

#include "fixtures.h"
#include "test_chat_template_util.h"

#include "hearth/chat_template.h"
#include "hearth/reasoning.h"

#include <QtTest>

using namespace hearth;

Q_DECLARE_METATYPE(hearth::ReasoningFormat)

namespace {

ReasoningPiece& operator+=(ReasoningPiece& a, const ReasoningPiece& b)
{
    a.reasoning += b.reasoning;
    a.answer += b.answer;
    return a;
}

// Feeds `text` cut at the given byte offsets (ascending), then finishes.
ReasoningPiece run(ReasoningFormat format, bool inside, std::string_view text, std::vector<size_t> cuts = {})
{
    ReasoningParser parser(format, inside);
    ReasoningPiece total;
    size_t from = 0;
    cuts.push_back(text.size());
    for (size_t cut : cuts) {
        total += parser.feed(text.substr(from, cut - from));
        from = cut;
    }
    total += parser.finish();
    return total;
}

QByteArray describe(const ReasoningPiece& p)
{
    return "reasoning=" + QByteArray::fromStdString(nlohmann::json(p.reasoning).dump()) +
        " answer=" + QByteArray::fromStdString(nlohmann::json(p.answer).dump());
}

const auto Think = ReasoningFormat::ThinkTags;
const auto Harmony = ReasoningFormat::GptOssChannels;

} // namespace

class TestReasoning : public QObject {
    Q_OBJECT

private slots:
    void splits_data()
    {
        QTest::addColumn<ReasoningFormat>("format");
        QTest::addColumn<bool>("inside");
        QTest::addColumn<QString>("text");
        QTest::addColumn<QString>("reasoning");
        QTest::addColumn<QString>("answer");

        QTest::newRow("think: qwen3 style") << Think << false << "<think>\nLet me think.\n</think>\n\nThe answer."
                                            << "Let me think." << "The answer.";
        QTest::newRow("think: empty block") << Think << false << "<think>\n\n</think>\n\nHi" << "" << "Hi";
        QTest::newRow("think: no tags") << Think << false << "Just an answer.\n" << "" << "Just an answer.\n";
        QTest::newRow("think: whitespace before tag") << Think << false << "\n <think>x</think>y" << "x" << "y";
        QTest::newRow("think: inner whitespace kept") << Think << false << "<think>a\n\n  b  \n</think>c\n d  "
                                                      << "a\n\n  b" << "c\n d  ";
        QTest::newRow("think: opened by the prompt") << Think << true << "Okay, so 7 * 6...\n</think>\n\nIt is 42."
                                                     << "Okay, so 7 * 6..." << "It is 42.";
        QTest::newRow("think: prompt-opened, model opens again") << Think << true << "\n<think>\nHmm.\n</think>\n\nOk."
                                                               << "Hmm." << "Ok.";
        QTest::newRow("think: prompt-opened, later <think> is text") << Think << true << "a <think> b</think>c"
                                                                     << "a <think> b" << "c";
        QTest::newRow("think: prompt-opened, cut open tag") << Think << true << "<thi" << "<thi" << "";
        QTest::newRow("think: prompt-opened, never closed") << Think << true << "\nthinking forever  " << "thinking forever" << "";
        QTest::newRow("think: never closed") << Think << false << "<think>still going" << "still going" << "";
        QTest::newRow("think: cut inside closing tag") << Think << false << "<think>abc</thi" << "abc</thi" << "";
        QTest::newRow("think: cut inside opening tag") << Think << false << "<thi" << "" << "<thi";
        QTest::newRow("think: tags mid-answer are text") << Think << false << "Use <think> tags</think> like this"
                                                         << "" << "Use <think> tags</think> like this";
        QTest::newRow("think: second block is text") << Think << false << "<think>a</think>b<think>c</think>"
                                                     << "a" << "b<think>c</think>";
        QTest::newRow("think: nested open is text") << Think << false << "<think>a <think> b</think>c" << "a <think> b" << "c";
        QTest::newRow("think: near-miss tags") << Think << false << "<think>a </thinker> <//think></think><thinking>"
                                               << "a </thinker> <//think>" << "<thinking>";
        QTest::newRow("think: unicode") << Think << false << "<think>日本語で考える</think>答え😀" << "日本語で考える" << "答え😀";
        QTest::newRow("think: whitespace-only answer") << Think << true << "r</think>  \n " << "r" << "";
        QTest::newRow("none: tags untouched") << ReasoningFormat::None << false << "<think>x</think>y" << ""
                                              << "<think>x</think>y";
        QTest::newRow("none: prompt flag ignored") << ReasoningFormat::None << true << " a " << "" << " a ";

        QTest::newRow("harmony: analysis then final")
            << Harmony << false
            << "<|channel|>analysis<|message|>Think.<|end|><|start|>assistant<|channel|>final<|message|>Answer.<|return|>"
            << "Think." << "Answer.";
        QTest::newRow("harmony: final only") << Harmony << false << "<|channel|>final<|message|>Hi there<|return|>" << ""
                                             << "Hi there";
        QTest::newRow("harmony: tool call is neither")
            << Harmony << false
            << "<|channel|>analysis<|message|>Need weather.<|end|><|start|>assistant<|channel|>commentary "
               "to=functions.get_weather <|constrain|>json<|message|>{\"city\":\"Paris\"}<|call|>"
            << "Need weather." << "";
        QTest::newRow("harmony: recipient in role")
            << Harmony << false
            << "<|channel|>analysis<|message|>A<|end|><|start|>assistant to=functions.x<|channel|>commentary json"
               "<|message|>{}<|call|>"
            << "A" << "";
        QTest::newRow("harmony: builtin tool in analysis")
            << Harmony << false << "<|channel|>analysis to=python code<|message|>print(1)<|call|>" << "" << "";
        QTest::newRow("harmony: two analysis messages")
            << Harmony << false
            << "<|channel|>analysis<|message|>One.<|end|><|start|>assistant<|channel|>analysis<|message|>Two.<|end|>"
               "<|start|>assistant<|channel|>final<|message|>Done<|return|>"
            << "One.\n\nTwo." << "Done";
        QTest::newRow("harmony: commentary preamble dropped")
            << Harmony << false
            << "<|channel|>commentary<|message|>I will check.<|end|><|start|>assistant<|channel|>final<|message|>Ok<|end|>"
            << "" << "Ok";
        QTest::newRow("harmony: missing end") << Harmony << false
                                              << "<|channel|>analysis<|message|>x<|start|>assistant<|channel|>final<|message|>y"
                                              << "x" << "y";
        QTest::newRow("harmony: channel without start")
            << Harmony << false << "<|channel|>analysis<|message|>x<|channel|>final<|message|>y" << "x" << "y";
        QTest::newRow("harmony: cut inside end marker") << Harmony << false << "<|channel|>analysis<|message|>partial <|en"
                                                        << "partial <|en" << "";
        QTest::newRow("harmony: cut inside next header")
            << Harmony << false << "<|channel|>analysis<|message|>a<|end|><|start|>assis" << "a" << "";
        QTest::newRow("harmony: plain text") << Harmony << false << "Plain text answer" << "" << "Plain text answer";
        QTest::newRow("harmony: long plain text") << Harmony << false << QString(300, 'x') << "" << QString(300, 'x');
        QTest::newRow("harmony: prompt opened analysis")
            << Harmony << true << "thinking<|end|><|start|>assistant<|channel|>final<|message|>ok" << "thinking" << "ok";
        QTest::newRow("harmony: unknown channel is answer") << Harmony << false << "<|channel|>summary<|message|>s<|end|>"
                                                            << "" << "s";
        QTest::newRow("harmony: unicode") << Harmony << false
                                          << "<|channel|>analysis<|message|>思考<|end|><|start|>assistant<|channel|>final"
                                             "<|message|>Réponse «ok»<|return|>"
                                          << "思考" << "Réponse «ok»";
    }

    void splits()
    {
        QFETCH(ReasoningFormat, format);
        QFETCH(bool, inside);
        QFETCH(QString, text);
        QFETCH(QString, reasoning);
        QFETCH(QString, answer);
        const std::string input = text.toStdString();

        const ReasoningPiece whole = run(format, inside, input);
        HEARTH_COMPARE_TEXT(whole.reasoning, reasoning.toStdString());
        HEARTH_COMPARE_TEXT(whole.answer, answer.toStdString());

        for (size_t cut = 0; cut <= input.size(); ++cut) {
            const ReasoningPiece split = run(format, inside, input, {cut});
            if (split.reasoning != whole.reasoning || split.answer != whole.answer)
                QFAIL("split at byte " + QByteArray::number(qulonglong(cut)) + " gives " + describe(split));
        }
        std::vector<size_t> everyByte;
        for (size_t i = 1; i < input.size(); ++i)
            everyByte.push_back(i);
        const ReasoningPiece bytes = run(format, inside, input, everyByte);
        if (bytes.reasoning != whole.reasoning || bytes.answer != whole.answer)
            QFAIL("fed byte by byte: " + describe(bytes));
        if (input.size() <= 160) {
            for (size_t i = 0; i <= input.size(); ++i) {
                for (size_t j = i; j <= input.size(); ++j) {
                    const ReasoningPiece split = run(format, inside, input, {i, j});
                    if (split.reasoning != whole.reasoning || split.answer != whole.answer)
                        QFAIL("split at bytes " + QByteArray::number(qulonglong(i)) + " and " +
                            QByteArray::number(qulonglong(j)) + " gives " + describe(split));
                }
            }
        }
    }

    void streamsAsSoonAsItCan()
    {
        ReasoningParser parser(Think, false);
        ReasoningPiece p = parser.feed("<think>Hmm, ");
        QCOMPARE(p.reasoning, std::string("Hmm,")); // the space may precede </think>, so it waits
        p = parser.feed("so</th");
        QCOMPARE(p.reasoning, std::string(" so"));
        p = parser.feed("ink>\n\nYes");
        QCOMPARE(p.reasoning, std::string());
        QCOMPARE(p.answer, std::string("Yes"));
        p = parser.finish();
        QCOMPARE(p.answer, std::string());

        ReasoningParser harmony(Harmony, false);
        p = harmony.feed("<|channel|>analysis<|message|>abc<|");
        QCOMPARE(p.reasoning, std::string("abc"));
        p = harmony.feed("end|><|start|>assistant<|channel|>final<|message|>Hel");
        QCOMPARE(p.answer, std::string("Hel"));
    }

    void finishResetsForTheNextGeneration()
    {
        ReasoningParser parser(Think, true);
        ReasoningPiece first = parser.feed("a</think>b");
        first += parser.finish();
        ReasoningPiece second = parser.feed("c</think>d");
        second += parser.finish();
        QCOMPARE(first.reasoning + "|" + first.answer, std::string("a|b"));
        QCOMPARE(second.reasoning + "|" + second.answer, std::string("c|d"));
    }

    void promptOpensReasoning_data()
    {
        QTest::addColumn<QString>("prompt");
        QTest::addColumn<bool>("opens");
        QTest::newRow("deepseek r1") << "<｜User｜>Hi<｜Assistant｜><think>\n" << true;
        QTest::newRow("glm 4.7") << "<|user|>Hi<|assistant|><think>" << true;
        QTest::newRow("trailing whitespace") << "x<think> \t\n\n" << true;
        QTest::newRow("thinking disabled") << "<|im_start|>assistant\n<think>\n\n</think>\n\n" << false;
        QTest::newRow("plain chatml") << "<|im_start|>assistant\n" << false;
        QTest::newRow("empty") << "" << false;
        QTest::newRow("other tag") << "<thinking>" << false;
    }

    void promptOpensReasoning()
    {
        QFETCH(QString, prompt);
        QFETCH(bool, opens);
        QCOMPARE(hearth::promptOpensReasoning(prompt.toStdString()), opens);
    }

    void detectsFormat()
    {
        QCOMPARE(detectReasoningFormat("{{ '<think>\\n' }}"), Think);
        QCOMPARE(detectReasoningFormat("{% if '</think>' in c %}{% endif %}"), Think);
        QCOMPARE(detectReasoningFormat("<|start|>assistant<|channel|>final<|message|><think>"), Harmony);
        QCOMPARE(detectReasoningFormat("[INST] {{ m }} [/INST]"), ReasoningFormat::None);
        QCOMPARE(detectReasoningFormat(defaultChatTemplate("qwen3")), ReasoningFormat::None);
    }

    // The rendered generation prompts of real templates decide where parsing starts.
    void sharedTemplatesOpenReasoningAsExpected_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<bool>("enableThinking");
        QTest::addColumn<bool>("opens");
        QTest::newRow("GLM-4.7") << "GLM-4.7-Flash.jinja" << true << true;
        QTest::newRow("GLM-4.7 no thinking") << "GLM-4.7-Flash.jinja" << false << false;
        QTest::newRow("DeepSeek-R1") << "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja" << true << true;
        QTest::newRow("DeepSeek-R1 no thinking") << "deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja" << false << false;
        QTest::newRow("Qwen3") << "Qwen-Qwen3-0.6B.jinja" << true << false;
        QTest::newRow("Qwen3 no thinking") << "Qwen-Qwen3-0.6B.jinja" << false << false;
        QTest::newRow("SmolLM3") << "HuggingFaceTB-SmolLM3-3B.jinja" << true << false;
    }

    void sharedTemplatesOpenReasoningAsExpected()
    {
        QFETCH(QString, file);
        QFETCH(bool, enableThinking);
        QFETCH(bool, opens);
        HEARTH_REQUIRE_SHARED(dir, "templates");
        ChatTemplateInputs in;
        in.messages = nlohmann::ordered_json::parse(R"([{"role": "user", "content": "Is 91 prime?"}])");
        in.extra = {{"enable_thinking", enableThinking}};
        in.now = "2025-03-14T09:26:53";
        const std::string source = hearth::test::readTextFile(dir + "/" + file.toStdString());
        QCOMPARE(detectReasoningFormat(source), Think);
        QCOMPARE(hearth::promptOpensReasoning(ChatTemplate(source).render(in)), opens);
    }
};

QTEST_APPLESS_MAIN(TestReasoning)
#include "test_reasoning.moc"
