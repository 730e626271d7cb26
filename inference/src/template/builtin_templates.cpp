// The chat formats Hearth ships: for models whose file has no
// tokenizer.chat_template, and for users who want another format than the
// file's. Each is written from the format's published description (the
// model cards and the projects' prompt-format notes) as a Jinja program for
// our own interpreter, so they render exactly like a file's template would.

#include "hearth/chat_template.h"

#include <algorithm>
#include <cctype>

namespace hearth {
namespace {

// Message content may be a list of parts in newer APIs; the built-ins
// render only the text parts, so that a picture never breaks a prompt.
constexpr const char* kTextMacro = R"jinja(
{%- macro text(content) -%}
{%- if content is string -%}{{- content -}}
{%- elif content is iterable and content is not mapping -%}
{%- for part in content if part is mapping and part.type == 'text' -%}{{- part.text -}}{%- endfor -%}
{%- elif content is not none -%}{{- content -}}
{%- endif -%}
{%- endmacro -%}
)jinja";

// <|im_start|>role\ntext<|im_end|>\n per message (Qwen, most fine-tunes).
constexpr const char* kChatMl = R"jinja(
{%- for message in messages -%}
{{- '<|im_start|>' ~ message.role ~ '\n' ~ text(message.content) ~ '<|im_end|>\n' -}}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\n' -}}{%- endif -%}
)jinja";

// <s>[INST] <<SYS>>\nsystem\n<</SYS>>\n\nuser [/INST] answer </s> per turn.
constexpr const char* kLlama2 = R"jinja(
{%- if messages and messages[0].role == 'system' -%}
{%- set system = text(messages[0].content) -%}{%- set loop_messages = messages[1:] -%}
{%- else -%}{%- set system = '' -%}{%- set loop_messages = messages -%}{%- endif -%}
{%- for message in loop_messages -%}
{%- if message.role == 'user' -%}
{{- bos_token ~ '[INST] ' -}}
{%- if loop.first and system -%}{{- '<<SYS>>\n' ~ system ~ '\n<</SYS>>\n\n' -}}{%- endif -%}
{{- text(message.content) | trim ~ ' [/INST]' -}}
{%- elif message.role == 'assistant' -%}
{{- ' ' ~ text(message.content) | trim ~ ' ' ~ eos_token -}}
{%- endif -%}
{%- endfor -%}
)jinja";

// <|begin_of_text|> then <|start_header_id|>role<|end_header_id|>\n\ntext<|eot_id|>.
constexpr const char* kLlama3 = R"jinja(
{{- bos_token -}}
{%- for message in messages -%}
{{- '<|start_header_id|>' ~ message.role ~ '<|end_header_id|>\n\n' ~ text(message.content) | trim ~ '<|eot_id|>' -}}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- '<|start_header_id|>assistant<|end_header_id|>\n\n' -}}{%- endif -%}
)jinja";

// Gemma has no system role: system text goes in front of the next user turn.
constexpr const char* kGemma = R"jinja(
{{- bos_token -}}
{%- set ns = namespace(system='') -%}
{%- for message in messages -%}
{%- if message.role == 'system' -%}{%- set ns.system = ns.system ~ text(message.content) ~ '\n\n' -%}
{%- else -%}
{%- set role = 'model' if message.role == 'assistant' else 'user' -%}
{{- '<start_of_turn>' ~ role ~ '\n' -}}
{%- if role == 'user' -%}{{- ns.system -}}{%- set ns.system = '' -%}{%- endif -%}
{{- text(message.content) | trim ~ '<end_of_turn>\n' -}}
{%- endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- '<start_of_turn>model\n' -}}{%- endif -%}
)jinja";

// Mistral Instruct: one BOS, [INST] user [/INST] answer</s>; no system
// role, so system text goes in front of the next user message.
constexpr const char* kMistral = R"jinja(
{{- bos_token -}}
{%- set ns = namespace(system='') -%}
{%- for message in messages -%}
{%- if message.role == 'system' -%}{%- set ns.system = ns.system ~ text(message.content) ~ '\n\n' -%}
{%- elif message.role == 'user' -%}
{{- '[INST] ' ~ ns.system ~ text(message.content) | trim ~ ' [/INST]' -}}{%- set ns.system = '' -%}
{%- elif message.role == 'assistant' -%}{{- ' ' ~ text(message.content) | trim ~ eos_token -}}
{%- endif -%}
{%- endfor -%}
)jinja";

// <|role|>\ntext<|end|>\n per message.
constexpr const char* kPhi3 = R"jinja(
{%- for message in messages -%}
{{- '<|' ~ message.role ~ '|>\n' ~ text(message.content) ~ '<|end|>\n' -}}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- '<|assistant|>\n' -}}{%- else -%}{{- eos_token -}}{%- endif -%}
)jinja";

// Stanford Alpaca: a preamble (the system prompt, else Alpaca's own), then
// ### Instruction: / ### Response: sections.
constexpr const char* kAlpaca = R"jinja(
{{- bos_token -}}
{%- set ns = namespace(system='Below is an instruction that describes a task. Write a response that appropriately completes the request.') -%}
{%- if messages and messages[0].role == 'system' -%}{%- set ns.system = text(messages[0].content) | trim -%}{%- endif -%}
{%- if ns.system -%}{{- ns.system ~ '\n\n' -}}{%- endif -%}
{%- for message in messages -%}
{%- if message.role == 'user' -%}{{- '### Instruction:\n' ~ text(message.content) | trim ~ '\n\n' -}}
{%- elif message.role == 'assistant' -%}{{- '### Response:\n' ~ text(message.content) | trim ~ '\n\n' -}}
{%- endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- '### Response:\n' -}}{%- endif -%}
)jinja";

// Vicuna v1.1: a preamble, then "USER: ... ASSISTANT: ...</s>".
constexpr const char* kVicuna = R"jinja(
{{- bos_token -}}
{%- set ns = namespace(system="A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.") -%}
{%- if messages and messages[0].role == 'system' -%}{%- set ns.system = text(messages[0].content) | trim -%}{%- endif -%}
{%- if ns.system -%}{{- ns.system ~ ' ' -}}{%- endif -%}
{%- for message in messages -%}
{%- if message.role == 'user' -%}{{- 'USER: ' ~ text(message.content) | trim ~ ' ' -}}
{%- elif message.role == 'assistant' -%}{{- 'ASSISTANT: ' ~ text(message.content) | trim ~ eos_token -}}
{%- endif -%}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- 'ASSISTANT:' -}}{%- endif -%}
)jinja";

// Zephyr: <|role|>\ntext</s>\n per message, the end being the EOS token.
constexpr const char* kZephyr = R"jinja(
{%- for message in messages -%}
{{- '<|' ~ message.role ~ '|>\n' ~ text(message.content) ~ eos_token ~ '\n' -}}
{%- endfor -%}
{%- if add_generation_prompt -%}{{- '<|assistant|>\n' -}}{%- endif -%}
)jinja";

std::vector<BuiltinChatTemplate> makeBuiltins()
{
    const auto make = [](const char* name, const char* label, const char* body) {
        return BuiltinChatTemplate{name, label, std::string(kTextMacro) + body};
    };
    return {
        make("chatml", "ChatML", kChatMl),   make("llama2", "Llama 2", kLlama2), make("llama3", "Llama 3", kLlama3),
        make("gemma", "Gemma", kGemma),      make("mistral", "Mistral", kMistral), make("phi3", "Phi-3", kPhi3),
        make("alpaca", "Alpaca", kAlpaca),   make("vicuna", "Vicuna", kVicuna),  make("zephyr", "Zephyr", kZephyr),
    };
}

// "Llama-3", "llama 3" and "LLAMA3" all name llama3.
std::string nameKey(std::string_view name)
{
    std::string key;
    for (char c : name)
        if (std::isalnum(static_cast<unsigned char>(c)))
            key += char(std::tolower(static_cast<unsigned char>(c)));
    return key;
}

} // namespace

const std::vector<BuiltinChatTemplate>& builtinChatTemplates()
{
    static const std::vector<BuiltinChatTemplate> builtins = makeBuiltins();
    return builtins;
}

const BuiltinChatTemplate* findBuiltinChatTemplate(std::string_view name)
{
    const std::string key = nameKey(name);
    if (key.empty())
        return nullptr;
    const auto& all = builtinChatTemplates();
    const auto it = std::find_if(all.begin(), all.end(), [&](const BuiltinChatTemplate& t) { return t.name == key; });
    return it == all.end() ? nullptr : &*it;
}

std::string builtinChatTemplateNames()
{
    std::string names;
    for (const BuiltinChatTemplate& t : builtinChatTemplates())
        names += (names.empty() ? "" : ", ") + t.name;
    return names;
}

const BuiltinChatTemplate& fallbackChatTemplate(std::string_view architecture)
{
    const char* name = "chatml";
    if (architecture == "llama")
        name = "llama2";
    else if (architecture.starts_with("gemma"))
        name = "gemma";
    else if (architecture == "phi3")
        name = "phi3";
    return *findBuiltinChatTemplate(name);
}

std::string defaultChatTemplate(std::string_view architecture)
{
    return fallbackChatTemplate(architecture).source;
}

} // namespace hearth
