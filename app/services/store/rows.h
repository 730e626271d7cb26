#pragma once

// Column lists and row readers shared by the store classes, so every query
// that returns a Chat or a Message reads it the same way.

#include "services/store/database.h"
#include "services/store/store_types.h"

namespace hearth::store {

// Select lists, in the order readChat / readMessage expect (from column 0).
#define HEARTH_CHAT_COLUMNS                                                                       \
    "chats.id, chats.title, chats.created_ms, chats.updated_ms, chats.pinned, chats.folder, "     \
    "chats.system_prompt, chats.model, chats.sampling_json, chats.active_leaf_id"
#define HEARTH_MESSAGE_COLUMNS                                                                    \
    "messages.id, messages.chat_id, messages.parent_id, messages.role, messages.content, "        \
    "messages.reasoning, messages.model, messages.created_ms, messages.prompt_tokens, "           \
    "messages.generated_tokens, messages.ttft_ms, messages.prefill_tps, messages.decode_tps, "    \
    "messages.finish_reason, messages.reasoning_ms, messages.settings_json"

Chat readChat(const Statement& row);
Message readMessage(const Statement& row);
// prompt_tokens, generated_tokens, ttft_ms, prefill_tps, decode_tps from
// column `first` on (messages and compare answers store them alike).
GenerationStats readStats(const Statement& row, int first);

} // namespace hearth::store
