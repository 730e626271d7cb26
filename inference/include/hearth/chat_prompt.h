#pragma once

// From a conversation to the prompt tokens a model expects: the model's
// chat template (or a default for its architecture), BOS/EOS handled as
// llama.cpp does, the reasoning convention detected, and conversations
// longer than the context refused or trimmed as the chat's ContextOverflow
// policy says.

#include "hearth/chat_template.h"
#include "hearth/context_overflow.h"
#include "hearth/reasoning.h"

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

class Tokenizer;

struct ChatMessage {
    std::string role; // "system", "user" or "assistant"
    std::string content;
    std::string reasoning; // an assistant's thinking, passed as reasoning_content
};

struct ChatPrompt {
    std::vector<std::int32_t> tokens;
    ReasoningFormat reasoning = ReasoningFormat::None;
    bool startsInsideReasoning = false; // the prompt ends by opening a reasoning block
    std::size_t droppedMessages = 0;    // turns left out to fit
};

// Which template a model's conversations are written with, and why.
enum class TemplateOrigin {
    Model,    // the file's own tokenizer.chat_template
    Chosen,   // a built-in the user picked (--template, the model's settings)
    Fallback, // the file has none: the architecture's built-in, a guess
};

struct TemplateChoice {
    std::string source;
    std::string name;  // the built-in's name ("llama2"); empty for the file's own
    std::string label; // the built-in's label ("Llama 2"); empty for the file's own
    TemplateOrigin origin = TemplateOrigin::Model;
};

// `modelTemplate`: the file's template, empty when it has none. `chosen`: a
// built-in's name (findBuiltinChatTemplate), empty for the file's own or,
// without one, fallbackChatTemplate(architecture). Throws hearth::Error
// naming the built-ins for an unknown name.
TemplateChoice chooseChatTemplate(const std::string& modelTemplate, std::string_view architecture,
                                  std::string_view chosen = {});

class ChatFormatter {
public:
    // `templateSource` empty: defaultChatTemplate(architecture).
    ChatFormatter(const Tokenizer& tokenizer, const std::string& templateSource, const std::string& architecture);
    ChatFormatter(const Tokenizer& tokenizer, const TemplateChoice& choice);

    // The prompt for `messages` followed by the assistant's turn. When it is
    // longer than maxTokens, whole user/assistant turns are left out as
    // `overflow` says: DropOldest the oldest after the system prompt,
    // TruncateMiddle the oldest after the first turn (and the first turn
    // too when it and the last one do not fit together); Stop, or when even
    // the last user message alone does not fit, throws
    // ContextOverflowError. extraVariables go to the template (e.g.
    // {"enable_thinking": false}).
    ChatPrompt format(const std::vector<ChatMessage>& messages, std::uint32_t maxTokens, ContextOverflow overflow,
                      const nlohmann::ordered_json& extraVariables = nlohmann::ordered_json::object()) const;

    // Rendered text only (tests, `hearth-cli template`).
    std::string render(const std::vector<ChatMessage>& messages,
                       const nlohmann::ordered_json& extraVariables = nlohmann::ordered_json::object()) const;

    const ChatTemplate& chatTemplate() const { return template_; }
    // Fallback: the model has no template and Hearth guessed one (say so).
    TemplateOrigin templateOrigin() const { return origin_; }

private:
    std::vector<std::int32_t> tokenize(const std::string& text) const;

    const Tokenizer& tokenizer_;
    ChatTemplate template_;
    TemplateOrigin origin_;
    ReasoningFormat reasoning_;
    std::string bos_, eos_;
};

} // namespace hearth
