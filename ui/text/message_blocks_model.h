#pragma once

#include "markdown_blocks.h"

#include <QAbstractListModel>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

// The blocks of one chat message for a Repeater or ListView. Built for
// streaming: when `text` grows, only the tail is rescanned, the rows that
// changed get dataChanged (normally just the last one) and new blocks are
// appended, so delegates of earlier blocks are never rebuilt. A row whose kind
// changes (a "``" that turned out to be inline code) is removed and inserted.
//   Column { Repeater { model: MessageBlocksModel { text: message.content }
//       delegate: Loader { required property string kind; required property string displayText
//                          sourceComponent: kind === "code" ? codeBlock : markdownBlock } } }
class MessageBlocksModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(QString text READ text WRITE setText NOTIFY textChanged)
    Q_PROPERTY(int count READ count NOTIFY countChanged)

public:
    enum Role {
        KindRole = Qt::UserRole + 1, ///< "markdown" or "code".
        TextRole,                    ///< Markdown source, or the code without its fences (for copying).
        LanguageRole,                ///< Code block language as written after the fence; "" if none.
        ClosedRole,                  ///< False while a code block's closing fence has not arrived.
        DisplayTextRole,             ///< Markdown with raw HTML escaped (for MarkdownText); code as is.
    };

    explicit MessageBlocksModel(QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    QString text() const { return text_; }
    void setText(const QString& text);
    int count() const { return int(rows_.size()); }

Q_SIGNALS:
    void textChanged();
    void countChanged();

private:
    struct Row {
        MarkdownBlock block;
        QString displayText;
    };

    // Replaces rows from `firstRow` on with `blocks`, signalling only real changes.
    void updateRows(qsizetype firstRow, const QList<MarkdownBlock>& blocks);

    QString text_;
    QList<MarkdownSegment> segments_; // all segments of text_, blank ones included
    QList<Row> rows_;                 // the non-blank segments, one row each
};

} // namespace hearth::ui
