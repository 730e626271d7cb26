// importChatJson (declared in chat_export.h): reads the format that
// exportChatJson writes, trusting nothing in the file.

#include "services/store/chat_export.h"

#include "hearth/error.h"
#include "services/store/database.h"
#include "services/store/chat_store.h"
#include "services/store/message_tree.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <unordered_map>

namespace hearth::store {
namespace {

[[noreturn]] void notAnExport(const QString& why)
{
    throw Error("This file is not a Hearth chat export: " + why.toStdString() + ".");
}

QString requireString(const QJsonObject& object, const char* key, const QString& where)
{
    const QJsonValue value = object.value(key);
    if (value.isUndefined() || value.isNull())
        return {};
    if (!value.isString())
        notAnExport(where + " has a \"" + key + "\" that is not text");
    return value.toString();
}

qint64 requireInteger(const QJsonValue& value, const QString& what)
{
    // JSON numbers are doubles: whole numbers up to 2^53 are exact.
    const double number = value.toDouble(-1);
    if (!value.isDouble() || number < 0 || number > 9007199254740992.0 || number != double(qint64(number)))
        notAnExport(what + " is not a whole number");
    return qint64(number);
}

// A chat's sampling or an answer's settings as the store keeps them: an
// object as compact JSON text, text as it is, anything else as unset.
QString settingsFromJson(const QJsonValue& value)
{
    if (value.isObject())
        return QString::fromUtf8(QJsonDocument(value.toObject()).toJson(QJsonDocument::Compact));
    return value.isString() ? value.toString() : QString();
}

Chat chatFromJson(const QJsonObject& root)
{
    Chat chat;
    chat.title = requireString(root, "title", "the chat");
    chat.folder = requireString(root, "folder", "the chat");
    chat.systemPrompt = requireString(root, "system_prompt", "the chat");
    chat.model = requireString(root, "model", "the chat");
    chat.pinned = root.value("pinned").toBool(false);
    if (root.contains("created_ms"))
        chat.createdMs = requireInteger(root.value("created_ms"), "the chat's \"created_ms\"");
    chat.updatedMs = nowMs(); // an import counts as updated now: it shows at the top of the list
    chat.samplingJson = settingsFromJson(root.value("sampling"));
    return chat;
}

Message messageFromJson(const QJsonObject& object, const QString& where)
{
    Message message;
    const std::optional<Role> role = roleFromName(requireString(object, "role", where));
    if (!role)
        notAnExport(where + " has no valid \"role\" (system, user or assistant)");
    message.role = *role;
    message.content = requireString(object, "content", where);
    message.reasoning = requireString(object, "reasoning", where);
    message.model = requireString(object, "model", where);
    message.settingsJson = settingsFromJson(object.value("settings"));
    if (object.contains("created_ms"))
        message.createdMs = requireInteger(object.value("created_ms"), where + "'s \"created_ms\"");
    const std::optional<FinishReason> reason = finishReasonFromName(requireString(object, "finish_reason", where));
    if (!reason)
        notAnExport(where + " has an unknown \"finish_reason\"");
    // An answer still streaming when exported is, in the copy, cut off.
    message.finishReason = *reason == FinishReason::Streaming ? FinishReason::Cancelled : *reason;
    const QJsonObject stats = object.value("stats").toObject();
    message.stats.promptTokens = qint64(stats.value("prompt_tokens").toDouble());
    message.stats.generatedTokens = qint64(stats.value("generated_tokens").toDouble());
    message.stats.timeToFirstTokenMs = stats.value("ttft_ms").toDouble();
    message.stats.prefillTokensPerSecond = stats.value("prefill_tps").toDouble();
    message.stats.decodeTokensPerSecond = stats.value("decode_tps").toDouble();
    message.stats.reasoningMs = stats.value("reasoning_ms").toDouble();
    return message;
}

} // namespace

qint64 importChatJson(Database& db, const QByteArray& json)
{
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        notAnExport("it is not valid JSON (" + parseError.errorString() + " at byte " +
                    QString::number(parseError.offset) + ")");
    const QJsonObject root = doc.object();
    if (!doc.isObject() || root.value("format").toString() != "hearth-chat")
        notAnExport("it has no \"format\": \"hearth-chat\"");
    if (root.value("version").toInt(0) != 1)
        notAnExport("its version is not 1 (it may come from a newer Hearth)");
    if (!root.value("messages").isArray())
        notAnExport("it has no \"messages\" list");

    Transaction transaction(db);
    const qint64 chatId = ChatStore(db).createChat(chatFromJson(root));
    MessageTree tree(db);
    std::unordered_map<qint64, qint64> newIds; // id in the file -> id in the database
    const QJsonArray messages = root.value("messages").toArray();
    for (qsizetype i = 0; i < messages.size(); ++i) {
        const QString where = "message " + QString::number(i + 1);
        if (!messages[i].isObject())
            notAnExport(where + " is not an object");
        const QJsonObject object = messages[i].toObject();
        const qint64 fileId = requireInteger(object.value("id"), where + "'s \"id\"");
        if (newIds.count(fileId))
            notAnExport(where + " repeats the id " + QString::number(fileId));
        qint64 parent = 0;
        if (const QJsonValue p = object.value("parent"); !p.isNull() && !p.isUndefined()) {
            const auto found = newIds.find(requireInteger(p, where + "'s \"parent\""));
            if (found == newIds.end()) // also rules out cycles
                notAnExport(where + " comes before its parent");
            parent = found->second;
        }
        newIds[fileId] = tree.addChild(chatId, parent, messageFromJson(object, where));
    }
    if (const QJsonValue leaf = root.value("active_leaf"); !leaf.isNull() && !leaf.isUndefined()) {
        const auto found = newIds.find(requireInteger(leaf, "\"active_leaf\""));
        if (found == newIds.end())
            notAnExport("\"active_leaf\" is not one of its messages");
        tree.switchBranch(found->second);
    }
    transaction.commit();
    return chatId;
}

} // namespace hearth::store
