#pragma once

// Cuts special tokens out of text before the text is tokenized, the way
// llama.cpp's tokenizer_st_partition does: special tokens are taken longest
// first, each one splitting every remaining text fragment at all its
// occurrences. Control and unknown tokens take part only when special
// parsing is on; user-defined tokens always do.

#include "tokenizer/vocab.h"

#include <cstdint>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace hearth {

struct Fragment {
    int32_t token;  // >= 0: this special token; -1: text [begin, end)
    uint32_t begin;
    uint32_t end;
};

class SpecialPartitioner {
public:
    explicit SpecialPartitioner(const Vocab& vocab);

    // `text` must be shorter than 4 GiB. An empty text gives no fragments.
    std::vector<Fragment> partition(std::string_view text, bool parseSpecial) const;

private:
    // Which special tokens occur anywhere in `text` (flags indexed like
    // vocab.specialTokens()); one pass over a byte trie, so texts without
    // special tokens cost one table lookup per byte.
    std::vector<char> occurring(std::string_view text) const;

    const Vocab& vocab_;
    std::vector<char> firstByte_ = std::vector<char>(256, 0);
    std::unordered_map<uint64_t, uint32_t> edges_;      // (node << 8 | byte) -> child node
    std::vector<std::vector<uint32_t>> terminals_;      // node -> indexes into specialTokens()
};

} // namespace hearth
