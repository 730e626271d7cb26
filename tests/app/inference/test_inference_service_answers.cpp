// The inference service end to end on the GPU (lavapipe in CI). Answers:
// streamed greedy answers equal to what a direct hearth::Session gives for
// the same ChatFormatter prompt (plain and continuing a partial answer),
// reasoning streamed apart, length limits, stop, and refusals.

#include "inference_service_fixture.h"

using namespace hearth;
using namespace hearth::inference;
using namespace hearth::inference::testing;

class TestInferenceServiceAnswers : public InferenceServiceFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setUp(true); } // with the thinking model

    void greedyAnswerEqualsADirectSession()
    {
        InferenceService service;
        QVERIFY(load(service, stories_));
        const QList<PromptMessage> chat = storyChat();
        const int id = service.generate(request(chat, 24));
        QVERIFY(service.isGenerating());
        const Answer a = collect(service, id);
        QVERIFY(a.finished);
        QCOMPARE(a.started, 1);
        QVERIFY(!service.isGenerating());

        const ChatFormatter formatter(oracleModel_->tokenizer(), oracleModel_->chatTemplateSource(),
                                      oracleModel_->summary().architecture);
        const Oracle o = directGreedy(oracleModel_, formatter.format(toEngine(chat), kContext - 1, ContextOverflow::DropOldest), {}, 24);
        QVERIFY(!o.text.empty());
        QCOMPARE(a.text + a.reasoning, QString::fromStdString(o.text));
        QCOMPARE(a.result.finishReason, QString::fromUtf8(finishReasonName(o.stats.finishReason)));
        QVERIFY(a.result.finishReason == "stop" || a.result.finishReason == "length");
        QCOMPARE(a.result.generatedTokens, int(o.stats.generatedTokens));
        QCOMPARE(a.result.promptTokens, int(o.promptTokens));
        QCOMPARE(a.result.reusedTokens, 0);
        QCOMPARE(a.result.droppedMessages, 0);
        QVERIFY(a.result.error.isEmpty());
        QVERIFY(a.result.timeToFirstTokenMs > 0);
        QCOMPARE(a.result.reasoningMs, 0.0);

        // The same chat again reuses the cached prompt and answers the same.
        const Answer again = collect(service, service.generate(request(chat, 24)));
        QCOMPARE(again.text, a.text);
        QVERIFY(again.result.reusedTokens > 0);
    }

    void maxTokensEndsWithLength()
    {
        InferenceService service;
        QVERIFY(load(service, randomModel_));
        const Answer a = collect(service, service.generate(request(storyChat(), 5)));
        QCOMPARE(a.result.finishReason, QStringLiteral("length"));
        QCOMPARE(a.result.generatedTokens, 5);
        QVERIFY(a.result.decodeTokensPerSecond > 0);
    }

    void stopCancelsALongAnswer()
    {
        InferenceService service;
        QVERIFY(load(service, randomModel_));
        service.stop(); // before any answer: harmless
        const int id = service.generate(request(storyChat(), 200, 1.0));
        const Answer a = collect(service, id, [&](const Answer&) { service.stop(); });
        QCOMPARE(a.result.finishReason, QStringLiteral("cancelled"));
        QVERIFY(a.result.generatedTokens >= 1);
        QVERIFY2(a.result.generatedTokens < 200, qPrintable(QString::number(a.result.generatedTokens)));
        QVERIFY(!service.isGenerating());

        // The next answer is not affected by the old stop.
        const Answer next = collect(service, service.generate(request(storyChat(), 3)));
        QCOMPARE(next.result.finishReason, QStringLiteral("length"));
    }

    void aSecondAnswerWhileOneRunsIsRefused()
    {
        InferenceService service;
        QVERIFY(load(service, randomModel_));
        QSignalSpy finished(&service, &InferenceService::generationFinished);
        const int first = service.generate(request(storyChat(), 30));
        const int second = service.generate(request(storyChat(), 30));
        QVERIFY(first != second);
        QVERIFY(service.isGenerating());
        QVERIFY(finished.isEmpty()); // the refusal is queued, not emitted inside generate()
        const Answer a = collect(service, first);
        QCOMPARE(a.result.finishReason, QStringLiteral("length"));
        QCOMPARE(a.result.generatedTokens, 30);
        QCOMPARE(finished.size(), 2);
        QCOMPARE(finished.first().at(0).toInt(), second); // refused at once, before the first ended
        const auto refused = finished.first().at(1).value<GenerationResult>();
        QCOMPARE(refused.finishReason, QStringLiteral("error"));
        QCOMPARE(refused.error, QStringLiteral("Wait for the current answer to finish or stop it."));
    }

    void generateWithoutAModelIsAnError()
    {
        InferenceService service;
        QSignalSpy finished(&service, &InferenceService::generationFinished);
        const int id = service.generate(request(storyChat(), 5));
        QVERIFY(id != 0);
        QVERIFY(finished.isEmpty());
        QVERIFY(!service.isGenerating());
        QVERIFY(finished.wait(kWaitMs));
        QCOMPARE(finished.first().at(0).toInt(), id);
        const auto r = finished.first().at(1).value<GenerationResult>();
        QCOMPARE(r.finishReason, QStringLiteral("error"));
        QCOMPARE(r.error, QStringLiteral("Load a model first."));
    }

    void continueLastGoesOnFromThePartialAnswer()
    {
        InferenceService service;
        QVERIFY(load(service, stories_));
        const QString partial = QStringLiteral("Once upon a time, there was a little dog named");
        QList<PromptMessage> chat = storyChat();
        chat.append({"assistant", partial, {}});
        GenerationRequest r = request(chat, 16);
        r.continueLast = true;
        const Answer a = collect(service, service.generate(r));
        QVERIFY2(a.result.finishReason != "error", qPrintable(a.result.error));

        // Oracle: the chat without the partial answer, with the generation
        // prompt, then the partial answer's own tokens.
        const ChatFormatter formatter(oracleModel_->tokenizer(), oracleModel_->chatTemplateSource(),
                                      oracleModel_->summary().architecture);
        const ChatPrompt before = formatter.format(toEngine(storyChat()), kContext - 1, ContextOverflow::DropOldest);
        const auto tail = oracleModel_->tokenizer().encode(partial.toStdString(), false, false);
        const Oracle o = directGreedy(oracleModel_, before, tail, 16);
        QVERIFY(!o.text.empty());
        QCOMPARE(a.text, QString::fromStdString(o.text));
        QCOMPARE(a.result.promptTokens, int(o.promptTokens));
        QCOMPARE(a.result.generatedTokens, int(o.stats.generatedTokens));

        // It really continues: a fresh answer to the same chat differs.
        const Oracle fresh = directGreedy(oracleModel_, before, {}, 16);
        QVERIFY(fresh.text != o.text);
        qInfo() << "continued:" << partial + a.text;
    }

    void reasoningStreamsApartAndIsTimed()
    {
        InferenceService service;
        QVERIFY(load(service, thinkingModel_));
        const QList<PromptMessage> chat = storyChat();
        const Answer a = collect(service, service.generate(request(chat, 12)));
        QCOMPARE(a.result.finishReason, QStringLiteral("length"));

        ModelLoadOptions lo;
        lo.contextLength = kContext;
        const auto model = Model::load(thinkingModel_.toStdString(), lo);
        const ChatFormatter formatter(model->tokenizer(), model->chatTemplateSource(), model->summary().architecture);
        const ChatPrompt prompt = formatter.format(toEngine(chat), kContext - 1, ContextOverflow::DropOldest);
        QVERIFY(prompt.startsInsideReasoning);
        const Oracle o = directGreedy(model, prompt, {}, 12);
        QVERIFY(!o.reasoning.empty());
        QCOMPARE(a.reasoning, QString::fromStdString(o.reasoning));
        QCOMPARE(a.reasoning + a.text, QString::fromStdString(o.text));
        QVERIFY(a.result.reasoningMs > 0);

        // Continuing an answer whose reasoning is done: only answer text.
        QList<PromptMessage> partial = chat;
        partial.append({"assistant", "The dog", "A dog story."});
        GenerationRequest r = request(partial, 6);
        r.continueLast = true;
        const Answer c = collect(service, service.generate(r));
        QCOMPARE(c.result.finishReason, QStringLiteral("length"));
        QVERIFY(c.reasoning.isEmpty());
        QVERIFY(!c.text.isEmpty());
        QCOMPARE(c.result.reasoningMs, 0.0);
    }

    void cleanup() { checkNoValidationMessages(); }

    void cleanupTestCase() { oracleModel_.reset(); }
};

QTEST_GUILESS_MAIN(TestInferenceServiceAnswers)
#include "test_inference_service_answers.moc"
