#include "services/inference/engine_request.h"

#include "hearth/error.h"
#include "hearth/tokenizer.h"

#include <algorithm>
#include <string>
#include <utility>

namespace hearth::inference {
namespace {

// Text to append after the prompt: tags are control text (parsed as special
// tokens where the vocabulary has them), the message's own text never is.
struct Continuation {
    std::vector<std::pair<std::string, bool>> parts; // text, is a tag
    hearth::ReasoningFormat reasoning = hearth::ReasoningFormat::None;
    bool startsInsideReasoning = false;

    void tag(std::string text) { parts.emplace_back(std::move(text), true); }
    void text(std::string text) { parts.emplace_back(std::move(text), false); }
};

Continuation continuation(const hearth::ChatMessage& partial, const hearth::ChatPrompt& prompt)
{
    using hearth::ReasoningFormat;
    Continuation c;
    const bool answering = !partial.content.empty();
    const bool thinking = !partial.reasoning.empty();
    switch (prompt.reasoning) {
    case ReasoningFormat::None:
        c.text(partial.content);
        break;
    case ReasoningFormat::ThinkTags:
        if (answering) {
            if (thinking || prompt.startsInsideReasoning) {
                if (!prompt.startsInsideReasoning)
                    c.tag("<think>\n");
                c.text(partial.reasoning);
                c.tag(thinking ? "\n</think>\n\n" : "</think>\n\n");
            }
            c.text(partial.content);
        } else if (thinking) {
            if (!prompt.startsInsideReasoning)
                c.tag("<think>\n");
            c.text(partial.reasoning);
            c.reasoning = ReasoningFormat::ThinkTags;
            c.startsInsideReasoning = true;
        }
        break;
    case ReasoningFormat::GptOssChannels:
        if (thinking) {
            c.tag("<|channel|>analysis<|message|>");
            c.text(partial.reasoning);
            if (answering)
                c.tag("<|end|><|start|>assistant");
        }
        if (answering) {
            c.tag("<|channel|>final<|message|>");
            c.text(partial.content);
        } else if (thinking) {
            c.reasoning = ReasoningFormat::GptOssChannels;
            c.startsInsideReasoning = true;
        }
        break;
    }
    return c;
}

std::vector<std::int32_t> tokenize(const hearth::Tokenizer& tokenizer, const Continuation& c)
{
    std::vector<std::int32_t> tokens;
    for (const auto& [text, isTag] : c.parts) {
        if (text.empty())
            continue;
        const auto ids = tokenizer.encode(text, false, isTag);
        tokens.insert(tokens.end(), ids.begin(), ids.end());
    }
    return tokens;
}

} // namespace

std::vector<hearth::ChatMessage> toChatMessages(const QList<PromptMessage>& messages)
{
    std::vector<hearth::ChatMessage> out;
    out.reserve(std::size_t(messages.size()));
    for (const PromptMessage& m : messages)
        out.push_back({m.role.toStdString(), m.content.toStdString(), m.reasoning.toStdString()});
    return out;
}

hearth::GenerationOptions toGenerationOptions(const GenerationSettings& settings)
{
    hearth::GenerationOptions o;
    hearth::SamplingParams& s = o.sampling;
    s.temperature = static_cast<float>(settings.temperature);
    s.topK = settings.topK;
    s.topP = static_cast<float>(settings.topP);
    s.minP = static_cast<float>(settings.minP);
    s.repeatPenalty = static_cast<float>(settings.repeatPenalty);
    s.seed = settings.seed < 0 ? 0 : static_cast<std::uint64_t>(settings.seed);
    o.maxTokens = settings.maxTokens < 0 ? -1 : settings.maxTokens;
    return o;
}

hearth::ChatPrompt buildPrompt(const hearth::ChatFormatter& formatter, const hearth::Tokenizer& tokenizer,
                               const GenerationRequest& request, std::uint32_t contextLength,
                               std::uint32_t answerRoom)
{
    answerRoom = std::max<std::uint32_t>(answerRoom, 1);
    if (contextLength <= answerRoom)
        throw hearth::Error("The context is too small to generate anything.");
    const std::uint32_t budget = contextLength - answerRoom;
    std::vector<hearth::ChatMessage> messages = toChatMessages(request.messages);
    if (!request.continueLast || messages.empty() || messages.back().role != "assistant")
        return formatter.format(messages, budget, request.overflow);

    const hearth::ChatMessage partial = std::move(messages.back());
    messages.pop_back();
    // The continuation depends on the prompt's reasoning convention, and the
    // room left for the prompt on the continuation's length: format once to
    // learn the first, again with less room only when the two do not fit.
    hearth::ChatPrompt prompt = formatter.format(messages, budget, request.overflow);
    const Continuation c = continuation(partial, prompt);
    const std::vector<std::int32_t> tail = tokenize(tokenizer, c);
    if (tail.size() >= budget)
        throw hearth::ContextOverflowError(hearth::ContextOverflowError::Kind::AnswerTooLong, tail.size(), budget);
    if (prompt.tokens.size() + tail.size() > budget) {
        try {
            prompt = formatter.format(messages, budget - std::uint32_t(tail.size()), request.overflow);
        } catch (const hearth::ContextOverflowError& e) {
            if (e.kind() != hearth::ContextOverflowError::Kind::ConversationTooLong)
                throw;
            // Say how long the whole is, answer included, against the whole room.
            throw hearth::ContextOverflowError(e.kind(), prompt.tokens.size() + tail.size(), budget);
        }
    }
    prompt.tokens.insert(prompt.tokens.end(), tail.begin(), tail.end());
    if (!c.parts.empty()) {
        prompt.reasoning = c.reasoning;
        prompt.startsInsideReasoning = c.startsInsideReasoning;
    }
    return prompt;
}

GenerationRequest withAnswerSoFar(const GenerationRequest& request, const QString& reasoning, const QString& answer)
{
    GenerationRequest r = request;
    if (!r.continueLast || r.messages.isEmpty() || r.messages.constLast().role != QLatin1String("assistant"))
        r.messages.push_back({QStringLiteral("assistant"), {}, {}});
    r.messages.back().reasoning += reasoning;
    r.messages.back().content += answer;
    r.continueLast = true;
    return r;
}

} // namespace hearth::inference
