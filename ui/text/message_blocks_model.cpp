#include "message_blocks_model.h"

#include <algorithm>

namespace hearth::ui {
namespace {

QString displayTextOf(const MarkdownBlock& block)
{
    return block.kind == MarkdownBlock::Markdown ? markdownForDisplay(block.text) : block.text;
}

} // namespace

MessageBlocksModel::MessageBlocksModel(QObject* parent) : QAbstractListModel(parent) {}

int MessageBlocksModel::rowCount(const QModelIndex& parent) const
{
    return parent.isValid() ? 0 : int(rows_.size());
}

QVariant MessageBlocksModel::data(const QModelIndex& index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row& row = rows_.at(index.row());
    switch (role) {
    case KindRole:
        return row.block.kind == MarkdownBlock::Code ? QStringLiteral("code") : QStringLiteral("markdown");
    case Qt::DisplayRole:
    case TextRole:
        return row.block.text;
    case LanguageRole:
        return row.block.language;
    case ClosedRole:
        return row.block.closed;
    case DisplayTextRole:
        return row.displayText;
    default:
        return {};
    }
}

QHash<int, QByteArray> MessageBlocksModel::roleNames() const
{
    return {
        {KindRole, "kind"},
        {TextRole, "text"},
        {LanguageRole, "language"},
        {ClosedRole, "closed"},
        {DisplayTextRole, "displayText"},
    };
}

void MessageBlocksModel::setText(const QString& text)
{
    if (text == text_)
        return;
    // When the text only grows, the last line is the only one that changed and
    // it can affect no more than the last two segments: an opening fence in
    // progress that turns out to be text merges into the Markdown before it, a
    // closing fence that grows an info string reopens its block. Everything
    // before those two segments stays as it is.
    qsizetype keptSegments = 0;
    if (text.startsWith(text_))
        keptSegments = std::max<qsizetype>(0, segments_.size() - 2);
    const qsizetype from = keptSegments > 0 ? segments_.at(keptSegments).sourceStart : 0;

    qsizetype keptRows = 0;
    for (qsizetype i = 0; i < keptSegments; ++i)
        keptRows += isBlankMarkdown(segments_.at(i).block) ? 0 : 1;

    QList<MarkdownSegment> tail = scanMarkdownSegments(text, from);
    QList<MarkdownBlock> blocks;
    blocks.reserve(tail.size());
    for (const MarkdownSegment& segment : tail)
        if (!isBlankMarkdown(segment.block))
            blocks.append(segment.block);
    segments_.resize(keptSegments);
    segments_.append(std::move(tail));
    text_ = text;

    updateRows(keptRows, blocks);
    Q_EMIT textChanged();
}

void MessageBlocksModel::updateRows(qsizetype firstRow, const QList<MarkdownBlock>& blocks)
{
    const qsizetype oldCount = rows_.size();
    const qsizetype newCount = firstRow + blocks.size();
    // Rows that keep their kind are updated in place; from the first row whose
    // kind changes on, rows are replaced, because a view picks its delegate by
    // kind when it creates it.
    qsizetype sameKind = firstRow;
    while (sameKind < std::min(oldCount, newCount) && rows_.at(sameKind).block.kind == blocks.at(sameKind - firstRow).kind)
        ++sameKind;

    for (qsizetype i = firstRow; i < sameKind; ++i) {
        Row& row = rows_[i];
        const MarkdownBlock& block = blocks.at(i - firstRow);
        QList<int> roles;
        if (row.block.text != block.text)
            roles << TextRole << DisplayTextRole << Qt::DisplayRole;
        if (row.block.language != block.language)
            roles << LanguageRole;
        if (row.block.closed != block.closed)
            roles << ClosedRole;
        if (roles.isEmpty())
            continue;
        row.block = block;
        if (roles.contains(TextRole))
            row.displayText = displayTextOf(block);
        const QModelIndex changed = index(int(i));
        Q_EMIT dataChanged(changed, changed, roles);
    }

    if (sameKind < oldCount) {
        beginRemoveRows({}, int(sameKind), int(oldCount - 1));
        rows_.resize(sameKind);
        endRemoveRows();
    }
    if (sameKind < newCount) {
        beginInsertRows({}, int(sameKind), int(newCount - 1));
        for (qsizetype i = sameKind; i < newCount; ++i) {
            const MarkdownBlock& block = blocks.at(i - firstRow);
            rows_.append({block, displayTextOf(block)});
        }
        endInsertRows();
    }
    if (oldCount != newCount)
        Q_EMIT countChanged();
}

} // namespace hearth::ui
