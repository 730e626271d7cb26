// hearth-cli chats list|show ID|export ID --format md|json|import FILE|search QUERY:
// the saved chats, from scripts. The database is <data dir>/chats.sqlite3
// (--data-dir, else $HEARTH_DATA_DIR, else the app's data folder); only
// import creates it.

#include "cli/command.h"
#include "cli/output.h"
#include "hearth/error.h"
#include "services/store/chat_export.h"
#include "services/store/chat_search.h"
#include "services/store/chat_store.h"
#include "services/store/database.h"
#include "services/store/message_tree.h"
#include "services/store/store_location.h"

#include <QDateTime>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hearth::cli {
namespace {

using namespace hearth::store;

const QString kName = "chats";
const QString kUsage = "list | show ID | export ID --format md|json | import FILE | search QUERY "
                       "[--json] [--limit N] [--offset N] [--data-dir DIR]";

QString timeText(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toString("yyyy-MM-dd HH:mm");
}

QJsonObject chatJson(const Chat& c)
{
    return QJsonObject{{"id", c.id},
                       {"title", c.title},
                       {"created_ms", c.createdMs},
                       {"updated_ms", c.updatedMs},
                       {"pinned", c.pinned},
                       {"folder", c.folder},
                       {"model", c.model}};
}

void printJson(const QJsonValue& value)
{
    const QJsonDocument doc = value.isArray() ? QJsonDocument(value.toArray()) : QJsonDocument(value.toObject());
    printOut(QString::fromUtf8(doc.toJson(QJsonDocument::Indented)));
}

int list(Database& db, int limit, int offset, bool json)
{
    const std::vector<Chat> chats = ChatStore(db).listChats(limit, offset);
    if (json) {
        QJsonArray out;
        for (const Chat& c : chats)
            out.append(chatJson(c));
        printJson(out);
        return 0;
    }
    if (chats.empty()) {
        printOut(offset == 0 ? QString("No chats yet.\n") : QString("No more chats.\n"));
        return 0;
    }
    QString text;
    for (const Chat& c : chats) {
        text += QString("%1 %2 %3  %4").arg(c.id, 6).arg(c.pinned ? '*' : ' ').arg(timeText(c.updatedMs))
                    .arg(c.title.isEmpty() ? QString("(untitled)") : c.title);
        if (!c.folder.isEmpty())
            text += "  [" + c.folder + "]";
        text += "\n";
    }
    printOut(text);
    return 0;
}

int show(Database& db, qint64 id, bool json)
{
    const Chat chat = ChatStore(db).requireChat(id);
    MessageTree tree(db);
    const std::vector<Message> branch = tree.activeBranch(id);
    if (json) {
        QJsonObject out = chatJson(chat);
        out["system_prompt"] = chat.systemPrompt;
        QJsonArray messages;
        for (const Message& m : branch) {
            const SiblingPosition position = tree.siblings(m);
            messages.append(QJsonObject{{"id", m.id},
                                        {"role", roleName(m.role)},
                                        {"content", m.content},
                                        {"reasoning", m.reasoning},
                                        {"model", m.model},
                                        {"created_ms", m.createdMs},
                                        {"finish_reason", finishReasonName(m.finishReason)},
                                        {"alternative", position.index},
                                        {"alternatives", position.count()}});
        }
        out["messages"] = messages;
        printJson(out);
        return 0;
    }
    QString text = (chat.title.isEmpty() ? QString("(untitled)") : chat.title) + "\n";
    for (const Message& m : branch) {
        const SiblingPosition position = tree.siblings(m);
        text += "\n[" + roleName(m.role);
        if (!m.model.isEmpty())
            text += ", " + m.model;
        if (position.count() > 1)
            text += ", " + position.label();
        text += "]\n" + m.content + "\n";
    }
    printOut(text);
    return 0;
}

int exportChat(Database& db, qint64 id, const QString& format)
{
    if (format == "md" || format == "markdown")
        printOut(exportChatMarkdown(db, id));
    else if (format == "json")
        printOut(QString::fromUtf8(exportChatJson(db, id)));
    else
        return usageError(kName, "export ID --format md|json");
    return 0;
}

int importChat(Database& db, const QString& path, bool json)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return fail(kName, "cannot read " + path + ": " + file.errorString());
    const qint64 id = importChatJson(db, file.readAll());
    printOut(json ? QString("{\"id\": %1}\n").arg(id) : QString("Imported as chat %1\n").arg(id));
    return 0;
}

int search(Database& db, const QString& query, int limit, int offset, bool json)
{
    const std::vector<SearchHit> hits = ChatSearch(db).search(query, limit, offset);
    if (json) {
        QJsonArray out;
        for (const SearchHit& h : hits)
            out.append(QJsonObject{{"chat_id", h.chatId},
                                   {"message_id", h.messageId ? QJsonValue(h.messageId) : QJsonValue::Null},
                                   {"chat_title", h.chatTitle},
                                   {"snippet", h.snippet}});
        printJson(out);
        return 0;
    }
    if (hits.empty()) {
        printOut(QString("No matches.\n"));
        return 0;
    }
    QString text;
    for (const SearchHit& h : hits) {
        text += QString("chat %1").arg(h.chatId);
        text += h.messageId ? QString(", message %1").arg(h.messageId) : QString(", title");
        text += ": " + h.chatTitle + "\n    " + QString(h.snippet).replace('\n', ' ') + "\n";
    }
    printOut(text);
    return 0;
}

bool parseCount(const QString& text, int& value)
{
    bool ok = false;
    value = text.toInt(&ok);
    return ok && value >= 0;
}

int runChats(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(
        "List, show, export, import and search the saved chats.\n"
        "  list             chats, pinned first, then the most recently updated\n"
        "  show ID          the branch of a chat on screen\n"
        "  export ID        the chat as Markdown (its branch on screen) or JSON (the whole tree)\n"
        "  import FILE      a JSON export, as a new chat\n"
        "  search QUERY     titles and messages; matches are marked [[like this]]");
    parser.addPositionalArgument("action", "list, show, export, import or search.");
    const QCommandLineOption json("json", "Print JSON instead of text.");
    const QCommandLineOption format("format", "For export: md or json.", "FORMAT");
    const QCommandLineOption limit("limit", "How many chats or results (default 50).", "N", "50");
    const QCommandLineOption offset("offset", "Skip this many first (for paging).", "N", "0");
    const QCommandLineOption dataDir("data-dir", "The folder holding chats.sqlite3 "
                                                 "(default: $HEARTH_DATA_DIR, else the app's data folder).", "DIR");
    parser.addOptions({json, format, limit, offset, dataDir});
    if (int exit = parseOrExit(parser, kName, kUsage, args); exit >= 0)
        return exit;

    const QStringList positional = parser.positionalArguments();
    const QString action = positional.value(0);
    int limitValue = 0;
    int offsetValue = 0;
    if (!parseCount(parser.value(limit), limitValue) || !parseCount(parser.value(offset), offsetValue)) {
        printErr("hearth-cli chats: --limit and --offset need a whole number of 0 or more\n");
        return 2;
    }
    const bool needsArgument = action == "show" || action == "export" || action == "import" || action == "search";
    if (action.isEmpty() || (needsArgument ? positional.size() < 2 : positional.size() != 1) ||
        (action != "list" && !needsArgument))
        return usageError(kName, kUsage);
    qint64 id = 0;
    if (action == "show" || action == "export") {
        bool ok = false;
        id = positional[1].toLongLong(&ok);
        if (!ok || id <= 0 || positional.size() != 2) {
            printErr("hearth-cli chats: " + action + " needs one chat id (a number from 'hearth-cli chats list')\n");
            return 2;
        }
        if (action == "export" && !parser.isSet(format))
            return usageError(kName, "export ID --format md|json");
    }
    if (action == "import" && positional.size() != 2)
        return usageError(kName, "import FILE");

    try {
        // Only import may create the database: reading commands pointed at the
        // wrong folder would otherwise leave an empty database behind there.
        const QString path = action == "import" ? ensureChatDatabasePath(parser.value(dataDir))
                                                : chatDatabasePath(parser.value(dataDir));
        if (action != "import" && !QFileInfo::exists(path))
            return fail(kName, "No chat database at " + path + " (no chats saved yet, or wrong --data-dir)");
        Database db(path);
        const bool asJson = parser.isSet(json);
        if (action == "list")
            return list(db, limitValue, offsetValue, asJson);
        if (action == "show")
            return show(db, id, asJson);
        if (action == "export")
            return exportChat(db, id, parser.value(format));
        if (action == "import")
            return importChat(db, positional[1], asJson);
        // Several words given separately mean the same as one quoted query.
        return search(db, positional.mid(1).join(' '), limitValue, offsetValue, asJson);
    } catch (const Error& e) {
        return fail(kName, QString::fromUtf8(e.what()));
    }
}

} // namespace

Command chatsCommand()
{
    return {"chats", "List, show, export, import and search saved chats", runChats};
}

} // namespace hearth::cli
