#pragma once

#include "services/store/store_types.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

// One message on screen: what the store has, plus where it sits among its
// alternatives and whether it is still being written.
struct MessageRow {
    store::Message message;
    int siblingIndex = 1; // 1-based
    int siblingCount = 1;
    bool streaming = false;
    QString error; // why generating it failed, for the user
};

// The messages of the branch on screen, for the chat view's ListView.
// ChatController fills it; streaming answers change one row in place.
class MessageListModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use App.conversation.messages")
    Q_PROPERTY(int count READ rowCount NOTIFY countChanged)

public:
    enum Role {
        MessageIdRole = Qt::UserRole + 1,
        RoleRole,        ///< "user", "assistant", "system"
        ContentRole,
        ReasoningRole,
        ModelRole,
        StreamingRole,
        FinishReasonRole, ///< "", "stop", "length", "cancelled", "error", "streaming"
        ErrorRole,
        StatsRole,        ///< "128 tokens · 42.0 tok/s · 0.31 s to first token"
        SiblingIndexRole,
        SiblingCountRole,
        ThinkingMsRole,
        ModelLabelRole,   ///< "Qwen2.5 0.5B · qwen2.5-0.5b-q4_k_m.gguf · temp 0.7 · 4096 ctx" (answer_settings.h)
        SettingsDetailsRole, ///< every setting of the answer, one a line, for a tooltip
    };

    using QAbstractListModel::QAbstractListModel;

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    const QList<MessageRow>& rows() const { return rows_; }
    int rowOf(qint64 messageId) const; // -1 when not shown
    void setRows(QList<MessageRow> rows);
    void append(const MessageRow& row);
    void clear() { setRows({}); }
    // Streaming: replaces the text of the row (cheap: QString is shared).
    void setStreamingText(int row, const QString& content, const QString& reasoning);
    void updateRow(int row, const MessageRow& value);

Q_SIGNALS:
    void countChanged();

private:
    QList<MessageRow> rows_;
};

// The stats line under an answer; empty when nothing was measured.
QString statsText(const store::GenerationStats& stats);

} // namespace hearth::ui
