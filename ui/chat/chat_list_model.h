#pragma once

#include "services/chat/chat_service.h"
#include "services/store/store_types.h"

#include <QAbstractListModel>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

// The sidebar's chats: pinned first, then grouped by date (Today,
// Yesterday, ...), or the full-text search results while searchText is set.
// Deleting hides the chat at once and really deletes it a few seconds
// later unless undoRemove() is called.
class ChatListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use App.chats")
    Q_PROPERTY(QString searchText READ searchText WRITE setSearchText NOTIFY searchTextChanged)
    Q_PROPERTY(bool searching READ searching NOTIFY searchTextChanged)
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)
    Q_PROPERTY(QString pendingRemovalTitle READ pendingRemovalTitle NOTIFY pendingRemovalChanged)
    Q_PROPERTY(bool hasPendingRemoval READ hasPendingRemoval NOTIFY pendingRemovalChanged)
    Q_PROPERTY(QStringList folders READ folders NOTIFY foldersChanged)
    Q_PROPERTY(QString folderFilter READ folderFilter WRITE setFolderFilter NOTIFY folderFilterChanged)
    Q_PROPERTY(QString noticeText READ noticeText NOTIFY noticeTextChanged)

public:
    enum Role {
        ChatIdRole = Qt::UserRole + 1,
        TitleRole,
        PinnedRole,
        FolderRole,
        SectionRole,   ///< "Pinned", "Today", ... or "Results" while searching
        SnippetRole,   ///< search results: matched words inside [[ ]] turned into <b></b>
        MessageIdRole, ///< search results: the message that matched (0: the title)
        ModelRole,
    };

    explicit ChatListModel(chat::ChatService& service, QObject* parent = nullptr);
    ~ChatListModel() override; // a pending removal is carried out

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString searchText() const { return searchText_; }
    void setSearchText(const QString& text);
    bool searching() const { return !searchText_.trimmed().isEmpty(); }
    QString pendingRemovalTitle() const { return pendingTitle_; }
    bool hasPendingRemoval() const { return pendingId_ != 0; }
    QStringList folders() const { return folders_; }
    // Only the chats of this folder; empty: every chat.
    QString folderFilter() const { return folderFilter_; }
    void setFolderFilter(const QString& folder);
    QString noticeText() const { return notice_; }

    Q_INVOKABLE void refresh();
    Q_INVOKABLE void rename(qint64 chatId, const QString& title);
    Q_INVOKABLE void setPinned(qint64 chatId, bool pinned);
    Q_INVOKABLE void setFolder(qint64 chatId, const QString& folder);
    Q_INVOKABLE void remove(qint64 chatId);
    Q_INVOKABLE void undoRemove();
    Q_INVOKABLE QString titleOf(qint64 chatId) const;
    // Writes the chat as Markdown ("md") or JSON ("json") into the export
    // folder from Settings; noticeText says where, or why it failed.
    Q_INVOKABLE void exportChat(qint64 chatId, const QString& format);
    Q_INVOKABLE void clearNotice();

    // How long a removal can be undone.
    void setUndoInterval(int ms) { undoTimer_.setInterval(ms); }

Q_SIGNALS:
    void searchTextChanged();
    void countChanged();
    void pendingRemovalChanged();
    void foldersChanged();
    void folderFilterChanged();
    void noticeTextChanged();
    void chatRemoved(qint64 chatId); // for real, after the undo time
    void refreshed();

private:
    struct Row {
        store::Chat chat;
        QString section;
        QString snippet;
        qint64 messageId = 0;
    };
    void setRows(QList<Row> rows);
    void commitRemoval();
    void runSearch();

    chat::ChatService& service_;
    QList<Row> rows_;
    QString searchText_;
    QTimer searchDelay_;
    QTimer undoTimer_;
    qint64 pendingId_ = 0;
    QString pendingTitle_;
    QStringList folders_;
    QString folderFilter_;
    QString notice_;
    quint64 generation_ = 0; // drops results of older queries
};

// "Today", "Yesterday", "Previous 7 days", "Previous 30 days", else
// "Month Year", for a chat last updated at `updatedMs` seen at `nowMs`.
QString dateSection(qint64 updatedMs, qint64 nowMs);
// A search snippet with [[ ]] as escaped rich text with <b></b>.
QString snippetHtml(const QString& snippet);

} // namespace hearth::ui
