#include "message_list_model.h"

#include "answer_settings.h"

#include <QLocale>

namespace hearth::ui {

QString statsText(const store::GenerationStats& stats)
{
    if (stats.generatedTokens <= 0)
        return {};
    const QLocale locale;
    QStringList parts;
    parts << (stats.generatedTokens == 1 ? QObject::tr("1 token")
                                         : QObject::tr("%1 tokens").arg(locale.toString(stats.generatedTokens)));
    if (stats.decodeTokensPerSecond > 0)
        parts << QObject::tr("%1 tok/s").arg(locale.toString(stats.decodeTokensPerSecond, 'f', 1));
    if (stats.timeToFirstTokenMs > 0)
        parts << QObject::tr("%1 s to first token").arg(locale.toString(stats.timeToFirstTokenMs / 1000.0, 'f', 2));
    return parts.join(QStringLiteral(" · "));
}

int MessageListModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant MessageListModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const MessageRow& row = rows_[index.row()];
    const store::Message& m = row.message;
    switch (role) {
    case MessageIdRole: return m.id;
    case RoleRole: return store::roleName(m.role);
    case Qt::DisplayRole:
    case ContentRole: return m.content;
    case ReasoningRole: return m.reasoning;
    case ModelRole: return m.model;
    case StreamingRole: return row.streaming;
    case FinishReasonRole: return store::finishReasonName(m.finishReason);
    case ErrorRole: return row.error;
    case StatsRole: return statsText(m.stats);
    case SiblingIndexRole: return row.siblingIndex;
    case SiblingCountRole: return row.siblingCount;
    case ThinkingMsRole: return m.stats.reasoningMs;
    case ModelLabelRole: return answerSettingsLine(m.model, m.settingsJson);
    case SettingsDetailsRole: return answerSettingsDetails(m.model, m.settingsJson);
    default: return {};
    }
}

QHash<int, QByteArray> MessageListModel::roleNames() const
{
    return {{MessageIdRole, "messageId"},
            {RoleRole, "role"},
            {ContentRole, "content"},
            {ReasoningRole, "reasoning"},
            {ModelRole, "model"},
            {StreamingRole, "streaming"},
            {FinishReasonRole, "finishReason"},
            {ErrorRole, "error"},
            {StatsRole, "stats"},
            {SiblingIndexRole, "siblingIndex"},
            {SiblingCountRole, "siblingCount"},
            {ThinkingMsRole, "thinkingMs"},
            {ModelLabelRole, "modelLabel"},
            {SettingsDetailsRole, "settingsDetails"}};
}

int MessageListModel::rowOf(qint64 messageId) const
{
    for (int i = 0; i < rows_.size(); ++i)
        if (rows_[i].message.id == messageId)
            return i;
    return -1;
}

void MessageListModel::setRows(QList<MessageRow> rows)
{
    const bool countChanges = rows.size() != rows_.size();
    beginResetModel();
    rows_ = std::move(rows);
    endResetModel();
    if (countChanges)
        Q_EMIT countChanged();
}

void MessageListModel::append(const MessageRow& row)
{
    const int at = int(rows_.size());
    beginInsertRows({}, at, at);
    rows_.push_back(row);
    endInsertRows();
    Q_EMIT countChanged();
}

void MessageListModel::setStreamingText(int row, const QString& content, const QString& reasoning)
{
    if (row < 0 || row >= rows_.size())
        return;
    store::Message& m = rows_[row].message;
    QList<int> roles;
    if (m.content != content) {
        m.content = content;
        roles << ContentRole;
    }
    if (m.reasoning != reasoning) {
        m.reasoning = reasoning;
        roles << ReasoningRole;
    }
    if (!roles.isEmpty())
        Q_EMIT dataChanged(index(row), index(row), roles);
}

void MessageListModel::updateRow(int row, const MessageRow& value)
{
    if (row < 0 || row >= rows_.size())
        return;
    rows_[row] = value;
    Q_EMIT dataChanged(index(row), index(row));
}

} // namespace hearth::ui
