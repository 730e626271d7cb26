#pragma once

// Byte-level BPE ("gpt2" vocabularies) as llama.cpp runs it on one
// pre-tokenized word: map bytes to GPT-2's byte alphabet, then repeatedly
// merge the adjacent pair with the lowest merge rank (leftmost on ties).
//
// Merges are looked up by integer ids rather than strings: every string
// that appears in a merge rule gets an id (its token id when it is a token),
// and each rule knows the id of its result, so encoding a word allocates
// nothing and hashes only integer pairs.

#include "tokenizer/pair_table.h"
#include "tokenizer/string_table.h"
#include "tokenizer/vocab.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

// Per-call working memory, reused across words.
struct BpeScratch {
    struct Symbol {
        int32_t prev;
        int32_t next;
        int32_t piece;   // id of the symbol's text (token id, merge-only id, or -1)
        uint32_t start;  // in raw bytes of the word
        uint32_t length; // 0 once merged into its left neighbour
    };
    struct Bigram {
        int32_t rank;
        int32_t left;
        int32_t right;
        uint32_t length;
    };
    std::vector<Symbol> symbols;
    std::vector<Bigram> heap;
    std::string encoded;
};

class BpeModel {
public:
    explicit BpeModel(const Vocab& vocab);
    BpeModel(const BpeModel&) = delete;
    BpeModel& operator=(const BpeModel&) = delete;

    // Appends the tokens of one word, given as raw (not byte-level) bytes.
    void encodeWord(std::string_view raw, BpeScratch& scratch, std::vector<int32_t>& out) const;

private:
    int32_t pieceId(std::string_view text) const;
    int32_t internPiece(std::string_view text);
    int32_t rank(int32_t left, int32_t right) const;
    void pushBigram(BpeScratch& scratch, int32_t left, int32_t right) const;

    const Vocab& vocab_;
    std::vector<std::string> extraPieces_; // merge parts that are not tokens; id = vocab size + index
    StringIdTable extraIds_{extraPieces_, vocab_.size()};
    PairTable ranks_;                            // (left piece, right piece) -> rank
    std::vector<int32_t> mergeResult_;           // rank -> piece id of the merged text
    std::array<int32_t, 256> bytePiece_{};       // raw byte -> piece id of its byte-level char
    std::array<int32_t, 256> singleByteToken_{}; // token whose text is exactly this one byte
};

} // namespace hearth
