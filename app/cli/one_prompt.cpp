#include "cli/one_prompt.h"

#include "hearth/tokenizer.h"

namespace hearth::cli {

std::vector<std::int32_t> onePromptTokens(const Model& model, const TemplateChoice& format, bool raw,
                                          const QString& system, const QString& prompt, std::uint32_t contextLength,
                                          GenerationOptions& options)
{
    const std::string text = prompt.toStdString();
    if (raw)
        return model.tokenizer().encode(text, true, true);
    std::vector<ChatMessage> messages;
    if (!system.isEmpty())
        messages.push_back({"system", system.toStdString(), {}});
    messages.push_back({"user", text, {}});
    const ChatFormatter formatter(model.tokenizer(), format);
    const ChatPrompt chat = formatter.format(messages, contextLength - 1, ContextOverflow::Stop);
    options.reasoning = chat.reasoning;
    options.startsInsideReasoning = chat.startsInsideReasoning;
    return chat.tokens;
}

} // namespace hearth::cli
