#include "services/store/message_tree.h"

#include "hearth/error.h"
#include "services/store/rows.h"

#include <algorithm>

namespace hearth::store {
namespace {

// Bounds the walks over parent links, which a damaged file could turn into
// a cycle; no real chat is a million messages deep.
constexpr int kMaxDepth = 1000000;

[[noreturn]] void noSuchMessage(qint64 id)
{
    throw Error("There is no message with id " + std::to_string(id) + " (it may have been deleted).");
}

} // namespace

qint64 MessageTree::addChild(qint64 chatId, qint64 parentId, const Message& message)
{
    Transaction transaction(db_);
    if (parentId != 0 && requireMessage(parentId).chatId != chatId)
        throw Error("Message " + std::to_string(parentId) + " belongs to another chat.");
    Statement exists = db_.prepare("SELECT 1 FROM chats WHERE id = ?");
    if (!exists.bind(1, chatId).step())
        throw Error("There is no chat with id " + std::to_string(chatId) + " (it may have been deleted).");

    Statement insert = db_.prepare(
        "INSERT INTO messages (chat_id, parent_id, role, content, reasoning, model, created_ms, prompt_tokens, "
        "generated_tokens, ttft_ms, prefill_tps, decode_tps, finish_reason, reasoning_ms, settings_json) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    insert.bind(1, chatId).bindIdOrNull(2, parentId).bind(3, roleName(message.role));
    insert.bind(4, message.content).bind(5, message.reasoning).bind(6, message.model);
    insert.bind(7, message.createdMs ? message.createdMs : nowMs());
    insert.bind(8, message.stats.promptTokens).bind(9, message.stats.generatedTokens);
    insert.bind(10, message.stats.timeToFirstTokenMs).bind(11, message.stats.prefillTokensPerSecond);
    insert.bind(12, message.stats.decodeTokensPerSecond).bind(13, finishReasonName(message.finishReason));
    insert.bind(14, message.stats.reasoningMs).bind(15, message.settingsJson);
    insert.run();
    const qint64 id = db_.lastInsertId();
    setActiveLeaf(chatId, id, true);
    transaction.commit();
    return id;
}

qint64 MessageTree::addSibling(qint64 messageId, const Message& message)
{
    const Message original = requireMessage(messageId);
    return addChild(original.chatId, original.parentId, message);
}

qint64 MessageTree::edit(qint64 messageId, const QString& newContent)
{
    const Message original = requireMessage(messageId);
    Message edited;
    edited.role = original.role;
    edited.content = newContent;
    return addChild(original.chatId, original.parentId, edited);
}

std::optional<Message> MessageTree::message(qint64 id)
{
    Statement query = db_.prepare("SELECT " HEARTH_MESSAGE_COLUMNS " FROM messages WHERE id = ?");
    if (!query.bind(1, id).step())
        return std::nullopt;
    return readMessage(query);
}

Message MessageTree::requireMessage(qint64 id)
{
    std::optional<Message> found = message(id);
    if (!found)
        noSuchMessage(id);
    return *found;
}

std::vector<Message> MessageTree::activeBranch(qint64 chatId)
{
    // Walks up from the leaf through the primary key, carrying each row
    // along: one lookup per message, whatever the size of the database.
    // CROSS JOIN keeps that order (the planner could otherwise scan messages).
    Statement query = db_.prepare(
        "WITH RECURSIVE branch AS ("
        "  SELECT " HEARTH_MESSAGE_COLUMNS ", 0 AS depth FROM messages"
        "  WHERE messages.id = (SELECT active_leaf_id FROM chats WHERE chats.id = ?1)"
        "  UNION ALL"
        "  SELECT " HEARTH_MESSAGE_COLUMNS ", branch.depth + 1 FROM branch"
        "  CROSS JOIN messages ON messages.id = branch.parent_id WHERE branch.depth < ?2)"
        "SELECT * FROM branch");
    query.bind(1, chatId).bind(2, kMaxDepth);
    std::vector<Message> branch;
    while (query.step())
        branch.push_back(readMessage(query));
    std::reverse(branch.begin(), branch.end()); // leaf first -> root first
    return branch;
}

std::vector<Message> MessageTree::children(qint64 messageId)
{
    Statement query = db_.prepare("SELECT " HEARTH_MESSAGE_COLUMNS " FROM messages WHERE parent_id = ? "
                                  "ORDER BY created_ms, id");
    query.bind(1, messageId);
    std::vector<Message> found;
    while (query.step())
        found.push_back(readMessage(query));
    return found;
}

std::vector<Message> MessageTree::allMessages(qint64 chatId)
{
    // A child is always inserted after its parent, so id order is tree order.
    Statement query = db_.prepare("SELECT " HEARTH_MESSAGE_COLUMNS " FROM messages WHERE chat_id = ? ORDER BY id");
    query.bind(1, chatId);
    std::vector<Message> found;
    while (query.step())
        found.push_back(readMessage(query));
    return found;
}

SiblingPosition MessageTree::siblings(qint64 messageId)
{
    return siblings(requireMessage(messageId));
}

SiblingPosition MessageTree::siblings(const Message& self)
{
    const qint64 messageId = self.id;
    Statement query = self.parentId == 0
        ? db_.prepare("SELECT id FROM messages WHERE chat_id = ? AND parent_id IS NULL ORDER BY created_ms, id")
        : db_.prepare("SELECT id FROM messages WHERE parent_id = ? ORDER BY created_ms, id");
    query.bind(1, self.parentId == 0 ? self.chatId : self.parentId);
    SiblingPosition position;
    while (query.step()) {
        position.siblingIds.push_back(query.int64(0));
        if (position.siblingIds.back() == messageId)
            position.index = position.count();
    }
    return position;
}

qint64 MessageTree::switchBranch(qint64 messageId)
{
    const Message target = requireMessage(messageId);
    Transaction transaction(db_);
    const qint64 leaf = newestLeafUnder(messageId);
    setActiveLeaf(target.chatId, leaf, false);
    transaction.commit();
    return leaf;
}

void MessageTree::deleteMessage(qint64 messageId)
{
    Transaction transaction(db_);
    const Message doomed = requireMessage(messageId);
    const bool wasShown = isOnActiveBranch(doomed);
    // parent_id is a deferred foreign key, so the order of the rows deleted
    // here does not matter; it is checked at commit.
    Statement remove = db_.prepare(
        "WITH RECURSIVE subtree (id, depth) AS ("
        "  SELECT ?1, 0"
        "  UNION ALL"
        "  SELECT messages.id, subtree.depth + 1 FROM subtree CROSS JOIN messages ON messages.parent_id = subtree.id"
        "  WHERE subtree.depth < ?2)"
        "DELETE FROM messages WHERE id IN (SELECT id FROM subtree)");
    remove.bind(1, messageId).bind(2, kMaxDepth).run();

    if (wasShown) {
        Statement newest = doomed.parentId == 0
            ? db_.prepare("SELECT id FROM messages WHERE chat_id = ? AND parent_id IS NULL "
                          "ORDER BY created_ms DESC, id DESC LIMIT 1")
            : db_.prepare("SELECT id FROM messages WHERE parent_id = ? ORDER BY created_ms DESC, id DESC LIMIT 1");
        newest.bind(1, doomed.parentId == 0 ? doomed.chatId : doomed.parentId);
        const qint64 sibling = newest.step() ? newest.int64(0) : 0;
        newest.reset();
        const qint64 leaf = sibling ? newestLeafUnder(sibling) : doomed.parentId;
        setActiveLeaf(doomed.chatId, leaf, true);
    }
    transaction.commit();
}

void MessageTree::updateGenerated(qint64 messageId, const QString& content, const QString& reasoning,
                                  const GenerationStats& stats, FinishReason reason)
{
    Statement update = db_.prepare(
        "UPDATE messages SET content = ?, reasoning = ?, prompt_tokens = ?, generated_tokens = ?, ttft_ms = ?, "
        "prefill_tps = ?, decode_tps = ?, finish_reason = ?, reasoning_ms = ? WHERE id = ?");
    update.bind(1, content).bind(2, reasoning).bind(3, stats.promptTokens).bind(4, stats.generatedTokens);
    update.bind(5, stats.timeToFirstTokenMs).bind(6, stats.prefillTokensPerSecond);
    update.bind(7, stats.decodeTokensPerSecond).bind(8, finishReasonName(reason)).bind(9, stats.reasoningMs);
    update.bind(10, messageId).run();
    if (db_.changes() == 0)
        noSuchMessage(messageId);
    if (reason != FinishReason::Streaming)
        db_.prepare("UPDATE chats SET updated_ms = ? WHERE id = (SELECT chat_id FROM messages WHERE id = ?)")
            .bind(1, nowMs()).bind(2, messageId).run();
}

qint64 MessageTree::newestLeafUnder(qint64 messageId)
{
    qint64 leaf = messageId;
    for (int depth = 0; depth < kMaxDepth; ++depth) {
        Statement query = db_.prepare("SELECT id FROM messages WHERE parent_id = ? "
                                      "ORDER BY created_ms DESC, id DESC LIMIT 1");
        if (!query.bind(1, leaf).step())
            return leaf;
        leaf = query.int64(0);
    }
    throw Error("The chat database at " + db_.path().toStdString() + " is damaged or is not a Hearth database.");
}

void MessageTree::setActiveLeaf(qint64 chatId, qint64 leafId, bool touch)
{
    Statement update = touch
        ? db_.prepare("UPDATE chats SET active_leaf_id = ?1, updated_ms = ?3 WHERE id = ?2")
        : db_.prepare("UPDATE chats SET active_leaf_id = ?1 WHERE id = ?2");
    update.bindIdOrNull(1, leafId).bind(2, chatId);
    if (touch)
        update.bind(3, nowMs());
    update.run();
}

bool MessageTree::isOnActiveBranch(const Message& message)
{
    Statement query = db_.prepare(
        "WITH RECURSIVE branch (id, depth) AS ("
        "  SELECT active_leaf_id, 0 FROM chats WHERE id = ?1 AND active_leaf_id IS NOT NULL"
        "  UNION ALL"
        "  SELECT messages.parent_id, branch.depth + 1 FROM branch CROSS JOIN messages ON messages.id = branch.id"
        "  WHERE messages.parent_id IS NOT NULL AND branch.depth < ?3)"
        "SELECT 1 FROM branch WHERE id = ?2");
    return query.bind(1, message.chatId).bind(2, message.id).bind(3, kMaxDepth).step();
}

} // namespace hearth::store
