// findRemovedSpan (hearth/session.h): where a prompt leaves out a span of the cache.
#include "hearth/session.h"

#include <algorithm>

namespace hearth {

namespace {

constexpr std::size_t kMinKeptTokens = 16;

std::size_t sharedPrefix(std::span<const std::int32_t> a, std::span<const std::int32_t> b)
{
    return std::size_t(std::mismatch(a.begin(), a.end(), b.begin(), b.end()).first - a.begin());
}

} // namespace

std::optional<RemovedSpan> findRemovedSpan(std::span<const std::int32_t> cached,
                                           std::span<const std::int32_t> prompt)
{
    const std::size_t begin = sharedPrefix(cached, prompt);
    if (begin == cached.size() || begin == prompt.size())
        return std::nullopt;
    const auto rest = prompt.subspan(begin);
    std::size_t bestEnd = 0, bestKept = 0;
    // The earliest end that keeps the most; a later end can keep at most
    // what follows it, so the search stops once that is no longer more.
    for (std::size_t end = begin + 1; end < cached.size() && cached.size() - end > bestKept; ++end) {
        if (cached[end] != rest[0])
            continue;
        const std::size_t kept = sharedPrefix(cached.subspan(end), rest);
        if (kept > bestKept) {
            bestEnd = end;
            bestKept = kept;
        }
    }
    if (bestKept < kMinKeptTokens || bestKept <= begin)
        return std::nullopt;
    return RemovedSpan{std::uint32_t(begin), std::uint32_t(bestEnd), std::uint32_t(bestKept)};
}

} // namespace hearth
