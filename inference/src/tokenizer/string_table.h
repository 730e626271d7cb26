#pragma once

// Text -> id lookup for vocabularies: an open-addressing table of ids that
// compares against the strings where they already live (a vector owned by
// the caller), so it stores 8 bytes per entry and a lookup usually costs
// one cache miss. Loading a 150k-token vocabulary and SentencePiece's
// many substring lookups both depend on this.

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

class StringIdTable {
public:
    // Entries are texts[id - base]; `texts` must outlive the table and may
    // grow (ids stay valid), but existing strings must not change.
    StringIdTable(const std::vector<std::string>& texts, int32_t base)
        : texts_(&texts), base_(base)
    {
        slots_.assign(16, Slot{0, kEmpty});
    }

    void reserve(size_t count)
    {
        if (count * 2 > slots_.size())
            rehash(count * 2);
    }

    // Maps texts[id - base] to id; a text inserted again takes the new id.
    void insert(int32_t id)
    {
        if ((count_ + 1) * 2 > slots_.size())
            rehash(slots_.size() * 2);
        const std::string_view text = textOf(id);
        const uint64_t h = hash(text);
        for (size_t i = h & mask_;; i = (i + 1) & mask_) {
            Slot& s = slots_[i];
            if (s.id == kEmpty) {
                s = {tag(h), id};
                ++count_;
                return;
            }
            if (s.tag == tag(h) && textOf(s.id) == text) {
                s.id = id;
                return;
            }
        }
    }

    // The id of `text`, or -1.
    int32_t find(std::string_view text) const
    {
        const uint64_t h = hash(text);
        for (size_t i = h & mask_;; i = (i + 1) & mask_) {
            const Slot& s = slots_[i];
            if (s.id == kEmpty)
                return -1;
            if (s.tag == tag(h) && textOf(s.id) == text)
                return s.id;
        }
    }

private:
    struct Slot {
        uint32_t tag; // high hash bits: most mismatches never touch the string
        int32_t id;
    };
    static constexpr int32_t kEmpty = -1;

    static uint64_t hash(std::string_view text) { return std::hash<std::string_view>{}(text); }
    static uint32_t tag(uint64_t h) { return uint32_t(h >> 32); }
    std::string_view textOf(int32_t id) const { return (*texts_)[size_t(id - base_)]; }

    void rehash(size_t minimum)
    {
        size_t capacity = 16;
        while (capacity < minimum)
            capacity *= 2;
        std::vector<Slot> old(capacity, Slot{0, kEmpty});
        old.swap(slots_);
        mask_ = capacity - 1;
        for (const Slot& s : old) {
            if (s.id == kEmpty)
                continue;
            size_t i = hash(textOf(s.id)) & mask_;
            while (slots_[i].id != kEmpty)
                i = (i + 1) & mask_;
            slots_[i] = s;
        }
    }

    const std::vector<std::string>* texts_;
    int32_t base_;
    std::vector<Slot> slots_;
    size_t mask_ = 15;
    size_t count_ = 0;
};

} // namespace hearth
