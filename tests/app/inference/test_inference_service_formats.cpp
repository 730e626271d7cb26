// The inference service end to end on the GPU (lavapipe in CI). Prompt
// formats: text completion as `hearth-cli run --raw` does it, and the chat
// format chosen per model (its own, a guess, or a built-in).

#include "inference_service_fixture.h"

#include <QFile>

#include <nlohmann/json.hpp>

using namespace hearth;
using namespace hearth::inference;
using namespace hearth::inference::testing;

class TestInferenceServiceFormats : public InferenceServiceFixture {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { setUp(); }

    void textCompletionIsRunRaw()
    {
        // The raw mode with one message gives llama.cpp's continuation of
        // the prompt, as `hearth-cli run --raw` does (reference.jsonl).
        HEARTH_REQUIRE_SHARED(referencePath, "models/reference.jsonl");
        QFile file(QString::fromStdString(referencePath));
        QVERIFY(file.open(QIODevice::ReadOnly));
        nlohmann::json reference;
        while (!file.atEnd()) {
            const auto line = nlohmann::json::parse(file.readLine().toStdString());
            if (line["model"] == "stories260K-f32.gguf")
                reference = line;
        }
        QVERIFY(!reference.is_null());
        InferenceService service;
        QVERIFY(load(service, stories_));
        GenerationRequest r = request({{"system", "Ignored in text completion.", {}},
                                       {"user", QString::fromStdString(reference["prompt"].get<std::string>()), {}}},
                                      reference["n"].get<int>());
        r.raw = true;
        const Answer a = collect(service, service.generate(r));
        QVERIFY2(a.result.error.isEmpty(), qPrintable(a.result.error));
        QCOMPARE(a.result.promptTokens, int(reference["prompt_ids"].size()));
        const QString expected = QString::fromStdString(reference["expected"].get<std::string>());
        const QString alternative = QString::fromStdString(reference.value("alt_expected", std::string()));
        QVERIFY2(a.text == expected || (!alternative.isEmpty() && a.text == alternative), qPrintable(a.text));

        // A follow-up continues the whole text: the answer right after the
        // prompt, the next message on a new line.
        GenerationRequest next = request({{"user", "Once upon a time", {}},
                                          {"assistant", ", there was a dog", {}},
                                          {"user", "The dog", {}}},
                                         8);
        next.raw = true;
        const Answer b = collect(service, service.generate(next));
        const auto tokens = oracleModel_->tokenizer().encode("Once upon a time, there was a dog\nThe dog", true, true);
        const Oracle o = directGreedy(oracleModel_, ChatPrompt{tokens, {}, false, 0}, {}, 8);
        QCOMPARE(b.text, QString::fromStdString(o.text));
        QCOMPARE(b.result.promptTokens, int(tokens.size()));
    }

    void theChatFormatIsChosenPerModel()
    {
        // stories260K has no template: the Llama 2 guess, said so.
        InferenceService service;
        LoadedModel loaded;
        QVERIFY(load(service, stories_, &loaded));
        QVERIFY(loaded.templateFallback);
        QCOMPARE(loaded.chatTemplateLabel, QStringLiteral("Llama 2"));

        // Chosen at load: ChatML, not a guess, and the answer is ChatML's.
        QVERIFY(load(service, stories_, &loaded, "chatml"));
        QVERIFY(!loaded.templateFallback);
        QCOMPARE(loaded.chatTemplateLabel, QStringLiteral("ChatML"));
        const QList<PromptMessage> chat = storyChat();
        const Answer a = collect(service, service.generate(request(chat, 12)));
        const ChatFormatter chatml(oracleModel_->tokenizer(), chooseChatTemplate("", "llama", "chatml"));
        const Oracle o = directGreedy(oracleModel_, chatml.format(toEngine(chat), kContext - 1, ContextOverflow::DropOldest), {}, 12);
        QCOMPARE(a.text, QString::fromStdString(o.text));
        QCOMPARE(a.result.promptTokens, int(o.promptTokens));

        // Changed while loaded: back to the guess for the next answer.
        QSignalSpy changed(&service, &InferenceService::modelChanged);
        service.setChatTemplate({});
        QVERIFY(changed.wait(kWaitMs));
        QVERIFY(service.model().templateFallback);
        QCOMPARE(service.model().chatTemplateLabel, QStringLiteral("Llama 2"));
        const Answer b = collect(service, service.generate(request(chat, 12)));
        const ChatFormatter llama2(oracleModel_->tokenizer(), chooseChatTemplate("", "llama"));
        const Oracle o2 = directGreedy(oracleModel_, llama2.format(toEngine(chat), kContext - 1, ContextOverflow::DropOldest), {}, 12);
        QCOMPARE(b.text, QString::fromStdString(o2.text));

        // An unknown name fails the load with the choices, not a crash, and
        // the loaded model stays.
        QSignalSpy failed(&service, &InferenceService::loadFailed);
        LoadRequest bad;
        bad.path = stories_;
        bad.chatTemplate = "llama9";
        service.load(bad);
        QVERIFY(failed.wait(kWaitMs));
        QVERIFY2(failed.first().at(1).toString().contains("Choose one of: chatml"), qPrintable(failed.first().at(1).toString()));
        QVERIFY(service.hasModel());
    }

    void cleanup() { checkNoValidationMessages(); }

    void cleanupTestCase() { oracleModel_.reset(); }
};

QTEST_GUILESS_MAIN(TestInferenceServiceFormats)
#include "test_inference_service_formats.moc"
