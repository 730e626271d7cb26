#pragma once

// Votes as JSON Lines, one vote a line:
//   {"a": "model A", "b": "model B", "winner": "a"|"b"|"tie"|"both_bad"}
// the format `hearth-cli arena votes --export` writes and `arena ratings
// --votes` reads. Other keys on a line are kept out of the way (ignored).

#include "services/arena/ratings.h"

#include <QJsonObject>
#include <QString>

#include <vector>

namespace hearth::arena {

// Throws hearth::Error naming the file and line of the first bad line.
std::vector<Vote> readVoteFile(const QString& path);
QJsonObject voteJson(const Vote& vote); // {"a", "b", "winner"}
QByteArray voteLine(const Vote& vote);  // voteJson and a newline
// Writes atomically (a half-written file never replaces an old one).
void writeVoteFile(const QString& path, const std::vector<Vote>& votes);

} // namespace hearth::arena
