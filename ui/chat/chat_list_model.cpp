#include "chat_list_model.h"

#include "core/settings.h"
#include "services/store/chat_export.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QLocale>
#include <QSaveFile>

#include <algorithm>

namespace hearth::ui {

QString dateSection(qint64 updatedMs, qint64 nowMs)
{
    const QDate day = QDateTime::fromMSecsSinceEpoch(updatedMs).date();
    const QDate today = QDateTime::fromMSecsSinceEpoch(nowMs).date();
    const qint64 daysAgo = day.daysTo(today);
    if (daysAgo <= 0)
        return QObject::tr("Today");
    if (daysAgo == 1)
        return QObject::tr("Yesterday");
    if (daysAgo < 7)
        return QObject::tr("Previous 7 days");
    if (daysAgo < 30)
        return QObject::tr("Previous 30 days");
    return QLocale().toString(day, "MMMM yyyy");
}

QString snippetHtml(const QString& snippet)
{
    QString html = snippet.toHtmlEscaped();
    html.replace(QString::fromLatin1(store::kSnippetOpen), "<b>");
    html.replace(QString::fromLatin1(store::kSnippetClose), "</b>");
    return html;
}

ChatListModel::ChatListModel(chat::ChatService& service, QObject* parent) : QAbstractListModel(parent), service_(service)
{
    searchDelay_.setSingleShot(true);
    searchDelay_.setInterval(150); // a query per pause in typing, not per key
    connect(&searchDelay_, &QTimer::timeout, this, &ChatListModel::runSearch);
    undoTimer_.setSingleShot(true);
    undoTimer_.setInterval(6000);
    connect(&undoTimer_, &QTimer::timeout, this, &ChatListModel::commitRemoval);
}

ChatListModel::~ChatListModel()
{
    commitRemoval();
}

int ChatListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant ChatListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Row& row = rows_[index.row()];
    switch (role) {
    case ChatIdRole: return row.chat.id;
    case Qt::DisplayRole:
    case TitleRole: return row.chat.title.isEmpty() ? tr("New chat") : row.chat.title;
    case PinnedRole: return row.chat.pinned;
    case FolderRole: return row.chat.folder;
    case SectionRole: return row.section;
    case SnippetRole: return row.snippet;
    case MessageIdRole: return row.messageId;
    case ModelRole: return row.chat.model;
    default: return {};
    }
}

QHash<int, QByteArray> ChatListModel::roleNames() const
{
    return {{ChatIdRole, "chatId"},   {TitleRole, "title"},     {PinnedRole, "pinned"},
            {FolderRole, "folder"},   {SectionRole, "section"}, {SnippetRole, "snippet"},
            {MessageIdRole, "messageId"}, {ModelRole, "model"}};
}

void ChatListModel::setSearchText(const QString& text)
{
    if (text == searchText_)
        return;
    searchText_ = text;
    Q_EMIT searchTextChanged();
    searchDelay_.start();
}

void ChatListModel::runSearch()
{
    if (!searching()) {
        refresh();
        return;
    }
    const quint64 generation = ++generation_;
    const QString query = searchText_;
    const QString section = tr("Results");
    service_.post(
        this, [query](chat::Stores& s) { return s.search.search(query, 50); },
        [this, generation, section](std::vector<store::SearchHit> hits) {
            if (generation != generation_)
                return;
            QList<Row> rows;
            for (const store::SearchHit& hit : hits) {
                if (hit.chatId == pendingId_)
                    continue;
                Row row;
                row.chat.id = hit.chatId;
                row.chat.title = hit.chatTitle;
                row.section = section;
                row.snippet = snippetHtml(hit.snippet);
                row.messageId = hit.messageId;
                rows.push_back(std::move(row));
            }
            setRows(std::move(rows));
        });
}

void ChatListModel::refresh()
{
    if (searching()) {
        runSearch();
        return;
    }
    const quint64 generation = ++generation_;
    // Every chat, so the folder list stays whole while one folder is shown.
    service_.post(
        this, [](chat::Stores& s) { return s.chats.listChats(1000); },
        [this, generation, filter = folderFilter_](std::vector<store::Chat> chats) {
            if (generation != generation_)
                return;
            const qint64 now = QDateTime::currentMSecsSinceEpoch();
            QList<Row> rows;
            QStringList folders;
            for (store::Chat& chat : chats) {
                if (!chat.folder.isEmpty() && !folders.contains(chat.folder))
                    folders.push_back(chat.folder);
                if (chat.id == pendingId_ || (!filter.isEmpty() && chat.folder != filter))
                    continue;
                Row row;
                row.section = chat.pinned ? tr("Pinned") : dateSection(chat.updatedMs, now);
                row.chat = std::move(chat);
                rows.push_back(std::move(row));
            }
            folders.sort(Qt::CaseInsensitive);
            if (folders != folders_) {
                folders_ = folders;
                Q_EMIT foldersChanged();
            }
            setRows(std::move(rows));
        });
}

void ChatListModel::setRows(QList<Row> rows)
{
    const bool countChanges = rows.size() != rows_.size();
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
    Q_EMIT refreshed();
}

void ChatListModel::rename(qint64 chatId, const QString& title)
{
    const QString clean = title.simplified();
    if (clean.isEmpty())
        return;
    service_.post(this, [chatId, clean](chat::Stores& s) { s.chats.rename(chatId, clean); }, [this] { refresh(); });
}

void ChatListModel::setPinned(qint64 chatId, bool pinned)
{
    service_.post(this, [chatId, pinned](chat::Stores& s) { s.chats.setPinned(chatId, pinned); },
                  [this] { refresh(); });
}

void ChatListModel::setFolder(qint64 chatId, const QString& folder)
{
    const QString clean = folder.simplified();
    service_.post(this, [chatId, clean](chat::Stores& s) { s.chats.setFolder(chatId, clean); },
                  [this] { refresh(); });
}

void ChatListModel::remove(qint64 chatId)
{
    commitRemoval(); // one undo at a time, like most apps
    const auto it = std::find_if(rows_.begin(), rows_.end(), [&](const Row& r) { return r.chat.id == chatId; });
    pendingId_ = chatId;
    pendingTitle_ = it != rows_.end() ? data(index(int(it - rows_.begin())), TitleRole).toString() : QString();
    if (it != rows_.end()) {
        const int row = int(it - rows_.begin());
        beginRemoveRows({}, row, row);
        rows_.removeAt(row);
        endRemoveRows();
        Q_EMIT countChanged();
    }
    undoTimer_.start();
    Q_EMIT pendingRemovalChanged();
}

void ChatListModel::undoRemove()
{
    if (!pendingId_)
        return;
    undoTimer_.stop();
    pendingId_ = 0;
    pendingTitle_.clear();
    Q_EMIT pendingRemovalChanged();
    refresh();
}

void ChatListModel::commitRemoval()
{
    if (!pendingId_)
        return;
    undoTimer_.stop();
    const qint64 id = pendingId_;
    pendingId_ = 0;
    pendingTitle_.clear();
    service_.post([id](chat::Stores& s) { s.chats.deleteChat(id); });
    Q_EMIT pendingRemovalChanged();
    Q_EMIT chatRemoved(id);
}

void ChatListModel::setFolderFilter(const QString& folder)
{
    if (folder == folderFilter_)
        return;
    folderFilter_ = folder;
    Q_EMIT folderFilterChanged();
    refresh();
}

void ChatListModel::clearNotice()
{
    notice_.clear();
    Q_EMIT noticeTextChanged();
}

void ChatListModel::exportChat(qint64 chatId, const QString& format)
{
    const bool json = format == "json";
    const QString folder = Settings().exportFolder();
    service_.post(
        this,
        [chatId, json, folder](chat::Stores& s) {
            const store::Chat chat = s.chats.requireChat(chatId);
            QString base = chat.title.isEmpty() ? QString("Chat %1").arg(chatId) : chat.title;
            // Keep the file name portable: no path separators or reserved characters.
            static const QString reserved = QStringLiteral("/\\:*?\"<>|");
            for (QChar& c : base)
                if (reserved.contains(c) || c.unicode() < 32)
                    c = '_';
            if (!QDir().mkpath(folder))
                return tr("Could not create the export folder %1.").arg(folder);
            const QString path = QDir(folder).filePath(base.left(100) + (json ? ".json" : ".md"));
            QSaveFile file(path);
            const QByteArray bytes =
                json ? store::exportChatJson(s.db, chatId) : store::exportChatMarkdown(s.db, chatId).toUtf8();
            if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit())
                return tr("Could not write %1: %2").arg(path, file.errorString());
            return tr("Exported to %1").arg(path);
        },
        [this](QString notice) {
            notice_ = notice;
            Q_EMIT noticeTextChanged();
        });
}

QString ChatListModel::titleOf(qint64 chatId) const
{
    for (const Row& row : rows_)
        if (row.chat.id == chatId)
            return row.chat.title;
    return {};
}

} // namespace hearth::ui
