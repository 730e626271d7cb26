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

} // namespace hearth
