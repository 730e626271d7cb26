// From the UI's request to the engine's prompt and options (no GPU): the
// sampling mapping, plain prompts equal to ChatFormatter's, and
// continueLast writing the partial answer (and its reasoning) after the
// open assistant turn as the template's reasoning convention wants.

#include "fixtures.h"
#include "services/inference/engine_request.h"
#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/tokenizer.h"

#include <QFile>
#include <QtTest>

using namespace hearth;
using namespace hearth::inference;

namespace {

std::string readText(const std::string& path)
{
    QFile f(QString::fromStdString(path));
    return f.open(QIODevice::ReadOnly) ? f.readAll().toStdString() : std::string();
}

GenerationRequest continuing(const QString& reasoning, const QString& content)
{
    GenerationRequest r;
    r.messages = {{"system", "Be brief.", {}}, {"user", "What is 6 times 7?", {}}, {"assistant", content, reasoning}};
    r.continueLast = true;
    return r;
}

bool endsWith(const std::string& text, const std::string& suffix)
{
    return text.size() >= suffix.size() && text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

} // namespace

class TestEngineRequest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void settingsMapToSamplingParams()
    {
        GenerationSettings s;
        s.temperature = 0;
        s.topK = 7;
        s.topP = 0.5;
        s.minP = 0.25;
        s.repeatPenalty = 1.5;
        s.maxTokens = 12;
        s.seed = -1;
        GenerationOptions o = toGenerationOptions(s);
        QVERIFY(o.sampling.greedy());
        QCOMPARE(o.sampling.topK, 7);
        QCOMPARE(o.sampling.topP, 0.5f);
        QCOMPARE(o.sampling.minP, 0.25f);
        QCOMPARE(o.sampling.repeatPenalty, 1.5f);
        QCOMPARE(o.sampling.seed, std::uint64_t(0)); // a fresh random seed
        QCOMPARE(o.maxTokens, 12);
        QCOMPARE(o.cancel, nullptr);

        s.temperature = 0.7;
        s.seed = 1234567890123;
        s.maxTokens = -5;
        o = toGenerationOptions(s);
        QVERIFY(!o.sampling.greedy());
        QCOMPARE(o.sampling.temperature, 0.7f);
        QCOMPARE(o.sampling.seed, std::uint64_t(1234567890123));
        QCOMPARE(o.maxTokens, -1);
    }

    void plainRequestsAreTheFormattersPrompt()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-qwen2.gguf");
        HEARTH_REQUIRE_SHARED(tmpl, "templates/Qwen-Qwen3-0.6B.jinja");
        const Tokenizer tokenizer = Tokenizer::fromGguf(GgufFile::open(vocab));
        const ChatFormatter formatter(tokenizer, readText(tmpl), "qwen3");
        GenerationRequest r = continuing({}, {});
        r.messages.last() = {"user", "And 6 times 8?", {}};
        const ChatPrompt expected = formatter.format(toChatMessages(r.messages), 4095, ContextOverflow::DropOldest);
        QCOMPARE(buildPrompt(formatter, tokenizer, r, 4096).tokens, expected.tokens);
        // continueLast after a user message is an ordinary answer.
        r.continueLast = true;
        QCOMPARE(buildPrompt(formatter, tokenizer, r, 4096).tokens, expected.tokens);
        QCOMPARE(buildPrompt(formatter, tokenizer, r, 4096).reasoning, ReasoningFormat::ThinkTags);
    }

    void continuingAnAnswerClosesItsReasoningFirst()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-qwen2.gguf");
        HEARTH_REQUIRE_SHARED(tmpl, "templates/Qwen-Qwen3-0.6B.jinja");
        const Tokenizer tokenizer = Tokenizer::fromGguf(GgufFile::open(vocab));
        const ChatFormatter formatter(tokenizer, readText(tmpl), "qwen3");

        const ChatPrompt answer = buildPrompt(formatter, tokenizer, continuing("Six sevens.", "It is"), 4096);
        const std::string text = tokenizer.decode(answer.tokens, true);
        QVERIFY2(endsWith(text, "What is 6 times 7?<|im_end|>\n<|im_start|>assistant\n<think>\nSix sevens.\n</think>\n\nIt is"),
                 text.c_str());
        QCOMPARE(answer.reasoning, ReasoningFormat::None); // all that follows is answer
        QVERIFY(!answer.startsInsideReasoning);

        const ChatPrompt plain = buildPrompt(formatter, tokenizer, continuing({}, "It is"), 4096);
        QVERIFY(endsWith(tokenizer.decode(plain.tokens, true), "<|im_start|>assistant\nIt is"));

        const ChatPrompt thinking = buildPrompt(formatter, tokenizer, continuing("Six sevens", {}), 4096);
        QVERIFY(endsWith(tokenizer.decode(thinking.tokens, true), "<|im_start|>assistant\n<think>\nSix sevens"));
        QCOMPARE(thinking.reasoning, ReasoningFormat::ThinkTags);
        QVERIFY(thinking.startsInsideReasoning);
    }

    void aTemplateThatClosedTheBlockIsNotReopened()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-qwen2.gguf");
        HEARTH_REQUIRE_SHARED(tmpl, "templates/deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja");
        const Tokenizer tokenizer = Tokenizer::fromGguf(GgufFile::open(vocab));
        const ChatFormatter formatter(tokenizer, readText(tmpl), "qwen2");
        const ChatPrompt p = buildPrompt(formatter, tokenizer, continuing({}, "Sure"), 4096);
        const std::string text = tokenizer.decode(p.tokens, true);
        QVERIFY2(endsWith(text, "<｜Assistant｜><think>\n</think>Sure"), text.c_str());
        QCOMPARE(p.reasoning, ReasoningFormat::None);
    }

    void aContinuationLongerThanTheContextIsAnError()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-qwen2.gguf");
        HEARTH_REQUIRE_SHARED(tmpl, "templates/Qwen-Qwen3-0.6B.jinja");
        const Tokenizer tokenizer = Tokenizer::fromGguf(GgufFile::open(vocab));
        const ChatFormatter formatter(tokenizer, readText(tmpl), "qwen3");
        QVERIFY_THROWS_EXCEPTION(Error, buildPrompt(formatter, tokenizer,
                                                    continuing({}, QString("word ").repeated(100)), 64));
        QVERIFY_THROWS_EXCEPTION(Error, buildPrompt(formatter, tokenizer, continuing({}, {}), 1));
        // A long history is trimmed to leave room for the continuation.
        GenerationRequest r = continuing({}, "It is");
        for (int i = 0; i < 20; ++i)
            r.messages.insert(1, {i % 2 ? "assistant" : "user", QString("Filler message number %1.").arg(i), {}});
        const ChatPrompt p = buildPrompt(formatter, tokenizer, r, 96);
        QVERIFY(p.droppedMessages > 0);
        QVERIFY(p.tokens.size() <= 95);
        QVERIFY(endsWith(tokenizer.decode(p.tokens, true), "<|im_start|>assistant\nIt is"));

        // Room for the answer: a quarter of the context left free.
        const ChatPrompt roomy = buildPrompt(formatter, tokenizer, r, 96, 24);
        QVERIFY(roomy.tokens.size() <= 72);
        QVERIFY(roomy.droppedMessages > p.droppedMessages);
        // The Stop policy drops nothing and says so.
        r.overflow = ContextOverflow::Stop;
        try {
            buildPrompt(formatter, tokenizer, r, 96);
            QFAIL("a conversation longer than the context was accepted");
        } catch (const ContextOverflowError& e) {
            QCOMPARE(e.kind(), ContextOverflowError::Kind::ConversationTooLong);
        }
    }

    void answerSoFarIsContinued()
    {
        GenerationRequest fresh;
        fresh.messages = {{"user", "Hi", {}}};
        const GenerationRequest a = withAnswerSoFar(fresh, "hmm", "Hello");
        QVERIFY(a.continueLast);
        QCOMPARE(a.messages.size(), 2);
        QCOMPARE(a.messages.back().role, QString("assistant"));
        QCOMPARE(a.messages.back().reasoning, QString("hmm"));
        QCOMPARE(a.messages.back().content, QString("Hello"));
        // Continuing one already: the text adds to it.
        const GenerationRequest b = withAnswerSoFar(a, {}, " there");
        QCOMPARE(b.messages.size(), 2);
        QCOMPARE(b.messages.back().content, QString("Hello there"));
    }
};

QTEST_GUILESS_MAIN(TestEngineRequest)
#include "test_engine_request.moc"
