#include "hearth/chat_template.h"

#include "template/builtins.h"
#include "template/errors.h"
#include "template/interpreter.h"
#include "template/json.h"
#include "template/parser.h"

#include <ctime>

namespace hearth {

namespace {

Error lineError(const tmpl::RenderError& e)
{
    if (e.line() > 0)
        return Error("chat template line " + std::to_string(e.line()) + ": " + e.what());
    return Error(std::string("chat template: ") + e.what());
}

std::tm currentLocalTime()
{
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    return local;
}

} // namespace

ChatTemplate::ChatTemplate(std::string source) : source_(std::move(source))
{
    try {
        program_ = tmpl::parseTemplate(source_);
    } catch (const tmpl::RenderError& e) {
        throw lineError(e);
    }
}

ChatTemplate::~ChatTemplate() = default;
ChatTemplate::ChatTemplate(const ChatTemplate&) = default;
ChatTemplate& ChatTemplate::operator=(const ChatTemplate&) = default;
ChatTemplate::ChatTemplate(ChatTemplate&&) noexcept = default;
ChatTemplate& ChatTemplate::operator=(ChatTemplate&&) noexcept = default;

std::string ChatTemplate::render(const ChatTemplateInputs& inputs) const
{
    using tmpl::Value;
    // Declared first so that it ends last, after every scope and value.
    tmpl::CycleBreaker cycleBreaker;
    try {
        tmpl::Scope globals;
        tmpl::installGlobals(globals, inputs.now ? tmpl::parseIsoDateTime(*inputs.now) : currentLocalTime());
        tmpl::Scope context;
        context.parent = &globals;
        context.set("messages", tmpl::fromJson(inputs.messages));
        context.set("add_generation_prompt", Value(inputs.addGenerationPrompt));
        if (inputs.bosToken)
            context.set("bos_token", Value(*inputs.bosToken));
        if (inputs.eosToken)
            context.set("eos_token", Value(*inputs.eosToken));
        // Hugging Face always passes these two, as None when unused.
        context.set("tools", Value(nullptr));
        context.set("documents", Value(nullptr));
        if (inputs.extra.is_object())
            for (const auto& [key, value] : inputs.extra.items())
                context.set(key, tmpl::fromJson(value));
        tmpl::Interpreter interpreter(*program_, context);
        return interpreter.render();
    } catch (const tmpl::RaisedError& e) {
        throw TemplateError(e.what());
    } catch (const tmpl::RenderError& e) {
        throw lineError(e);
    } catch (const Error&) {
        throw;
    } catch (const std::bad_alloc&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(std::string("chat template: ") + e.what());
    }
}

std::string defaultChatTemplate(std::string_view architecture)
{
    // Message content may be a list of parts in newer APIs; these defaults
    // render only the text parts, so that a picture never breaks a prompt.
    static const std::string text =
        "{%- macro text(content) -%}"
        "{%- if content is string -%}{{- content -}}"
        "{%- elif content is iterable and content is not mapping -%}"
        "{%- for part in content if part is mapping and part.type == 'text' -%}{{- part.text -}}{%- endfor -%}"
        "{%- elif content is not none -%}{{- content -}}"
        "{%- endif -%}"
        "{%- endmacro -%}\n";

    const std::string arch(architecture);
    if (arch == "llama") {
        return text +
            "{%- if messages and messages[0].role == 'system' -%}\n"
            "{%- set system = text(messages[0].content) -%}{%- set loop_messages = messages[1:] -%}\n"
            "{%- else -%}{%- set system = '' -%}{%- set loop_messages = messages -%}{%- endif -%}\n"
            "{%- for message in loop_messages -%}\n"
            "{%- if message.role == 'user' -%}\n"
            "{{- bos_token ~ '[INST] ' -}}\n"
            "{%- if loop.first and system -%}{{- '<<SYS>>\\n' ~ system ~ '\\n<</SYS>>\\n\\n' -}}{%- endif -%}\n"
            "{{- text(message.content) | trim ~ ' [/INST]' -}}\n"
            "{%- elif message.role == 'assistant' -%}\n"
            "{{- ' ' ~ text(message.content) | trim ~ ' ' ~ eos_token -}}\n"
            "{%- endif -%}\n"
            "{%- endfor -%}\n";
    }
    if (arch.rfind("gemma", 0) == 0) {
        // Gemma has no system role: system text goes in front of the next user turn.
        return text +
            "{{- bos_token -}}\n"
            "{%- set ns = namespace(system='') -%}\n"
            "{%- for message in messages -%}\n"
            "{%- if message.role == 'system' -%}{%- set ns.system = ns.system ~ text(message.content) ~ '\\n\\n' -%}\n"
            "{%- else -%}\n"
            "{%- set role = 'model' if message.role == 'assistant' else 'user' -%}\n"
            "{{- '<start_of_turn>' ~ role ~ '\\n' -}}\n"
            "{%- if role == 'user' -%}{{- ns.system -}}{%- set ns.system = '' -%}{%- endif -%}\n"
            "{{- text(message.content) | trim ~ '<end_of_turn>\\n' -}}\n"
            "{%- endif -%}\n"
            "{%- endfor -%}\n"
            "{%- if add_generation_prompt -%}{{- '<start_of_turn>model\\n' -}}{%- endif -%}\n";
    }
    if (arch == "phi3") {
        return text +
            "{%- for message in messages -%}\n"
            "{{- '<|' ~ message.role ~ '|>\\n' ~ text(message.content) ~ '<|end|>\\n' -}}\n"
            "{%- endfor -%}\n"
            "{%- if add_generation_prompt -%}{{- '<|assistant|>\\n' -}}{%- else -%}{{- eos_token -}}{%- endif -%}\n";
    }
    return text +
        "{%- for message in messages -%}\n"
        "{{- '<|im_start|>' ~ message.role ~ '\\n' ~ text(message.content) ~ '<|im_end|>\\n' -}}\n"
        "{%- endfor -%}\n"
        "{%- if add_generation_prompt -%}{{- '<|im_start|>assistant\\n' -}}{%- endif -%}\n";
}

} // namespace hearth
