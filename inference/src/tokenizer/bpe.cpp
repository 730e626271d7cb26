#include "tokenizer/bpe.h"

#include "hearth/error.h"
#include "tokenizer/byte_level.h"

#include <algorithm>

namespace hearth {
namespace {

// Lowest rank first, then leftmost: as a max-heap comparator.
bool laterBigram(const BpeScratch::Bigram& a, const BpeScratch::Bigram& b)
{
    return a.rank > b.rank || (a.rank == b.rank && a.left > b.left);
}

} // namespace

BpeModel::BpeModel(const Vocab& vocab)
    : vocab_(vocab), ranks_(vocab.merges().size())
{
    const std::vector<std::string>& merges = vocab.merges();
    if (merges.size() > size_t(INT32_MAX))
        throw Error("The tokenizer has too many merge rules.");

    // A rule is "left right"; the split is at the first space after the
    // first byte, so a left part that is itself a space still works.
    std::vector<std::pair<int32_t, int32_t>> parts(merges.size(), {-1, -1});
    for (size_t r = 0; r < merges.size(); ++r) {
        const std::string& rule = merges[r];
        const size_t space = rule.find(' ', 1);
        if (space == std::string::npos)
            continue; // llama.cpp keeps it as an empty pair that never matches
        const int32_t left = internPiece(std::string_view(rule).substr(0, space));
        const int32_t right = internPiece(std::string_view(rule).substr(space + 1));
        parts[r] = {left, right};
        ranks_.insert(uint32_t(left), uint32_t(right), static_cast<int32_t>(r)); // first rule wins
    }
    mergeResult_.assign(merges.size(), -1);
    std::string joined;
    for (size_t r = 0; r < merges.size(); ++r) {
        if (parts[r].first < 0)
            continue;
        const std::string& rule = merges[r];
        const size_t space = rule.find(' ', 1);
        joined.assign(rule, 0, space);
        joined.append(rule, space + 1);
        mergeResult_[r] = pieceId(joined);
    }
    for (unsigned b = 0; b < 256; ++b) {
        bytePiece_[b] = pieceId(byte_level::encodeByte(static_cast<unsigned char>(b)));
        singleByteToken_[b] = vocab.find(std::string(1, static_cast<char>(b)));
    }
}

int32_t BpeModel::pieceId(std::string_view text) const
{
    if (const int32_t id = vocab_.find(text); id >= 0)
        return id;
    return extraIds_.find(text);
}

int32_t BpeModel::internPiece(std::string_view text)
{
    if (const int32_t id = pieceId(text); id >= 0)
        return id;
    const auto id = static_cast<int32_t>(vocab_.size() + extraPieces_.size());
    extraPieces_.emplace_back(text);
    extraIds_.insert(id);
    return id;
}

int32_t BpeModel::rank(int32_t left, int32_t right) const
{
    if (left < 0 || right < 0)
        return -1;
    return ranks_.find(uint32_t(left), uint32_t(right));
}

void BpeModel::pushBigram(BpeScratch& scratch, int32_t left, int32_t right) const
{
    if (left < 0 || right < 0)
        return;
    const BpeScratch::Symbol& l = scratch.symbols[size_t(left)];
    const BpeScratch::Symbol& r = scratch.symbols[size_t(right)];
    const int32_t found = rank(l.piece, r.piece);
    if (found < 0)
        return;
    scratch.heap.push_back({found, left, right, l.length + r.length});
    std::push_heap(scratch.heap.begin(), scratch.heap.end(), laterBigram);
}

void BpeModel::encodeWord(std::string_view raw, BpeScratch& scratch, std::vector<int32_t>& out) const
{
    if (raw.empty())
        return;
    if (vocab_.pre().ignoreMerges) {
        // Llama 3: a word that is a token as a whole is used as is, even
        // when the merges would have split it differently.
        scratch.encoded.clear();
        byte_level::encode(scratch.encoded, raw);
        if (const int32_t id = vocab_.find(scratch.encoded); id >= 0) {
            out.push_back(id);
            return;
        }
    }

    // One symbol per byte: each byte is one character of the byte alphabet.
    auto& symbols = scratch.symbols;
    symbols.clear();
    scratch.heap.clear();
    const auto count = static_cast<int32_t>(raw.size());
    for (int32_t i = 0; i < count; ++i)
        symbols.push_back({i - 1, i + 1 == count ? -1 : i + 1,
                           bytePiece_[static_cast<unsigned char>(raw[size_t(i)])], uint32_t(i), 1});
    for (int32_t i = 1; i < count; ++i)
        pushBigram(scratch, i - 1, i);

    while (!scratch.heap.empty()) {
        std::pop_heap(scratch.heap.begin(), scratch.heap.end(), laterBigram);
        const BpeScratch::Bigram bigram = scratch.heap.back();
        scratch.heap.pop_back();
        auto& left = symbols[size_t(bigram.left)];
        auto& right = symbols[size_t(bigram.right)];
        if (left.length == 0 || right.length == 0 || left.length + right.length != bigram.length)
            continue; // stale: one side was merged with something else meanwhile
        left.length += right.length;
        left.piece = mergeResult_[size_t(bigram.rank)];
        right.length = 0;
        left.next = right.next;
        if (right.next >= 0)
            symbols[size_t(right.next)].prev = bigram.left;
        pushBigram(scratch, left.prev, bigram.left);
        pushBigram(scratch, bigram.left, left.next);
    }

    for (int32_t i = 0; i != -1; i = symbols[size_t(i)].next) {
        const auto& symbol = symbols[size_t(i)];
        if (symbol.piece >= 0 && symbol.piece < vocab_.size()) {
            out.push_back(symbol.piece);
            continue;
        }
        // Not a token: llama.cpp emits the tokens of the single bytes of
        // its byte-level text that exist and silently drops the rest.
        for (const char c : raw.substr(symbol.start, symbol.length))
            for (const char e : byte_level::encodeByte(static_cast<unsigned char>(c)))
                if (const int32_t id = singleByteToken_[static_cast<unsigned char>(e)]; id >= 0)
                    out.push_back(id);
    }
}

} // namespace hearth
