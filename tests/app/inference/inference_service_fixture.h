#pragma once

// The fixture shared by the inference service suites
// (test_inference_service_*.cpp): answers collected from the service's
// queued signals, greedy answers of a direct hearth::Session as oracle, and
// a base class holding the models they run on and loading one into a
// service.

#include "fixtures.h"
#include "services/inference/inference_service.h"
#include "hearth/chat_prompt.h"
#include "hearth/gguf.h"
#include "hearth/model.h"
#include "hearth/model_maker.h"
#include "hearth/session.h"
#include "hearth/tokenizer.h"
#include "vulkan/instance.h"

#include <QEventLoop>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimer>
#include <QtTest>

#include <functional>

namespace hearth::inference::testing {

constexpr int kContext = 256;
constexpr int kWaitMs = 60000;

struct Answer {
    int id = 0;
    int started = 0;
    QString reasoning, text;
    GenerationResult result;
    bool finished = false;
};

// Collects answer `id` until its generationFinished (or the timeout).
// Signals are queued, so connecting right after generate() misses nothing.
// `onPiece` runs after each piece.
inline Answer collect(InferenceService& service, int id, const std::function<void(const Answer&)>& onPiece = {})
{
    Answer a;
    a.id = id;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    QObject::connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    const auto c1 = QObject::connect(&service, &InferenceService::generationStarted, &loop, [&](int i) {
        if (i == id)
            ++a.started;
    });
    const auto c2 = QObject::connect(&service, &InferenceService::piece, &loop,
                                     [&](int i, const QString& reasoning, const QString& answer) {
                                         if (i != id)
                                             return;
                                         a.reasoning += reasoning;
                                         a.text += answer;
                                         if (onPiece)
                                             onPiece(a);
                                     });
    const auto c3 = QObject::connect(&service, &InferenceService::generationFinished, &loop,
                                     [&](int i, const GenerationResult& r) {
                                         if (i != id)
                                             return;
                                         a.result = r;
                                         a.finished = true;
                                         loop.quit();
                                     });
    timeout.start(kWaitMs);
    loop.exec();
    QObject::disconnect(c1);
    QObject::disconnect(c2);
    QObject::disconnect(c3);
    return a;
}

inline GenerationRequest request(const QList<PromptMessage>& messages, int maxTokens, double temperature = 0)
{
    GenerationRequest r;
    r.messages = messages;
    r.settings.temperature = temperature;
    r.settings.maxTokens = maxTokens;
    r.settings.seed = 1;
    return r;
}

inline std::vector<ChatMessage> toEngine(const QList<PromptMessage>& messages)
{
    std::vector<ChatMessage> out;
    for (const auto& m : messages)
        out.push_back({m.role.toStdString(), m.content.toStdString(), m.reasoning.toStdString()});
    return out;
}

struct Oracle {
    std::string text;      // reasoning and answer
    std::string reasoning; // the reasoning alone
    GenerationStats stats;
    std::size_t promptTokens = 0;
    std::size_t droppedMessages = 0;
};

// Greedy generation on a fresh session of `model`, for `prompt` followed by
// `tail` (already tokenized).
inline Oracle directGreedy(const std::shared_ptr<Model>& model, const ChatPrompt& prompt,
                    const std::vector<std::int32_t>& tail, int maxTokens)
{
    SessionOptions so;
    so.contextLength = kContext;
    Session session(model, so);
    std::vector<std::int32_t> tokens = prompt.tokens;
    tokens.insert(tokens.end(), tail.begin(), tail.end());
    GenerationOptions o;
    o.sampling.temperature = 0;
    o.maxTokens = maxTokens;
    o.reasoning = prompt.reasoning;
    o.startsInsideReasoning = prompt.startsInsideReasoning;
    Oracle out;
    out.stats = session.generate(tokens, o, [&](const TextPiece& p) {
        out.text += p.reasoning + p.answer;
        out.reasoning += p.reasoning;
    });
    out.promptTokens = tokens.size();
    out.droppedMessages = prompt.droppedMessages;
    return out;
}

inline QList<PromptMessage> storyChat()
{
    return {{"system", "You tell short stories.", {}}, {"user", "Tell me about a little dog.", {}}};
}

// What every suite works on: a real tiny model (stories260K) with a direct
// copy as oracle and a random-weights model, made in setUp() (call it from
// initTestCase). Each suite is a Q_OBJECT subclass with its own slots.
class InferenceServiceFixture : public QObject {
protected:
    QTemporaryDir dir_;
    QString stories_;     // a real tiny model: meaningful, deterministic text
    QString randomModel_; // random weights: rarely ends, good for long answers
    QString thinkingModel_; // random weights, a template that opens <think>: all output is reasoning
    std::shared_ptr<Model> oracleModel_; // stories, loaded directly on this thread

    bool load(InferenceService& service, const QString& path, LoadedModel* loaded = nullptr,
              const QString& chatTemplate = {})
    {
        QSignalSpy ok(&service, &InferenceService::modelLoaded);
        QSignalSpy failed(&service, &InferenceService::loadFailed);
        LoadRequest r;
        r.path = path;
        r.contextLength = kContext;
        r.chatTemplate = chatTemplate;
        service.load(r);
        if (!QTest::qWaitFor([&] { return !ok.isEmpty() || !failed.isEmpty(); }, kWaitMs) || ok.isEmpty()) {
            if (!failed.isEmpty())
                qWarning() << "load failed:" << failed.first().at(1).toString();
            return false;
        }
        if (loaded)
            *loaded = ok.first().at(0).value<LoadedModel>();
        return true;
    }

    // The stories model, its oracle and the random model (and, asked for,
    // the thinking model); fails or skips the calling initTestCase when a
    // shared fixture is missing.
    void setUp(bool withThinkingModel = false)
    {
        HEARTH_REQUIRE_SHARED(stories, "models/stories260K-f32.gguf");
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-llama-spm.gguf");
        QVERIFY(dir_.isValid());
        stories_ = QString::fromStdString(stories);
        MakeModelOptions o;
        o.shape = *modelPreset("tiny", "llama");
        o.fileType = "F16";
        o.vocabulary = vocab;
        o.seed = 11;
        randomModel_ = dir_.path() + "/random-llama.gguf";
        makeModel(o, randomModel_.toStdString());

        ModelLoadOptions lo;
        lo.contextLength = kContext;
        oracleModel_ = Model::load(stories, lo);
        if (withThinkingModel)
            makeThinkingModel(o, vocab);
    }

    void checkNoValidationMessages() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

private:
    // The random model's options `o` with the same vocabulary and a ChatML
    // template whose assistant turn opens a reasoning block (as
    // DeepSeek-R1's does).
    void makeThinkingModel(MakeModelOptions o, const std::string& vocab)
    {
        GgufWriter vocabWithTemplate;
        vocabWithTemplate.copyMetadataFrom(GgufFile::open(vocab), "");
        vocabWithTemplate.setString("tokenizer.chat_template",
                                    "{%- for message in messages -%}"
                                    "{{- '<|im_start|>' ~ message.role ~ '\\n' ~ message.content ~ '<|im_end|>\\n' -}}"
                                    "{%- endfor -%}"
                                    "{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n<think>\\n' -}}{%- endif -%}");
        const std::string thinkingVocab = (dir_.path() + "/thinking-vocab.gguf").toStdString();
        vocabWithTemplate.write(thinkingVocab);
        o.vocabulary = thinkingVocab;
        thinkingModel_ = dir_.path() + "/thinking-llama.gguf";
        makeModel(o, thinkingModel_.toStdString());
    }
};

} // namespace hearth::inference::testing
