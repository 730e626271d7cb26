#pragma once

// Chat templates: the Jinja programs shipped inside models (GGUF key
// tokenizer.chat_template) that turn a conversation into the exact prompt
// text the model was trained on. Rendering matches Python's jinja2 as
// Hugging Face configures it (trim_blocks, lstrip_blocks, lenient undefined,
// raise_exception, strftime_now, json.dumps-style tojson), byte for byte.

#include "hearth/error.h"

#include <nlohmann/json.hpp>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

namespace tmpl {
struct Program;
}

struct ChatTemplateInputs {
    // Array of {role, content, optional reasoning_content, tool_calls, ...}.
    nlohmann::ordered_json messages = nlohmann::ordered_json::array();
    bool addGenerationPrompt = true;
    // nullopt: the variable is not defined in the template at all.
    std::optional<std::string> bosToken;
    std::optional<std::string> eosToken;
    // More template variables, e.g. {"enable_thinking": false} or
    // {"tools": [...]}. `tools` and `documents` are none unless given here.
    nlohmann::ordered_json extra = nlohmann::ordered_json::object();
    // ISO-8601 local time for strftime_now, e.g. "2025-03-14T09:26:53";
    // nullopt means the current local time.
    std::optional<std::string> now;
};

// The template itself refused the input through raise_exception(); what()
// is the template's message verbatim (e.g. "System role not supported").
class TemplateError : public Error {
public:
    using Error::Error;
};

class ChatTemplate {
public:
    // Parses once. Throws Error("chat template line N: ...") on syntax errors.
    explicit ChatTemplate(std::string source);
    ~ChatTemplate();
    ChatTemplate(const ChatTemplate&);
    ChatTemplate& operator=(const ChatTemplate&);
    ChatTemplate(ChatTemplate&&) noexcept;
    ChatTemplate& operator=(ChatTemplate&&) noexcept;

    // Safe to call from several threads at once. Throws TemplateError when
    // the template raises, Error("chat template line N: ...") when it fails.
    std::string render(const ChatTemplateInputs& inputs) const;

    const std::string& source() const { return source_; }

private:
    std::string source_;
    std::shared_ptr<const tmpl::Program> program_;
};

// A chat format Hearth ships (builtin_templates.cpp): for models whose file
// has no template, and to override a file's template.
struct BuiltinChatTemplate {
    std::string name;   // "llama3": what --template and the model settings take
    std::string label;  // "Llama 3": what the user reads
    std::string source; // the Jinja program
};

// ChatML, Llama 2, Llama 3, Gemma, Mistral, Phi-3, Alpaca, Vicuna, Zephyr.
const std::vector<BuiltinChatTemplate>& builtinChatTemplates();
// By name, ignoring case and anything but letters and digits ("Llama-3" is
// llama3); nullptr when there is no such template.
const BuiltinChatTemplate* findBuiltinChatTemplate(std::string_view name);
// "chatml, llama2, ...", for messages that list the choices.
std::string builtinChatTemplateNames();

// The template for models that ship without one, chosen by GGUF architecture:
// ChatML for qwen2/qwen3 and anything unknown (the format most fine-tunes
// use), Llama 2's [INST] for "llama" (Llama 3 era files always embed their
// template, so a bare "llama" file is most likely Llama 2 / Mistral 7B
// lineage), Gemma turns for gemma*, and Phi-3 tags for phi3.
const BuiltinChatTemplate& fallbackChatTemplate(std::string_view architecture);
// fallbackChatTemplate(architecture).source.
std::string defaultChatTemplate(std::string_view architecture);

} // namespace hearth
