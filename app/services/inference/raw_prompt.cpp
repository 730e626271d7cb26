#include "services/inference/raw_prompt.h"

#include "hearth/error.h"
#include "hearth/tokenizer.h"

namespace hearth::inference {

std::string completionText(const std::vector<hearth::ChatMessage>& messages)
{
    std::string text;
    for (const hearth::ChatMessage& m : messages) {
        if (m.role == "system")
            continue;
        if (m.role == "user" && !text.empty() && text.back() != '\n')
            text += '\n';
        text += m.content;
    }
    return text;
}

hearth::ChatPrompt completionPrompt(const hearth::Tokenizer& tokenizer,
                                    const std::vector<hearth::ChatMessage>& messages, std::uint32_t maxTokens)
{
    for (std::size_t dropped = 0;; ++dropped) {
        const std::vector<hearth::ChatMessage> kept(messages.begin() + std::ptrdiff_t(dropped), messages.end());
        hearth::ChatPrompt prompt;
        prompt.tokens = tokenizer.encode(completionText(kept), true, true);
        prompt.droppedMessages = dropped;
        if (prompt.tokens.size() <= maxTokens)
            return prompt;
        if (dropped + 1 >= messages.size())
            break;
    }
    throw hearth::Error("The text is longer than the " + std::to_string(maxTokens) +
                        " tokens the context has room for. Shorten it or raise the context length.");
}

} // namespace hearth::inference
