// Text completion's prompt (no GPU): the conversation as one plain text,
// encoded as `run --raw` encodes its prompt, the oldest messages left out
// when it does not fit.

#include "fixtures.h"
#include "services/inference/raw_prompt.h"
#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/tokenizer.h"

#include <QtTest>

using namespace hearth;
using namespace hearth::inference;

class TestRawPrompt : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theConversationIsOneText()
    {
        QCOMPARE(completionText({}), std::string());
        QCOMPARE(completionText({{"user", "Once upon a time", {}}}), std::string("Once upon a time"));
        // The answer continues its prompt; the next message starts a line;
        // the system prompt is not part of the text.
        QCOMPARE(completionText({{"system", "Be brief.", {}},
                                 {"user", "Once upon a time", {}},
                                 {"assistant", ", there was a dog.", "thinking is not text"},
                                 {"user", "The dog", {}}}),
                 std::string("Once upon a time, there was a dog.\nThe dog"));
        // An answer that ended its line is not given a second newline.
        QCOMPARE(completionText({{"user", "A", {}}, {"assistant", "B\n", {}}, {"user", "C", {}}}),
                 std::string("AB\nC"));
    }

    void tokensAreRunRawsAndTheOldestGoFirst()
    {
        HEARTH_REQUIRE_SHARED(model, "models/stories260K-f32.gguf");
        const Tokenizer tokenizer = Tokenizer::fromGguf(GgufFile::open(model));
        const std::vector<ChatMessage> messages = {{"user", "Once upon a time", {}},
                                                   {"assistant", ", there was a dog.", {}},
                                                   {"user", "The dog ran", {}}};
        const ChatPrompt all = completionPrompt(tokenizer, messages, 100);
        QCOMPARE(all.tokens, tokenizer.encode("Once upon a time, there was a dog.\nThe dog ran", true, true));
        QCOMPARE(all.droppedMessages, std::size_t(0));
        QCOMPARE(all.reasoning, ReasoningFormat::None);

        const auto last = tokenizer.encode("The dog ran", true, true);
        const ChatPrompt trimmed = completionPrompt(tokenizer, messages, std::uint32_t(last.size()));
        QCOMPARE(trimmed.tokens, last);
        QCOMPARE(trimmed.droppedMessages, std::size_t(2));
        try {
            completionPrompt(tokenizer, messages, std::uint32_t(last.size() - 1));
            QFAIL("a last message longer than the context must be refused");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("longer than the") != std::string::npos, e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestRawPrompt)
#include "test_raw_prompt.moc"
