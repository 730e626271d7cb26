#pragma once

// A chat's messages as a tree. Regenerating an answer adds a sibling of it
// (same parent); editing a message adds a sibling with the new text. The
// chat's active leaf picks the branch on screen: the path root -> leaf.
// Used from the Database's thread only.

#include "services/store/database.h"
#include "services/store/store_types.h"

#include <optional>
#include <vector>

namespace hearth::store {

class MessageTree {
public:
    explicit MessageTree(Database& db) : db_(db) {}

    // Adds `message` under `parentId` (0: a first message of the chat) in
    // chat `chatId`; it becomes the active leaf and the chat counts as
    // updated. Zero createdMs becomes now. Returns the new id.
    qint64 addChild(qint64 chatId, qint64 parentId, const Message& message);

    // Adds an alternative to `messageId`: a sibling with the same parent
    // (a regenerated answer). Returns the new id, which becomes active.
    qint64 addSibling(qint64 messageId, const Message& message);

    // Edits by adding a sibling with `newContent` (same role); the original
    // and its answers stay reachable. Returns the new id.
    qint64 edit(qint64 messageId, const QString& newContent);

    std::optional<Message> message(qint64 id);
    Message requireMessage(qint64 id); // throws hearth::Error

    // The branch on screen, first message first.
    std::vector<Message> activeBranch(qint64 chatId);
    std::vector<Message> children(qint64 messageId); // oldest first
    std::vector<Message> allMessages(qint64 chatId); // the whole tree, parents before children
    SiblingPosition siblings(qint64 messageId);
    SiblingPosition siblings(const Message& message); // saves reading it again

    // Shows the branch through `messageId`: the active leaf becomes its
    // newest descendant, following the most recent child at each level.
    // Returns the new active leaf.
    qint64 switchBranch(qint64 messageId);

    // Deletes the message and everything below it. When the active branch
    // went through it, the newest remaining sibling's branch is shown, or
    // else the branch ends at the parent.
    void deleteMessage(qint64 messageId);

    // For StreamingMessageWriter: rewrites text and outcome of one message.
    void updateGenerated(qint64 messageId, const QString& content, const QString& reasoning,
                         const GenerationStats& stats, FinishReason reason);

private:
    qint64 newestLeafUnder(qint64 messageId);
    void setActiveLeaf(qint64 chatId, qint64 leafId, bool touch);
    bool isOnActiveBranch(const Message& message);

    Database& db_;
};

} // namespace hearth::store
