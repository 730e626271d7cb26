#include "hearth/chat_prompt.h"

#include "hearth/error.h"
#include "hearth/tokenizer.h"

namespace hearth {

namespace {

std::string tokenText(const Tokenizer& tokenizer, std::int32_t id)
{
    return id >= 0 ? tokenizer.tokenPiece(id) : std::string();
}

// One past the turn starting at `begin`: the message and any replies that
// follow it, up to the next user message.
std::size_t turnEnd(const std::vector<ChatMessage>& messages, std::size_t begin)
{
    std::size_t end = begin + 1;
    while (end < messages.size() && messages[end].role != "user")
        ++end;
    return end;
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
                                 ContextOverflow overflow, const nlohmann::ordered_json& extraVariables) const
{
    const bool hasSystem = !messages.empty() && messages.front().role == "system";
    const std::size_t first = hasSystem ? 1 : 0;
    // Kept: the system prompt, `head` messages after it (TruncateMiddle's
    // first turn, unless it is also the last), then messages from
    // first + head + dropped on.
    std::size_t head = 0;
    if (overflow == ContextOverflow::TruncateMiddle && first < messages.size()) {
        head = turnEnd(messages, first) - first;
        if (first + head >= messages.size())
            head = 0;
    }
    std::size_t dropped = 0;
    while (true) {
        std::vector<ChatMessage> kept(messages.begin(), messages.begin() + std::ptrdiff_t(first + head));
        kept.insert(kept.end(), messages.begin() + std::ptrdiff_t(first + head + dropped), messages.end());
        const std::string text = render(kept, extraVariables);
        ChatPrompt prompt;
        prompt.tokens = tokenize(text);
        if (prompt.tokens.size() <= maxTokens) {
            prompt.reasoning = reasoning_;
            prompt.startsInsideReasoning = reasoning_ != ReasoningFormat::None && promptOpensReasoning(text);
            prompt.droppedMessages = dropped;
            return prompt;
        }
        using Kind = ContextOverflowError::Kind;
        const std::size_t next = turnEnd(messages, first + head + dropped);
        if (next >= messages.size()) { // only the last turn is left
            if (head > 0) {            // let the first turn go too
                dropped += head;
                head = 0;
                continue;
            }
            throw ContextOverflowError(Kind::MessageTooLong, prompt.tokens.size(), maxTokens);
        }
        if (overflow == ContextOverflow::Stop)
            throw ContextOverflowError(Kind::ConversationTooLong, prompt.tokens.size(), maxTokens);
        dropped = next - first - head;
    }
}

} // namespace hearth
