#include "services/inference/session_pool.h"

#include "hearth/error.h"

#include <algorithm>

namespace hearth::inference {

void SessionPool::reset(std::unique_ptr<hearth::Session> first, std::shared_ptr<hearth::Model> model,
                        const hearth::SessionOptions& options)
{
    clear();
    model_ = std::move(model);
    options_ = options;
    entries_.push_back({std::move(first), ++clock_});
}

void SessionPool::clear()
{
    entries_.clear();
    model_.reset();
    full_ = false;
}

hearth::Session& SessionPool::use(Entry& entry)
{
    entry.lastUse = ++clock_;
    return *entry.session;
}

hearth::Session& SessionPool::pick(std::span<const std::int32_t> prompt)
{
    if (entries_.empty())
        throw hearth::Error("Load a model first.");
    Entry* best = nullptr;
    std::size_t bestPrefix = 0;
    for (Entry& e : entries_) {
        // Counts the tokens kept around oldest turns a rolled-over chat dropped.
        const std::size_t prefix = e.session->reusableTokens(prompt);
        if (!best || prefix > bestPrefix) {
            best = &e;
            bestPrefix = prefix;
        }
    }
    // Its own conversation (or an empty session): a shared system prompt
    // alone is not worth losing another chat's cache for.
    const std::size_t held = best->session->cachedTokens().size();
    if (held == 0 || bestPrefix * 2 >= held)
        return use(*best);
    for (Entry& e : entries_)
        if (e.session->cachedTokens().empty())
            return use(e);
    if (!full_ && entries_.size() < maxSessions_) {
        try {
            entries_.push_back({std::make_unique<hearth::Session>(model_, options_), 0});
            return use(entries_.back());
        } catch (const hearth::Error&) {
            full_ = true; // its KV cache does not fit next to the others
        }
    }
    Entry& oldest = *std::min_element(entries_.begin(), entries_.end(),
                                      [](const Entry& a, const Entry& b) { return a.lastUse < b.lastUse; });
    return use(oldest);
}

} // namespace hearth::inference
