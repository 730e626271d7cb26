#pragma once

// The votes saved in the chat database's compare sessions, as pairwise
// votes. A session of two answers gives one vote (a = the first answer's
// model); a session of more answers gives one vote for each pair the vote
// settles: the winner against every other answer, or a tie between all.

#include "services/arena/ratings.h"

#include <vector>

namespace hearth::store {
class Database;
}

namespace hearth::arena {

std::vector<Vote> storedVotes(store::Database& db);

} // namespace hearth::arena
