#pragma once

// The loaded model's sessions, each holding one conversation's KV cache,
// so that switching between a few chats resumes each from its cached
// prefix instead of reading its whole prompt again. At most kMaxSessions,
// and another one only while its KV cache fits in GPU memory; the least
// recently used one is reused beyond that.

#include "hearth/session.h"

#include <algorithm>
#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace hearth::inference {

class SessionPool {
public:
    static constexpr std::size_t kMaxSessions = 3;
    // Fewer (at least 1): `hearth-cli bench-chats --sessions 1` measures
    // without the pool.
    void setMaxSessions(std::size_t n) { maxSessions_ = std::clamp<std::size_t>(n, 1, kMaxSessions); }

    // Starts over with `first` (a new model's first session); more are made
    // like it (same options) when needed.
    void reset(std::unique_ptr<hearth::Session> first, std::shared_ptr<hearth::Model> model,
               const hearth::SessionOptions& options);
    void clear(); // sessions first, then the model they run on
    bool empty() const { return entries_.empty(); }
    const hearth::Model* model() const { return model_.get(); } // null when empty
    std::size_t size() const { return entries_.size(); }
    hearth::Session& front() { return *entries_.front().session; }

    // The session to run `prompt` on: the one that can reuse most of it
    // (its prefix, or the tokens around dropped oldest turns) when that is
    // its own conversation (at least half of what it holds), else a new
    // session while there is room, else the least recently used one.
    hearth::Session& pick(std::span<const std::int32_t> prompt);

private:
    struct Entry {
        std::unique_ptr<hearth::Session> session;
        std::uint64_t lastUse = 0;
    };
    hearth::Session& use(Entry& entry);

    std::vector<Entry> entries_;
    std::shared_ptr<hearth::Model> model_;
    hearth::SessionOptions options_;
    std::uint64_t clock_ = 0;
    std::size_t maxSessions_ = kMaxSessions;
    bool full_ = false; // a session did not fit: make no more for this model
};

} // namespace hearth::inference
