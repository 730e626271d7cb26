#include "hearth/chat_prompt.h"

#include "hearth/error.h"

namespace hearth {

TemplateChoice chooseChatTemplate(const std::string& modelTemplate, std::string_view architecture,
                                  std::string_view chosen)
{
    if (!chosen.empty()) {
        const BuiltinChatTemplate* builtin = findBuiltinChatTemplate(chosen);
        if (!builtin)
            throw Error("There is no chat template called '" + std::string(chosen) +
                        "'. Choose one of: " + builtinChatTemplateNames() + ".");
        return {builtin->source, builtin->name, builtin->label, TemplateOrigin::Chosen};
    }
    if (!modelTemplate.empty())
        return {modelTemplate, {}, {}, TemplateOrigin::Model};
    const BuiltinChatTemplate& fallback = fallbackChatTemplate(architecture);
    return {fallback.source, fallback.name, fallback.label, TemplateOrigin::Fallback};
}

} // namespace hearth
