#pragma once

// Compare sessions: one prompt answered by several models side by side,
// and the user's votes on which answer was best. Used from the Database's
// thread only.

#include "services/store/database.h"
#include "services/store/store_types.h"

#include <optional>
#include <vector>

namespace hearth::store {

struct CompareAnswer {
    qint64 id = 0;
    qint64 sessionId = 0;
    QString model;
    QString content;
    QString reasoning;
    GenerationStats stats;
    FinishReason finishReason = FinishReason::None;
};

struct CompareVote {
    qint64 id = 0;
    qint64 sessionId = 0;
    qint64 winnerAnswerId = 0; // 0: a tie
    qint64 createdMs = 0;
    bool isTie() const { return winnerAnswerId == 0; }
};

struct CompareSession {
    qint64 id = 0;
    QString prompt;
    QString systemPrompt;
    qint64 createdMs = 0;
    bool blind = false; // hide the model names until the vote
    std::vector<CompareAnswer> answers; // in the order they were added
    std::vector<CompareVote> votes;     // oldest first
};

// How one model fared over all sessions it answered in.
struct ModelTally {
    QString model;
    int sessions = 0; // sessions with at least one vote
    int wins = 0;
    int ties = 0;
};

class CompareStore {
public:
    explicit CompareStore(Database& db) : db_(db) {}

    qint64 createSession(const QString& prompt, const QString& systemPrompt, bool blind);
    qint64 addAnswer(qint64 sessionId, const CompareAnswer& answer);
    void updateAnswer(const CompareAnswer& answer); // content, stats, finish reason
    std::optional<CompareSession> session(qint64 id);
    std::vector<CompareSession> listSessions(int limit, int offset = 0); // newest first, without answers
    void deleteSession(qint64 id);

    // A vote for `answerId` (which must belong to `sessionId`), or a tie.
    qint64 voteFor(qint64 sessionId, qint64 answerId);
    qint64 voteTie(qint64 sessionId);

    std::vector<ModelTally> tally(); // most wins first

private:
    void requireSession(qint64 id);

    Database& db_;
};

} // namespace hearth::store
