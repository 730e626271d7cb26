#pragma once

// What the leaderboard shows: the ratings plus the head-to-head record of
// every pair (the heat map), and its export as CSV or Markdown.

#include "services/arena/ratings.h"

#include <QString>

#include <vector>

namespace hearth::arena {

struct HeadToHead {
    double score = 0; // what the row model scored against the column model (ties count 1/2)
    int games = 0;
    // Share of the points the row model took; negative when they never met.
    double winRate() const { return games > 0 ? score / games : -1; }
};

struct Leaderboard {
    Ratings ratings;
    // matrix[i][j]: model i (in ratings order) against model j.
    std::vector<std::vector<HeadToHead>> matrix;
};

Leaderboard buildLeaderboard(const std::vector<Vote>& votes, const RatingsOptions& options = {});

// Votes of one category only; an empty category keeps them all.
std::vector<Vote> votesInCategory(const std::vector<Vote>& votes, const QString& category);

// One header line, then a line per model, best first; numbers with a dot.
QString leaderboardCsv(const Leaderboard& board);
// A ranking table and a head-to-head win-rate table, for pasting into notes.
QString leaderboardMarkdown(const Leaderboard& board);

} // namespace hearth::arena
