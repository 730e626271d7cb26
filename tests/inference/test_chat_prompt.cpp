// ChatFormatter: conversation -> prompt tokens with the model's template,
// BOS handled like llama.cpp, reasoning detected, and conversations too
// long for the context refused or trimmed as the overflow policy says.

#include "fixtures.h"
#include "hearth/chat_prompt.h"
#include "hearth/gguf.h"
#include "hearth/tokenizer.h"

#include <QFile>
#include <QtTest>

using namespace hearth;

namespace {

std::string readText(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll().toStdString() : std::string();
}

std::vector<ChatMessage> conversation(int turns)
{
    std::vector<ChatMessage> m{{"system", "You are a helpful assistant.", {}}};
    for (int i = 0; i < turns; ++i) {
        m.push_back({"user", "Question number " + std::to_string(i) + ": what is " + std::to_string(i) + " squared?", {}});
        m.push_back({"assistant", "It is " + std::to_string(i * i) + ".", {}});
    }
    m.push_back({"user", "And what about twelve?", {}});
    return m;
}

} // namespace

class TestChatPrompt : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void rendersAndTokenizesWithSpecialTokens()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-qwen2.gguf");
        HEARTH_REQUIRE_SHARED(tmpl, "templates/Qwen-Qwen2.5-7B-Instruct.jinja");
        const Tokenizer tokenizer = Tokenizer::fromGguf(GgufFile::open(vocab));
        const ChatFormatter formatter(tokenizer, readText(QString::fromStdString(tmpl)), "qwen2");
        const auto messages = conversation(1);
        const std::string text = formatter.render(messages);
        QVERIFY(text.starts_with("<|im_start|>system\nYou are a helpful assistant.<|im_end|>\n"));
        QVERIFY(text.ends_with("<|im_start|>assistant\n"));
        const ChatPrompt prompt = formatter.format(messages, 4096, ContextOverflow::Stop);
        QCOMPARE(prompt.tokens, tokenizer.encode(text, true, true));
        QCOMPARE(prompt.tokens.front(), *tokenizer.findToken("<|im_start|>"));
        QCOMPARE(prompt.reasoning, ReasoningFormat::None);
        QCOMPARE(prompt.droppedMessages, std::size_t(0));
    }

    void templateBosIsNotDoubled()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-llama-bpe.gguf");
        HEARTH_REQUIRE_SHARED(tmpl, "templates/meta-llama-Llama-3.1-8B-Instruct.jinja");
        const Tokenizer tokenizer = Tokenizer::fromGguf(GgufFile::open(vocab));
        QVERIFY(tokenizer.addsBos());
        const ChatFormatter formatter(tokenizer, readText(QString::fromStdString(tmpl)), "llama");
        const ChatPrompt prompt = formatter.format(conversation(0), 4096, ContextOverflow::Stop);
        QCOMPARE(prompt.tokens.at(0), tokenizer.bos());
        QVERIFY(prompt.tokens.at(1) != tokenizer.bos());
    }

    void reasoningPromptIsDetected()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-qwen2.gguf");
        HEARTH_REQUIRE_SHARED(tmpl, "templates/deepseek-ai-DeepSeek-R1-Distill-Qwen-32B.jinja");
        const Tokenizer tokenizer = Tokenizer::fromGguf(GgufFile::open(vocab));
        const ChatFormatter formatter(tokenizer, readText(QString::fromStdString(tmpl)), "qwen2");
        const ChatPrompt thinking = formatter.format(conversation(1), 4096, ContextOverflow::Stop, {{"enable_thinking", true}});
        QCOMPARE(thinking.reasoning, ReasoningFormat::ThinkTags);
        QVERIFY(thinking.startsInsideReasoning); // the template opens <think>
        // This template closes the block at once unless thinking is enabled.
        const ChatPrompt direct = formatter.format(conversation(1), 4096, ContextOverflow::Stop);
        QCOMPARE(direct.reasoning, ReasoningFormat::ThinkTags);
        QVERIFY(!direct.startsInsideReasoning);
    }

    void tooLongIsRefusedOrTrimmed()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-qwen2.gguf");
        HEARTH_REQUIRE_SHARED(tmpl, "templates/Qwen-Qwen2.5-7B-Instruct.jinja");
        const Tokenizer tokenizer = Tokenizer::fromGguf(GgufFile::open(vocab));
        const ChatFormatter formatter(tokenizer, readText(QString::fromStdString(tmpl)), "qwen2");
        const auto messages = conversation(6); // system, 6 question/answer pairs, a last question
        const std::size_t full = formatter.format(messages, 100000, ContextOverflow::Stop).tokens.size();
        // Room for the system prompt, the last two turns and the question.
        std::vector<ChatMessage> kept{messages.front()};
        kept.insert(kept.end(), messages.end() - 5, messages.end());
        const auto budget = std::uint32_t(tokenizer.encode(formatter.render(kept), true, true).size());
        QVERIFY(budget < full);

        try {
            formatter.format(messages, budget, ContextOverflow::Stop);
            QFAIL("an over-long conversation was accepted");
        } catch (const ContextOverflowError& e) {
            QCOMPARE(e.kind(), ContextOverflowError::Kind::ConversationTooLong);
            QCOMPARE(e.tokens(), full);
            QVERIFY2(QString(e.what()).contains("Start a new chat"), e.what());
        }

        const ChatPrompt trimmed = formatter.format(messages, budget, ContextOverflow::DropOldest);
        QCOMPARE(trimmed.droppedMessages, std::size_t(8));
        QVERIFY(trimmed.tokens.size() <= budget);
        const std::string text = tokenizer.decode(trimmed.tokens, true);
        QVERIFY(text.find("You are a helpful assistant.") != std::string::npos); // the system prompt stays
        QVERIFY(text.find("Question number 3") == std::string::npos);
        QVERIFY(text.find("Question number 4") != std::string::npos);

        // Not even the last question fits: an error in user words, not an empty prompt.
        try {
            formatter.format(messages, 10, ContextOverflow::DropOldest);
            QFAIL("a prompt longer than the context was accepted");
        } catch (const ContextOverflowError& e) {
            QCOMPARE(e.kind(), ContextOverflowError::Kind::MessageTooLong);
            QVERIFY2(QString(e.what()).startsWith("This message is too long for the model's context ("), e.what());
            QVERIFY2(QString(e.what()).contains(" tokens, room for 10). "), e.what());
        }
    }

    void truncateMiddleKeepsTheFirstTurn()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-qwen2.gguf");
        HEARTH_REQUIRE_SHARED(tmpl, "templates/Qwen-Qwen2.5-7B-Instruct.jinja");
        const Tokenizer tokenizer = Tokenizer::fromGguf(GgufFile::open(vocab));
        const ChatFormatter formatter(tokenizer, readText(QString::fromStdString(tmpl)), "qwen2");
        const auto messages = conversation(6);
        // Room for the system prompt, the first turn, the last turn and the question.
        std::vector<ChatMessage> kept(messages.begin(), messages.begin() + 3);
        kept.insert(kept.end(), messages.end() - 3, messages.end());
        const auto budget = std::uint32_t(tokenizer.encode(formatter.render(kept), true, true).size());

        const ChatPrompt middle = formatter.format(messages, budget, ContextOverflow::TruncateMiddle);
        QCOMPARE(middle.droppedMessages, std::size_t(8)); // turns 1 to 4
        QCOMPARE(middle.tokens, tokenizer.encode(formatter.render(kept), true, true));
        const std::string text = tokenizer.decode(middle.tokens, true);
        QVERIFY(text.find("Question number 0") != std::string::npos);
        QVERIFY(text.find("Question number 1") == std::string::npos);
        QVERIFY(text.find("Question number 5") != std::string::npos);

        // When the first turn and the question do not fit together, the first turn goes too.
        const std::vector<ChatMessage> last{messages.front(), messages.back()};
        const auto tight = std::uint32_t(tokenizer.encode(formatter.render(last), true, true).size());
        const ChatPrompt alone = formatter.format(messages, tight, ContextOverflow::TruncateMiddle);
        QCOMPARE(alone.droppedMessages, messages.size() - 2);
        QCOMPARE(alone.tokens, tokenizer.encode(formatter.render(last), true, true));
    }

    void overflowPolicyNames()
    {
        for (ContextOverflow p : {ContextOverflow::DropOldest, ContextOverflow::TruncateMiddle, ContextOverflow::Stop})
            QCOMPARE(contextOverflowFromName(contextOverflowName(p)), std::optional(p));
        QVERIFY(!contextOverflowFromName("sideways"));
    }
};

QTEST_GUILESS_MAIN(TestChatPrompt)
#include "test_chat_prompt.moc"
