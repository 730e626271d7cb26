#include "hearth/context_overflow.h"

#include <string>

namespace hearth {
namespace {

std::string sentence(ContextOverflowError::Kind kind, std::size_t tokens, std::uint32_t room)
{
    using Kind = ContextOverflowError::Kind;
    const std::string n = std::to_string(tokens);
    switch (kind) {
    case Kind::MessageTooLong:
        return "This message is too long for the model's context (" + n + " tokens, room for " +
               std::to_string(room) + "). Shorten it or raise the context length in the chat settings.";
    case Kind::ConversationTooLong:
        return "This chat has grown longer than the model's context (" + n + " of " + std::to_string(room) +
               " tokens). Start a new chat, raise the context length, or let the chat drop its oldest messages "
               "(\"When the context is full\" in the chat settings).";
    case Kind::AnswerTooLong:
        return "This answer fills the model's context by itself (" + n +
               " tokens), so it cannot go on. Raise the context length in the chat settings or start a new answer.";
    }
    return {};
}

} // namespace

const char* contextOverflowName(ContextOverflow policy)
{
    switch (policy) {
    case ContextOverflow::DropOldest: return "drop-oldest";
    case ContextOverflow::TruncateMiddle: return "truncate-middle";
    case ContextOverflow::Stop: return "stop";
    }
    return "drop-oldest";
}

std::optional<ContextOverflow> contextOverflowFromName(std::string_view name)
{
    for (ContextOverflow p : {ContextOverflow::DropOldest, ContextOverflow::TruncateMiddle, ContextOverflow::Stop})
        if (name == contextOverflowName(p))
            return p;
    return std::nullopt;
}

ContextOverflowError::ContextOverflowError(Kind kind, std::size_t tokens, std::uint32_t room)
    : Error(sentence(kind, tokens, room)), kind_(kind), tokens_(tokens)
{
}

} // namespace hearth
