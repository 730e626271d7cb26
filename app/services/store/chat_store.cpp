#include "services/store/chat_store.h"

#include "hearth/error.h"
#include "services/store/rows.h"

#include <algorithm>

namespace hearth::store {

qint64 ChatStore::createChat(const Chat& chat)
{
    const qint64 now = nowMs();
    const qint64 created = chat.createdMs ? chat.createdMs : now;
    Statement insert = db_.prepare(
        "INSERT INTO chats (title, created_ms, updated_ms, pinned, folder, system_prompt, model, sampling_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, chat.title).bind(2, created).bind(3, chat.updatedMs ? chat.updatedMs : created);
    insert.bind(4, chat.pinned).bind(5, chat.folder).bind(6, chat.systemPrompt).bind(7, chat.model);
    insert.bind(8, chat.samplingJson).run();
    return db_.lastInsertId();
}

std::optional<Chat> ChatStore::chat(qint64 id)
{
    Statement query = db_.prepare("SELECT " HEARTH_CHAT_COLUMNS " FROM chats WHERE id = ?");
    query.bind(1, id);
    if (!query.step())
        return std::nullopt;
    return readChat(query);
}

Chat ChatStore::requireChat(qint64 id)
{
    std::optional<Chat> found = chat(id);
    if (!found)
        throw Error("There is no chat with id " + std::to_string(id) + " (it may have been deleted).");
    return *found;
}

std::vector<Chat> ChatStore::listChats(int limit, int offset, const QString& folder)
{
    // Both orders walk an index backwards (chats_by_list_order /
    // chats_by_folder), so the first page costs the same with 10 or 10,000 chats.
    Statement query = folder.isEmpty()
        ? db_.prepare("SELECT " HEARTH_CHAT_COLUMNS " FROM chats "
                      "ORDER BY pinned DESC, updated_ms DESC, id DESC LIMIT ? OFFSET ?")
        : db_.prepare("SELECT " HEARTH_CHAT_COLUMNS " FROM chats WHERE folder = ?3 "
                      "ORDER BY pinned DESC, updated_ms DESC, id DESC LIMIT ?1 OFFSET ?2");
    query.bind(1, std::max(0, limit)).bind(2, std::max(0, offset));
    if (!folder.isEmpty())
        query.bind(3, folder);
    std::vector<Chat> chats;
    while (query.step())
        chats.push_back(readChat(query));
    return chats;
}

qint64 ChatStore::chatCount()
{
    Statement query = db_.prepare("SELECT count(*) FROM chats");
    return query.step() ? query.int64(0) : 0;
}

void ChatStore::rename(qint64 id, const QString& title)
{
    db_.prepare("UPDATE chats SET title = ?, updated_ms = ? WHERE id = ?").bind(1, title).bind(2, nowMs()).bind(3, id).run();
    requireChanged(id);
}

void ChatStore::setPinned(qint64 id, bool pinned)
{
    // Pinning is not an update of the chat's content: its place among the
    // unpinned chats stays the same.
    db_.prepare("UPDATE chats SET pinned = ? WHERE id = ?").bind(1, pinned).bind(2, id).run();
    requireChanged(id);
}

void ChatStore::setFolder(qint64 id, const QString& folder)
{
    db_.prepare("UPDATE chats SET folder = ? WHERE id = ?").bind(1, folder).bind(2, id).run();
    requireChanged(id);
}

void ChatStore::updateSettings(qint64 id, const QString& systemPrompt, const QString& model, const QString& samplingJson)
{
    Statement update = db_.prepare(
        "UPDATE chats SET system_prompt = ?, model = ?, sampling_json = ?, updated_ms = ? WHERE id = ?");
    update.bind(1, systemPrompt).bind(2, model).bind(3, samplingJson).bind(4, nowMs()).bind(5, id).run();
    requireChanged(id);
}

void ChatStore::setModel(qint64 id, const QString& model)
{
    db_.prepare("UPDATE chats SET model = ? WHERE id = ?").bind(1, model).bind(2, id).run();
    requireChanged(id);
}

void ChatStore::deleteChat(qint64 id)
{
    // The messages go with it (ON DELETE CASCADE); compare sessions are
    // separate and stay.
    Transaction transaction(db_);
    db_.prepare("DELETE FROM chats WHERE id = ?").bind(1, id).run();
    requireChanged(id);
    transaction.commit();
}

int ChatStore::recoverInterrupted()
{
    db_.prepare("UPDATE messages SET finish_reason = 'error' WHERE finish_reason = 'streaming'").run();
    return db_.changes();
}

void ChatStore::requireChanged(qint64 id)
{
    if (db_.changes() == 0)
        throw Error("There is no chat with id " + std::to_string(id) + " (it may have been deleted).");
}

} // namespace hearth::store
