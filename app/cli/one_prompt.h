#pragma once

// One prompt's tokens, built the same way by `hearth-cli run` and
// `hearth-cli compare` so that their greedy answers match.

#include "hearth/chat_prompt.h"
#include "hearth/model.h"
#include "hearth/session.h"

#include <QString>

#include <cstdint>
#include <vector>

namespace hearth::cli {

// `prompt` as is (raw: BOS as the vocabulary asks), or as the user turn
// after `system` (if any) in `format`, cut to fit `contextLength` - 1
// (ContextOverflow::Stop: a prompt too long throws). For a chat prompt,
// sets `options`' reasoning fields as the template asks.
std::vector<std::int32_t> onePromptTokens(const Model& model, const TemplateChoice& format, bool raw,
                                          const QString& system, const QString& prompt, std::uint32_t contextLength,
                                          GenerationOptions& options);

} // namespace hearth::cli
