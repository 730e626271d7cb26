#pragma once

#include "services/arena/leaderboard.h"
#include "services/chat/chat_service.h"

#include <QAbstractListModel>
#include <QStringList>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

// The leaderboard page: one row per model, best first, from the votes in
// the chat database. The votes are read on the store thread and the fit
// (with its bootstrap) runs on a worker, so the page never waits on either.
class LeaderboardModel : public QAbstractListModel {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use App.leaderboard")
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(int voteCount READ voteCount NOTIFY boardChanged)
    Q_PROPERTY(QString notes READ notes NOTIFY boardChanged)
    // "" = every vote; else only the votes tagged with it.
    Q_PROPERTY(QString category READ category WRITE setCategory NOTIFY categoryChanged)
    Q_PROPERTY(QStringList categories READ categories NOTIFY boardChanged)
    // The heat map: names in rank order, and rows of cells
    // {rate: 0..1 (or -1 when the two never met), games, text}.
    Q_PROPERTY(QStringList modelNames READ modelNames NOTIFY boardChanged)
    Q_PROPERTY(QVariantList matrix READ matrix NOTIFY boardChanged)
    Q_PROPERTY(QString noticeText READ noticeText NOTIFY noticeTextChanged)

public:
    enum Role {
        RankRole = Qt::UserRole + 1, ///< 1 for the best
        ModelRole,                   ///< the model's name as voted on
        RatingRole,                  ///< Elo-scale rating, mean 1000
        IntervalRole,                ///< "950 - 1040": the 95% interval as text
        CiLowRole,
        CiHighRole,
        VotesRole,
        WinsRole,
        TiesRole,                    ///< ties and "both bad"
        LossesRole,
        WinShareRole,                ///< 0..1: (wins + ties / 2) / votes
    };
    Q_ENUM(Role)

    explicit LeaderboardModel(chat::ChatService& chats, QObject* parent = nullptr);

    int rowCount(const QModelIndex& parent = {}) const override;
    QVariant data(const QModelIndex& index, int role) const override;
    QHash<int, QByteArray> roleNames() const override;

    bool loading() const { return pending_ > 0; }
    int voteCount() const { return board_.ratings.votes; }
    QString notes() const { return board_.ratings.notes.join('\n'); }
    QString category() const { return category_; }
    void setCategory(const QString& category);
    QStringList categories() const { return categories_; }
    QStringList modelNames() const;
    QVariantList matrix() const;
    QString noticeText() const { return notice_; }

    // Reads the votes again (after a vote, or when the page is shown).
    Q_INVOKABLE void refresh();
    // Writes the table as "csv" or "md" into the export folder (Settings);
    // noticeText says where, or why not.
    Q_INVOKABLE void exportBoard(const QString& format);
    Q_INVOKABLE void clearNotice();

    // For tests: resamples of the intervals (default 1000).
    void setBootstrap(int resamples) { bootstrap_ = resamples; }

Q_SIGNALS:
    void loadingChanged();
    void boardChanged();
    void categoryChanged();
    void noticeTextChanged();

private:
    void rebuild();
    void setNotice(const QString& text);

    chat::ChatService& chats_;
    std::vector<arena::Vote> votes_;
    arena::Leaderboard board_;
    QString category_;
    QStringList categories_;
    QString notice_;
    int bootstrap_ = 1000;
    int pending_ = 0;        // reads and fits under way
    quint64 generation_ = 0; // a newer refresh or filter drops older results
};

} // namespace hearth::ui
