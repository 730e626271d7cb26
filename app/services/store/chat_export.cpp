#include "services/store/chat_export.h"

#include "services/store/chat_store.h"
#include "services/store/message_tree.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>

namespace hearth::store {
namespace {

QString speaker(const Message& message)
{
    switch (message.role) {
    case Role::System:
        return "System";
    case Role::User:
        return "User";
    case Role::Assistant: {
        // The model's name, and its file when known (quantisations share a name).
        QStringList model;
        if (!message.model.isEmpty())
            model << message.model;
        const QString file = QJsonDocument::fromJson(message.settingsJson.toUtf8()).object().value("model_file").toString();
        if (!file.isEmpty())
            model << file;
        return model.isEmpty() ? QString("Assistant") : "Assistant (" + model.join(", ") + ")";
    }
    }
    return {};
}

// Sampling of a chat, settings of an answer: stored as JSON text.
QJsonValue settingsToJson(const QString& text)
{
    if (text.isEmpty())
        return QJsonValue::Null;
    const QJsonDocument doc = QJsonDocument::fromJson(text.toUtf8());
    // Settings that are not a JSON object are kept as they are, as text.
    return doc.isObject() ? QJsonValue(doc.object()) : QJsonValue(text);
}

QJsonObject messageToJson(const Message& m)
{
    return QJsonObject{
        {"id", m.id},
        {"parent", m.parentId ? QJsonValue(m.parentId) : QJsonValue::Null},
        {"role", roleName(m.role)},
        {"content", m.content},
        {"reasoning", m.reasoning},
        {"model", m.model},
        {"settings", settingsToJson(m.settingsJson)},
        {"created_ms", m.createdMs},
        {"finish_reason", finishReasonName(m.finishReason)},
        {"stats", QJsonObject{{"prompt_tokens", m.stats.promptTokens},
                              {"generated_tokens", m.stats.generatedTokens},
                              {"ttft_ms", m.stats.timeToFirstTokenMs},
                              {"prefill_tps", m.stats.prefillTokensPerSecond},
                              {"decode_tps", m.stats.decodeTokensPerSecond},
                              {"reasoning_ms", m.stats.reasoningMs}}},
    };
}

} // namespace

QString exportChatMarkdown(Database& db, qint64 chatId)
{
    const Chat chat = ChatStore(db).requireChat(chatId);
    QString md = "# " + (chat.title.isEmpty() ? QString("Untitled chat") : chat.title) + "\n\n";
    md += "*Exported from Hearth. Created " +
          QDateTime::fromMSecsSinceEpoch(chat.createdMs).toUTC().toString(Qt::ISODate) + "*\n\n";
    if (!chat.systemPrompt.isEmpty())
        md += "**System prompt:**\n\n> " + QString(chat.systemPrompt).replace("\n", "\n> ") + "\n\n";
    for (const Message& message : MessageTree(db).activeBranch(chatId)) {
        md += "## " + speaker(message) + "\n\n";
        if (!message.reasoning.isEmpty())
            md += "<details><summary>Reasoning</summary>\n\n" + message.reasoning + "\n\n</details>\n\n";
        md += message.content + "\n\n";
    }
    return md;
}

QByteArray exportChatJson(Database& db, qint64 chatId)
{
    const Chat chat = ChatStore(db).requireChat(chatId);
    QJsonArray messages;
    for (const Message& message : MessageTree(db).allMessages(chatId))
        messages.append(messageToJson(message));
    const QJsonObject root{
        {"format", "hearth-chat"},
        {"version", 1},
        {"title", chat.title},
        {"created_ms", chat.createdMs},
        {"updated_ms", chat.updatedMs},
        {"pinned", chat.pinned},
        {"folder", chat.folder},
        {"system_prompt", chat.systemPrompt},
        {"model", chat.model},
        {"sampling", settingsToJson(chat.samplingJson)},
        {"active_leaf", chat.activeLeafId ? QJsonValue(chat.activeLeafId) : QJsonValue::Null},
        {"messages", messages},
    };
    return QJsonDocument(root).toJson(QJsonDocument::Indented);
}

} // namespace hearth::store
