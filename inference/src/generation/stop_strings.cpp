#include "hearth/stop_strings.h"

#include <algorithm>

namespace hearth {

namespace {

// Length of the UTF-8 sequence a lead byte starts; 1 for ASCII and for
// bytes that cannot start a sequence (passed through as they are).
std::size_t sequenceLength(unsigned char lead)
{
    if (lead >= 0xF0 && lead <= 0xF4)
        return 4;
    if (lead >= 0xE0 && lead <= 0xEF)
        return 3;
    if (lead >= 0xC2 && lead <= 0xDF)
        return 2;
    return 1;
}

// The largest end <= `end` that does not cut a UTF-8 character of `text`
// in two: an incomplete last character is left for later.
std::size_t characterBoundary(std::string_view text, std::size_t end)
{
    // A character is at most 4 bytes, so its lead is among the last 4 bytes.
    for (std::size_t back = 1; back <= std::min<std::size_t>(4, end); ++back) {
        const auto byte = static_cast<unsigned char>(text[end - back]);
        if ((byte & 0xC0) == 0x80)
            continue; // a continuation byte: the lead is further back
        return sequenceLength(byte) > back ? end - back : end;
    }
    return end; // stray continuation bytes: nothing to wait for
}

} // namespace

StopStringFilter::StopStringFilter(std::vector<std::string> stops)
{
    for (std::string& s : stops)
        if (!s.empty())
            stops_.push_back(std::move(s));
}

std::size_t StopStringFilter::heldBackSuffix() const
{
    // The longest end of pending_ that is a proper prefix of a stop string.
    std::size_t hold = 0;
    for (const std::string& stop : stops_) {
        for (std::size_t len = std::min(stop.size() - 1, pending_.size()); len > hold; --len) {
            if (std::string_view(pending_).substr(pending_.size() - len) == std::string_view(stop).substr(0, len)) {
                hold = len;
                break;
            }
        }
    }
    return hold;
}

StopStringFilter::Result StopStringFilter::feed(std::string_view piece)
{
    if (stopped_)
        return {{}, true};
    pending_ += piece;

    // The occurrence that completes first: earliest end, then earliest start.
    std::size_t bestEnd = std::string::npos;
    std::size_t bestStart = std::string::npos;
    for (const std::string& stop : stops_) {
        const std::size_t at = pending_.find(stop);
        if (at == std::string::npos)
            continue;
        const std::size_t end = at + stop.size();
        if (end < bestEnd || (end == bestEnd && at < bestStart)) {
            bestEnd = end;
            bestStart = at;
        }
    }
    if (bestStart != std::string::npos) {
        stopped_ = true;
        Result r{pending_.substr(0, bestStart), true};
        pending_.clear();
        return r;
    }

    const std::size_t emit = characterBoundary(pending_, pending_.size() - heldBackSuffix());
    Result r{pending_.substr(0, emit), false};
    pending_.erase(0, emit);
    return r;
}

std::string StopStringFilter::flush()
{
    std::string rest;
    rest.swap(pending_);
    return rest;
}

} // namespace hearth
