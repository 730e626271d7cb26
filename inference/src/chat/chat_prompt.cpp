#include "hearth/chat_prompt.h"

#include "hearth/error.h"
#include "hearth/tokenizer.h"

namespace hearth {

namespace {

std::string tokenText(const Tokenizer& tokenizer, std::int32_t id)
{
    return id >= 0 ? tokenizer.tokenPiece(id) : std::string();
}

bool startsWith(const std::string& s, const std::string& prefix)
{
    return !prefix.empty() && s.compare(0, prefix.size(), prefix) == 0;
}

} // namespace

ChatFormatter::ChatFormatter(const Tokenizer& tokenizer, const std::string& templateSource,
                             const std::string& architecture)
    : ChatFormatter(tokenizer, chooseChatTemplate(templateSource, architecture))
{
}

ChatFormatter::ChatFormatter(const Tokenizer& tokenizer, const TemplateChoice& choice)
    : tokenizer_(tokenizer), template_(choice.source), origin_(choice.origin),
      reasoning_(detectReasoningFormat(template_.source())), bos_(tokenText(tokenizer, tokenizer.bos())),
      eos_(tokenText(tokenizer, tokenizer.eos()))
{
}

std::string ChatFormatter::render(const std::vector<ChatMessage>& messages,
                                  const nlohmann::ordered_json& extraVariables) const
{
    ChatTemplateInputs inputs;
    for (const ChatMessage& m : messages) {
        nlohmann::ordered_json message = {{"role", m.role}, {"content", m.content}};
        if (!m.reasoning.empty())
            message["reasoning_content"] = m.reasoning;
        inputs.messages.push_back(std::move(message));
    }
    inputs.addGenerationPrompt = true;
    inputs.bosToken = bos_;
    inputs.eosToken = eos_;
    inputs.extra = extraVariables;
    return template_.render(inputs);
}

std::vector<std::int32_t> ChatFormatter::tokenize(const std::string& text) const
{
    // Templates write BOS themselves; the tokenizer adds it too when the
    // vocabulary asks, so drop the written one (as llama.cpp does).
    std::string_view body = text;
    if (tokenizer_.addsBos() && startsWith(text, bos_))
        body.remove_prefix(bos_.size());
    return tokenizer_.encode(body, true, true);
}

ChatPrompt ChatFormatter::format(const std::vector<ChatMessage>& messages, std::uint32_t maxTokens,
                                 bool dropOldest, const nlohmann::ordered_json& extraVariables) const
{
    const bool hasSystem = !messages.empty() && messages.front().role == "system";
    const std::size_t first = hasSystem ? 1 : 0;
    std::size_t dropped = 0;
    while (true) {
        std::vector<ChatMessage> kept;
        if (hasSystem)
            kept.push_back(messages.front());
        kept.insert(kept.end(), messages.begin() + std::ptrdiff_t(first + dropped), messages.end());
        const std::string text = render(kept, extraVariables);
        ChatPrompt prompt;
        prompt.tokens = tokenize(text);
        if (prompt.tokens.size() <= maxTokens) {
            prompt.reasoning = reasoning_;
            prompt.startsInsideReasoning = reasoning_ != ReasoningFormat::None && promptOpensReasoning(text);
            prompt.droppedMessages = dropped;
            return prompt;
        }
        // Drop one whole turn: the oldest message and any assistant replies
        // that follow it, so the kept part still starts with a user message.
        std::size_t next = first + dropped + 1;
        while (next < messages.size() && messages[next].role != "user")
            ++next;
        if (!dropOldest || next >= messages.size())
            throw Error("The conversation is " + std::to_string(prompt.tokens.size()) +
                        " tokens long, more than the " + std::to_string(maxTokens) +
                        " tokens the context has room for. Start a new chat, shorten the message, or raise the "
                        "context length.");
        dropped = next - first;
    }
}

} // namespace hearth
