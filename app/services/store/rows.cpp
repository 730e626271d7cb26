#include "services/store/rows.h"

namespace hearth::store {

Chat readChat(const Statement& row)
{
    Chat chat;
    chat.id = row.int64(0);
    chat.title = row.text(1);
    chat.createdMs = row.int64(2);
    chat.updatedMs = row.int64(3);
    chat.pinned = row.int64(4) != 0;
    chat.folder = row.text(5);
    chat.systemPrompt = row.text(6);
    chat.model = row.text(7);
    chat.samplingJson = row.text(8);
    chat.activeLeafId = row.int64(9); // NULL reads as 0
    return chat;
}

GenerationStats readStats(const Statement& row, int first)
{
    GenerationStats stats;
    stats.promptTokens = row.int64(first);
    stats.generatedTokens = row.int64(first + 1);
    stats.timeToFirstTokenMs = row.real(first + 2);
    stats.prefillTokensPerSecond = row.real(first + 3);
    stats.decodeTokensPerSecond = row.real(first + 4);
    return stats;
}

Message readMessage(const Statement& row)
{
    Message message;
    message.id = row.int64(0);
    message.chatId = row.int64(1);
    message.parentId = row.int64(2);
    // The schema's CHECK constraints keep these two valid.
    message.role = roleFromName(row.text(3)).value_or(Role::User);
    message.content = row.text(4);
    message.reasoning = row.text(5);
    message.model = row.text(6);
    message.createdMs = row.int64(7);
    message.stats = readStats(row, 8);
    message.finishReason = finishReasonFromName(row.text(13)).value_or(FinishReason::None);
    message.stats.reasoningMs = row.real(14);
    message.settingsJson = row.text(15);
    return message;
}

} // namespace hearth::store
