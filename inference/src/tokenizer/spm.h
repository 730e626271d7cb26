#pragma once

// SentencePiece ("llama" vocabularies) as llama.cpp runs it: start from
// single characters and keep merging the adjacent pair whose concatenation
// is the vocabulary token with the highest score; characters that never
// form a token are written as byte tokens "<0xXX>".
//
// llama.cpp runs one merge queue over a whole text fragment. Two
// characters a|b that appear next to each other in no token can never end
// up in the same token, so the text can be cut there and each piece merged
// on its own with the same result (the order of merges inside a piece does
// not change). That keeps the queues small: ~5x faster on long English.

#include "tokenizer/vocab.h"

#include <cstdint>
#include <string_view>
#include <vector>

namespace hearth {

class SpmModel {
public:
    explicit SpmModel(const Vocab& vocab);

    // Tokenizes one text fragment whose spaces are already written as U+2581.
    void encode(std::string_view text, std::vector<int32_t>& out) const;

private:
    struct Symbol {
        int32_t prev;
        int32_t next;
        uint32_t start;
        uint32_t length; // 0 once merged into its left neighbour
    };
    struct Bigram {
        int32_t left;
        int32_t right;
        float score;
        uint32_t length; // bytes of both symbols when queued; a mismatch later means stale
    };

    void encodeSegment(std::string_view text, std::vector<Symbol>& symbols, std::vector<Bigram>& queue,
                       std::vector<int32_t>& out) const;
    static size_t pairBit(uint32_t a, uint32_t b);
    bool mayJoin(uint32_t a, uint32_t b) const { return !canCut_ || (pairs_[pairBit(a, b) >> 6] >> (pairBit(a, b) & 63)) & 1; }

    const Vocab& vocab_;
    // Bloom-style set of adjacent code point pairs found inside tokens. A
    // false positive only means a missed cut, never a wrong result.
    std::vector<uint64_t> pairs_;
    bool canCut_ = true; // off if some token is not valid UTF-8
};

} // namespace hearth
