#pragma once

// Text completion: a conversation sent to the model as plain text, with no
// chat template, so the answer continues what was written (what base
// models need, and what `hearth-cli run --raw` does with one prompt).

#include "hearth/chat_prompt.h"

#include <cstdint>
#include <string>
#include <vector>

namespace hearth {
class Tokenizer;
}

namespace hearth::inference {

// The messages as one text: an answer follows its prompt directly (it
// continued it); a user message after other text starts on a new line.
// System messages are left out: a base model would only continue them.
std::string completionText(const std::vector<hearth::ChatMessage>& messages);

// completionText's tokens, BOS as the vocabulary asks and special tokens
// parsed, exactly as `run --raw` encodes its prompt. When they are more
// than maxTokens, the oldest messages are left out (droppedMessages) until
// they fit; hearth::Error when even the last message alone does not.
hearth::ChatPrompt completionPrompt(const hearth::Tokenizer& tokenizer,
                                    const std::vector<hearth::ChatMessage>& messages, std::uint32_t maxTokens);

} // namespace hearth::inference
