#include "services/arena/stored_votes.h"

#include "services/store/compare_store.h"

namespace hearth::arena {

namespace {

void addVotes(const store::CompareSession& session, const store::CompareVote& stored, std::vector<Vote>& out)
{
    const auto& answers = session.answers;
    for (size_t i = 0; i < answers.size(); ++i) {
        for (size_t j = i + 1; j < answers.size(); ++j) {
            Vote vote{answers[i].model, answers[j].model, Verdict::Tie};
            if (stored.isTie())
                out.push_back(vote);
            else if (stored.winnerAnswerId == answers[i].id)
                out.push_back({vote.a, vote.b, Verdict::A});
            else if (stored.winnerAnswerId == answers[j].id)
                out.push_back({vote.a, vote.b, Verdict::B});
            // A pair without the winner: the vote says nothing about it.
        }
    }
}

} // namespace

std::vector<Vote> storedVotes(store::Database& db)
{
    store::CompareStore compare(db);
    std::vector<Vote> votes;
    constexpr int kPage = 500;
    for (int offset = 0;; offset += kPage) {
        const std::vector<store::CompareSession> page = compare.listSessions(kPage, offset);
        for (const store::CompareSession& listed : page) {
            const auto session = compare.session(listed.id);
            if (!session)
                continue;
            for (const store::CompareVote& vote : session->votes)
                addVotes(*session, vote, votes);
        }
        if (int(page.size()) < kPage)
            break;
    }
    return votes;
}

} // namespace hearth::arena
