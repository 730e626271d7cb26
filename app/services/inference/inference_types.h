#pragma once

// What the UI asks the inference service for and what comes back. Plain
// values, registered as metatypes so they travel in queued signals.

#include "core/settings.h"

#include "hearth/context_overflow.h"

#include <QList>
#include <QMetaType>
#include <QString>

namespace hearth::inference {

// The loaded model, as the top bar shows it.
struct LoadedModel {
    QString path;          // the GGUF file (first part of a split set)
    QString name;          // general.name, else the file name
    QString quantization;  // "Q4_K_M"
    QString architecture;  // "qwen2"
    QString device;        // the GPU it runs on
    quint64 deviceBytes = 0; // weights on the device
    int contextLength = 0;   // of the session the chats use
    int trainedContextLength = 0;
    // The chat format: the built-in's label ("Llama 2"), empty for the
    // model's own template. templateFallback: the model has none, so the
    // format is a guess by architecture (the chat page says so).
    QString chatTemplateLabel;
    bool templateFallback = false;
};

struct LoadRequest {
    QString path;
    QString device;        // as hearth::chooseDevice; empty: the best one
    int contextLength = 0; // 0: the model's default (min(trained, 4096))
    QString chatTemplate;  // a built-in's name (hearth::findBuiltinChatTemplate); empty: the model's own
};

// The sampling and length settings of one answer (a chat's side panel).
// Defaults are the engine's (SamplingParams), as in GenerationDefaults.
struct GenerationSettings {
    double temperature = engineDefault(SamplingParams{}.temperature);
    int topK = SamplingParams{}.topK;
    double topP = engineDefault(SamplingParams{}.topP);
    double minP = engineDefault(SamplingParams{}.minP);
    double repeatPenalty = engineDefault(SamplingParams{}.repeatPenalty);
    int maxTokens = -1;      // < 0: until the context is full
    qint64 seed = -1;        // < 0: a random seed per answer
};

struct PromptMessage {
    QString role;      // "system", "user" or "assistant"
    QString content;
    QString reasoning; // an assistant's thinking, when the template wants it back
};

struct GenerationRequest {
    QList<PromptMessage> messages; // the conversation, system prompt first; the answer follows the last
    GenerationSettings settings;
    // Continue the last (assistant) message instead of starting a new
    // answer: its text is kept in the prompt and the model goes on from it.
    bool continueLast = false;
    // Text completion: no chat template, the conversation is one plain text
    // the answer continues (services/inference/raw_prompt.h).
    bool raw = false;
    // What to do when the conversation does not fit in the context, before
    // the answer and when the answer runs into the end of the context.
    hearth::ContextOverflow overflow = hearth::ContextOverflow::DropOldest;
};

struct GenerationResult {
    QString finishReason; // "stop", "length", "cancelled", "error"
    QString error;        // for "error": a sentence for the user
    bool retryable = true; // false: the same request would fail the same way (it cannot fit)
    int promptTokens = 0;
    int reusedTokens = 0;
    int generatedTokens = 0;
    int droppedMessages = 0; // turns left out to fit the context
    int contextTokens = 0;   // tokens in the context at the end (the last prompt and what followed it)
    double timeToFirstTokenMs = 0;
    double prefillTokensPerSecond = 0;
    double decodeTokensPerSecond = 0;
    double reasoningMs = 0;  // how long the model thought (0: it did not)
};

} // namespace hearth::inference

Q_DECLARE_METATYPE(hearth::inference::LoadedModel)
Q_DECLARE_METATYPE(hearth::inference::LoadRequest)
Q_DECLARE_METATYPE(hearth::inference::GenerationRequest)
Q_DECLARE_METATYPE(hearth::inference::GenerationResult)
