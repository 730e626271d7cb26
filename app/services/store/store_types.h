#pragma once

// Plain records of the chat store. Ids are SQLite rowids (0 = none); times
// are milliseconds since the Unix epoch, as QDateTime::currentMSecsSinceEpoch.

#include <QString>

#include <optional>
#include <vector>

namespace hearth::store {

enum class Role { System, User, Assistant };

// Why an answer ended. `None` is for messages nobody generated (user/system
// text); `Streaming` marks an answer still being written (or one cut off by
// a crash, until ChatStore::recoverInterrupted runs).
enum class FinishReason { None, Stop, Length, Cancelled, Error, Streaming };

QString roleName(Role role);                       // "system", "user", "assistant"
std::optional<Role> roleFromName(const QString& name);
QString finishReasonName(FinishReason reason);     // "", "stop", "length", ...
std::optional<FinishReason> finishReasonFromName(const QString& name);

struct GenerationStats {
    qint64 promptTokens = 0;
    qint64 generatedTokens = 0;
    double timeToFirstTokenMs = 0;
    double prefillTokensPerSecond = 0;
    double decodeTokensPerSecond = 0;
    double reasoningMs = 0; // how long the model thought before answering (0: it did not)

    friend bool operator==(const GenerationStats&, const GenerationStats&) = default;
};

struct Chat {
    qint64 id = 0;
    QString title;
    qint64 createdMs = 0;
    qint64 updatedMs = 0;
    bool pinned = false;
    QString folder;        // empty: not in a folder
    QString systemPrompt;
    QString model;         // a model file path or a Hub repo id
    QString samplingJson;  // sampling settings as a JSON object ("" = defaults)
    qint64 activeLeafId = 0; // last message of the branch on screen; 0 = empty chat

    friend bool operator==(const Chat&, const Chat&) = default;
};

// One message of a chat's tree. Regenerated answers and edited user messages
// are siblings: same parent (0 for the first message of the chat).
struct Message {
    qint64 id = 0;
    qint64 chatId = 0;
    qint64 parentId = 0;
    Role role = Role::User;
    QString content;
    QString reasoning;     // the model's thinking, kept apart from the answer
    QString model;         // which model wrote it (empty for user messages)
    // How an answer was made: its model's file and quantisation, sampling
    // and context (a JSON object, "" when not recorded; see answer_settings.h).
    QString settingsJson;
    qint64 createdMs = 0;
    GenerationStats stats;
    FinishReason finishReason = FinishReason::None;

    friend bool operator==(const Message&, const Message&) = default;
};

// Where a message sits among its alternatives: shown as "index/count".
struct SiblingPosition {
    std::vector<qint64> siblingIds; // oldest first, includes the message itself
    int index = 0;                  // 1-based position of the message
    int count() const { return int(siblingIds.size()); }
    QString label() const { return QString("%1/%2").arg(index).arg(count()); }
};

// A full-text search result. `messageId` is 0 when the chat title matched.
// Matched words in `snippet` are wrapped in kSnippetOpen / kSnippetClose.
struct SearchHit {
    qint64 chatId = 0;
    qint64 messageId = 0;
    QString chatTitle;
    QString snippet;
};

inline constexpr char kSnippetOpen[] = "[[";
inline constexpr char kSnippetClose[] = "]]";

} // namespace hearth::store
