// The inference service end to end on the GPU (lavapipe in CI). The context
// and the session pool: each chat keeps its cache when switching, long
// conversations drop their oldest turns, answers that fill the context roll
// over or stop, and a chat that outgrows the context keeps its later turns
// cached.

#include "inference_service_fixture.h"

using namespace hearth;
using namespace hearth::inference;
using namespace hearth::inference::testing;

class TestInferenceServiceContext : public InferenceServiceFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setUp(); }

    void switchingChatsKeepsEachChatsCache()
    {
        InferenceService service;
        QVERIFY(load(service, stories_));
        const QList<PromptMessage> a = storyChat();
        const QList<PromptMessage> b{{"system", "You answer in one line.", {}}, {"user", "Tell me about a big cat.", {}}};
        const Answer first = collect(service, service.generate(request(a, 8)));
        const Answer other = collect(service, service.generate(request(b, 8)));
        QVERIFY2(other.result.reusedTokens < other.result.promptTokens / 2, qPrintable(QString::number(other.result.reusedTokens)));
        // Back to A, one turn further: its whole earlier prompt is still cached.
        QList<PromptMessage> aNext = a;
        aNext.append({"assistant", first.text, {}});
        aNext.append({"user", "And then?", {}});
        const Answer back = collect(service, service.generate(request(aNext, 8)));
        QVERIFY2(back.result.reusedTokens >= first.result.promptTokens,
                 qPrintable(QString("%1 of %2").arg(back.result.reusedTokens).arg(first.result.promptTokens)));
        // And B again, unchanged: all but the last token.
        const Answer bAgain = collect(service, service.generate(request(b, 8)));
        QCOMPARE(bAgain.result.reusedTokens, bAgain.result.promptTokens - 1);
        QCOMPARE(bAgain.text, other.text);
    }

    void aLongConversationDropsItsOldestTurns()
    {
        InferenceService service;
        QVERIFY(load(service, stories_));
        QList<PromptMessage> chat{{"system", "You tell stories.", {}}};
        for (int i = 0; i < 30; ++i) {
            chat.append({"user", QString("Tell me story number %1 about a cat, a dog and a big red ball.").arg(i), {}});
            chat.append({"assistant", "Once upon a time there was a cat. The cat played with a dog all day.", {}});
        }
        chat.append({"user", "And one more, please.", {}});
        const Answer a = collect(service, service.generate(request(chat, 3)));
        QVERIFY2(a.result.finishReason == "length" || a.result.finishReason == "stop", qPrintable(a.result.error));
        QVERIFY(a.result.droppedMessages > 0);
        const int context = int(service.model().contextLength); // capped at the trained 128
        QVERIFY(a.result.promptTokens < context);

        const ChatFormatter formatter(oracleModel_->tokenizer(), oracleModel_->chatTemplateSource(),
                                      oracleModel_->summary().architecture);
        const ChatPrompt expected = formatter.format(toEngine(chat), std::uint32_t(context - 1), ContextOverflow::DropOldest);
        QCOMPARE(a.result.droppedMessages, int(expected.droppedMessages));
        QCOMPARE(a.result.promptTokens, int(expected.tokens.size()));

        // A single message longer than the whole context: a clear error.
        QList<PromptMessage> huge{{"user", QString("word ").repeated(600), {}}};
        const Answer b = collect(service, service.generate(request(huge, 3)));
        QCOMPARE(b.result.finishReason, QStringLiteral("error"));
        QVERIFY2(b.result.error.startsWith("This message is too long for the model's context ("),
                 qPrintable(b.result.error));
        QVERIFY(!b.result.retryable);

        // With the Stop policy the long conversation is refused, saying what to do.
        GenerationRequest stop = request(chat, 3);
        stop.overflow = ContextOverflow::Stop;
        const Answer c = collect(service, service.generate(stop));
        QCOMPARE(c.result.finishReason, QStringLiteral("error"));
        QVERIFY2(c.result.error.contains("Start a new chat"), qPrintable(c.result.error));
        QVERIFY(!c.result.retryable);
    }

    void anAnswerThatFillsTheContextRollsOverOrStops()
    {
        InferenceService service;
        QVERIFY(load(service, randomModel_)); // random weights: answers run on
        const int context = service.model().contextLength;
        QList<PromptMessage> chat{{"system", "You tell stories.", {}}};
        for (int i = 0; i < 6; ++i) {
            chat.append({"user", QString("Tell me story number %1 about a cat.").arg(i), {}});
            chat.append({"assistant", "Once upon a time there was a cat.", {}});
        }
        chat.append({"user", "And one more, please.", {}});

        // Stop: the answer ends where the context does.
        GenerationRequest stop = request(chat, 2 * context);
        stop.overflow = ContextOverflow::Stop;
        const Answer s = collect(service, service.generate(stop));
        QCOMPARE(s.result.finishReason, QStringLiteral("length"));
        QCOMPARE(s.result.droppedMessages, 0);
        QCOMPARE(s.result.promptTokens + s.result.generatedTokens, context + 1); // the last token is not cached
        QCOMPARE(s.result.contextTokens, context + 1);

        // Drop the oldest: earlier turns make room and the answer goes on
        // past the end of the context, until it fills the context by itself.
        GenerationRequest roll = request(chat, 2 * context);
        const Answer r = collect(service, service.generate(roll));
        QCOMPARE(r.result.finishReason, QStringLiteral("length"));
        QVERIFY(r.result.droppedMessages > 0);
        QCOMPARE(r.result.promptTokens, s.result.promptTokens);
        QVERIFY2(r.result.generatedTokens >= s.result.generatedTokens + context / 4,
                 qPrintable(QString("%1 vs %2").arg(r.result.generatedTokens).arg(s.result.generatedTokens)));
        QVERIFY(r.result.contextTokens <= context + 1);
        QVERIFY(r.result.decodeTokensPerSecond > 0);
        // Greedy: up to the end of the context both answers are the same text.
        QVERIFY(r.text.startsWith(s.text.left(s.text.size() / 2)));
    }

    // A chat that outgrows the context drops its oldest turns; its session
    // shifts the KV cache past them, so the later turns are not read again
    // (without the shift only the system prompt would be reused).

    // A chat that outgrows the context drops its oldest turns; its session
    // shifts the KV cache past them, so the later turns are not read again
    // (without the shift only the system prompt would be reused).
    void aChatThatOutgrowsTheContextKeepsItsLaterTurnsCached()
    {
        InferenceService service;
        QVERIFY(load(service, randomModel_));
        QList<PromptMessage> chat{{"system", "You tell stories.", {}}};
        for (int i = 0; i < 60; ++i) {
            chat.append({"user", QString("Tell me story number %1 about a cat.").arg(i), {}});
            const Answer a = collect(service, service.generate(request(chat, 8)));
            QVERIFY2(a.result.finishReason != "error", qPrintable(a.result.error));
            if (a.result.droppedMessages > 0) {
                qInfo() << "rolled over:" << a.result.droppedMessages << "messages dropped," << a.result.reusedTokens
                        << "of" << a.result.promptTokens << "prompt tokens reused";
                QVERIFY2(a.result.reusedTokens > a.result.promptTokens * 3 / 4,
                         qPrintable(QString("%1 of %2").arg(a.result.reusedTokens).arg(a.result.promptTokens)));
                return;
            }
            chat.append({"assistant", a.text, {}});
        }
        QFAIL("the chat never outgrew the context");
    }

    void cleanup() { checkNoValidationMessages(); }

    void cleanupTestCase() { oracleModel_.reset(); }
};

QTEST_GUILESS_MAIN(TestInferenceServiceContext)
#include "test_inference_service_context.moc"
