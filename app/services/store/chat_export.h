#pragma once

// A chat to and from files: Markdown (the branch on screen, for reading and
// sharing) and JSON (the whole tree, for backup and moving between
// machines). Used from the Database's thread only.
//
// JSON format ("format": "hearth-chat", "version": 1): the chat's fields,
// "sampling" (an object), "active_leaf", and "messages" (parents before
// children), each with "id", "parent" (null for a first message), "role",
// "content", "reasoning", "model", "settings" (how an answer was made: an
// object, or null), "created_ms", "finish_reason" and
// "stats" {prompt_tokens, generated_tokens, ttft_ms, prefill_tps, decode_tps}.
// Ids are only meaningful inside the file.

#include "services/store/database.h"

#include <QByteArray>
#include <QString>

namespace hearth::store {

QString exportChatMarkdown(Database& db, qint64 chatId);
QByteArray exportChatJson(Database& db, qint64 chatId);

// Creates a new chat from exported JSON and returns its id. It counts as
// updated now, so it shows at the top of the list. Throws hearth::Error for
// anything that is not a well-formed Hearth chat export; nothing is written then.
qint64 importChatJson(Database& db, const QByteArray& json);

} // namespace hearth::store
