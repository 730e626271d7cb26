#pragma once

// From the UI's GenerationRequest to what the engine takes: chat messages,
// generation options and the prompt tokens. Plain functions, so the
// worker stays about threads and signals.

#include "services/inference/inference_types.h"

#include "hearth/chat_prompt.h"
#include "hearth/session.h"

#include <cstdint>
#include <vector>

namespace hearth {
class Tokenizer;
}

namespace hearth::inference {

std::vector<hearth::ChatMessage> toChatMessages(const QList<PromptMessage>& messages);

// Sampling and length; a negative seed becomes 0 (a fresh random seed per
// answer), temperature 0 is greedy. Reasoning and cancel are left unset.
hearth::GenerationOptions toGenerationOptions(const GenerationSettings& settings);

// The prompt for `request` in a context of `contextLength` tokens with
// `answerRoom` (at least 1) of them left free for the answer; turns are
// dropped as request.overflow says when it does not fit
// (ChatPrompt::droppedMessages).
//
// continueLast with a last assistant message: the conversation before it
// is rendered with the generation prompt (so the assistant's turn is
// open), then the partial message's own tokens are appended, so the model
// goes on from its last character. Rendering the partial message with the
// template instead would close the turn (end-of-turn token). How the
// partial text is written follows the template's reasoning convention:
//  - an answer under way: any reasoning is written out and closed first
//    ("<think>\n...\n</think>\n\n" or gpt-oss's analysis message), then
//    the answer text; everything generated is answer text.
//  - only reasoning so far: the reasoning block is opened (unless the
//    prompt already did) and the reasoning written; output starts as
//    reasoning.
// Throws hearth::ContextOverflowError when the prompt cannot fit.
hearth::ChatPrompt buildPrompt(const hearth::ChatFormatter& formatter, const hearth::Tokenizer& tokenizer,
                               const GenerationRequest& request, std::uint32_t contextLength,
                               std::uint32_t answerRoom = 1);

// `request` with `reasoning` and `answer` added to the answer it asks for,
// as a continueLast request: how an answer that filled the context goes on
// after older turns made room.
GenerationRequest withAnswerSoFar(const GenerationRequest& request, const QString& reasoning, const QString& answer);

} // namespace hearth::inference
