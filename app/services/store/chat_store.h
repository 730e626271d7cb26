#pragma once

// The chat list: create, read, rename, pin, file into folders, delete.
// Messages are MessageTree's job. Used from the Database's thread only.

#include "services/store/database.h"
#include "services/store/store_types.h"

#include <optional>
#include <vector>

namespace hearth::store {

class ChatStore {
public:
    explicit ChatStore(Database& db) : db_(db) {}

    // Creates a chat from `chat` (id and active leaf are ignored; zero
    // times become now) and returns its id.
    qint64 createChat(const Chat& chat);
    std::optional<Chat> chat(qint64 id);
    Chat requireChat(qint64 id); // throws hearth::Error when it does not exist

    // Pinned chats first, then the most recently updated. An empty folder
    // lists every chat; otherwise only that folder's.
    std::vector<Chat> listChats(int limit, int offset = 0, const QString& folder = {});
    qint64 chatCount();

    void rename(qint64 id, const QString& title);
    void setPinned(qint64 id, bool pinned);
    void setFolder(qint64 id, const QString& folder);
    // System prompt, model and sampling settings.
    void updateSettings(qint64 id, const QString& systemPrompt, const QString& model, const QString& samplingJson);
    // The model the chat goes on with (its latest answer's); not an update
    // of the chat's content, so its place in the list stays.
    void setModel(qint64 id, const QString& model);
    void deleteChat(qint64 id); // with all its messages

    // Marks answers left "streaming" by a crash as ended with an error, so
    // they are shown as cut off. Call once at start-up, before any writer
    // runs. Returns how many were fixed.
    int recoverInterrupted();

private:
    void requireChanged(qint64 id);

    Database& db_;
};

} // namespace hearth::store
