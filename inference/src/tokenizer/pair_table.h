#pragma once

// An open-addressing hash table from a pair of 32-bit ids to a 32-bit
// value. BPE looks up a merge rank for every adjacent pair of every word;
// a flat table costs one cache miss per lookup where std::unordered_map
// costs several.

#include <cstddef>
#include <cstdint>
#include <vector>

namespace hearth {

class PairTable {
public:
    // Sized so `expected` entries fill it at most 3/4 (linear probing stays short).
    explicit PairTable(size_t expected = 0)
    {
        size_t capacity = 16;
        while (capacity * 3 < expected * 4)
            capacity *= 2;
        slots_.assign(capacity, Slot{kEmpty, 0});
        mask_ = capacity - 1;
    }

    // Keeps the first value inserted for a pair.
    void insert(uint32_t a, uint32_t b, int32_t value)
    {
        if ((count_ + 1) * 4 > slots_.size() * 3)
            grow();
        const uint64_t key = makeKey(a, b);
        for (size_t i = slot(key);; i = (i + 1) & mask_) {
            if (slots_[i].key == key)
                return;
            if (slots_[i].key == kEmpty) {
                slots_[i] = {key, value};
                ++count_;
                return;
            }
        }
    }

    // The value for (a, b), or -1.
    int32_t find(uint32_t a, uint32_t b) const
    {
        const uint64_t key = makeKey(a, b);
        for (size_t i = slot(key);; i = (i + 1) & mask_) {
            if (slots_[i].key == key)
                return slots_[i].value;
            if (slots_[i].key == kEmpty)
                return -1;
        }
    }

private:
    struct Slot {
        uint64_t key;
        int32_t value;
    };
    // Ids are below 2^31, so this key is never a real pair.
    static constexpr uint64_t kEmpty = ~uint64_t(0);

    static uint64_t makeKey(uint32_t a, uint32_t b) { return (uint64_t(a) << 32) | b; }
    size_t slot(uint64_t key) const { return size_t((key * 0x9E3779B97F4A7C15ull) >> 32) & mask_; }

    void grow()
    {
        std::vector<Slot> old;
        old.swap(slots_);
        slots_.assign(old.size() * 2, Slot{kEmpty, 0});
        mask_ = slots_.size() - 1;
        count_ = 0;
        for (const Slot& s : old)
            if (s.key != kEmpty)
                insert(uint32_t(s.key >> 32), uint32_t(s.key), s.value);
    }

    std::vector<Slot> slots_;
    size_t mask_ = 0;
    size_t count_ = 0;
};

} // namespace hearth
