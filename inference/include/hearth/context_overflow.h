#pragma once

// What to do when a conversation no longer fits in the model's context: a
// chat's setting (with a default in Settings), applied to the prompt before
// generation and to an answer that runs into the end of the context.

#include "hearth/error.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace hearth {

enum class ContextOverflow {
    DropOldest,     // keep the system prompt, leave out the oldest turns (a rolling window)
    TruncateMiddle, // keep the system prompt and the first turn, leave out the turns after it
    Stop,           // refuse, and let the user decide
};

// "drop-oldest", "truncate-middle", "stop": the names settings files and
// chats store.
const char* contextOverflowName(ContextOverflow policy);
std::optional<ContextOverflow> contextOverflowFromName(std::string_view name);

// The prompt cannot fit. Its message is for the user: how long, and what to
// do about it. Sending the same conversation again fails the same way.
class ContextOverflowError : public Error {
public:
    enum class Kind {
        MessageTooLong,      // even the last message alone does not fit
        ConversationTooLong, // it would fit without older turns, but the policy is Stop
        AnswerTooLong,       // an answer to continue fills the context by itself
    };
    ContextOverflowError(Kind kind, std::size_t tokens, std::uint32_t room);

    Kind kind() const { return kind_; }
    std::size_t tokens() const { return tokens_; }

private:
    Kind kind_;
    std::size_t tokens_;
};

} // namespace hearth
