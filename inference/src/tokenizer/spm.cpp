#include "tokenizer/spm.h"

#include "tokenizer/utf8.h"

#include <algorithm>

namespace hearth {
namespace {

constexpr size_t kPairBits = size_t(1) << 22;

// Decodes one strictly valid code point at text[pos]; false if none.
bool validCodepoint(std::string_view text, size_t pos, size_t& length, uint32_t& cpt)
{
    const auto* p = reinterpret_cast<const unsigned char*>(text.data()) + pos;
    const utf8::ScanResult r = utf8::scanStrict(p, text.size() - pos);
    if (r.step != utf8::Step::Valid)
        return false;
    length = r.length;
    size_t at = pos;
    utf8::decodeLenient(text, at, cpt);
    return true;
}

} // namespace

size_t SpmModel::pairBit(uint32_t a, uint32_t b)
{
    const uint64_t key = (uint64_t(a) << 32) | b;
    return size_t((key * 0x9E3779B97F4A7C15ull) >> 40) & (kPairBits - 1);
}

SpmModel::SpmModel(const Vocab& vocab)
    : vocab_(vocab), pairs_(kPairBits / 64, 0)
{
    for (int32_t id = 0; id < vocab.size() && canCut_; ++id) {
        const std::string& text = vocab.text(id);
        uint32_t previous = 0;
        for (size_t pos = 0; pos < text.size();) {
            size_t length = 0;
            uint32_t cpt = 0;
            if (!validCodepoint(text, pos, length, cpt)) {
                canCut_ = false; // its characters may not line up with the text's
                break;
            }
            if (pos > 0) {
                const size_t bit = pairBit(previous, cpt);
                pairs_[bit >> 6] |= uint64_t(1) << (bit & 63);
            }
            previous = cpt;
            pos += length;
        }
    }
}

void SpmModel::encode(std::string_view text, std::vector<int32_t>& out) const
{
    std::vector<Symbol> symbols;
    std::vector<Bigram> queue;
    size_t segmentStart = 0;
    bool previousValid = false;
    uint32_t previous = 0;
    for (size_t pos = 0; pos < text.size();) {
        size_t length = 0;
        uint32_t cpt = 0;
        const bool valid = validCodepoint(text, pos, length, cpt);
        if (!valid)
            length = std::min(utf8::leadLength(static_cast<unsigned char>(text[pos])), text.size() - pos);
        if (valid && previousValid && !mayJoin(previous, cpt)) {
            encodeSegment(text.substr(segmentStart, pos - segmentStart), symbols, queue, out);
            segmentStart = pos;
        }
        previousValid = valid;
        previous = cpt;
        pos += length;
    }
    encodeSegment(text.substr(segmentStart), symbols, queue, out);
}

void SpmModel::encodeSegment(std::string_view text, std::vector<Symbol>& symbols, std::vector<Bigram>& queue,
                             std::vector<int32_t>& out) const
{
    if (text.empty())
        return;
    symbols.clear();
    queue.clear();
    for (size_t offset = 0; offset < text.size();) {
        // Any byte starts a symbol, so broken UTF-8 still advances.
        const size_t length = std::min(utf8::leadLength(static_cast<unsigned char>(text[offset])), text.size() - offset);
        const auto index = static_cast<int32_t>(symbols.size());
        offset += length;
        symbols.push_back({index - 1, offset == text.size() ? -1 : index + 1, uint32_t(offset - length), uint32_t(length)});
    }

    // Highest score first; on equal scores the leftmost pair (llama.cpp's order).
    const auto before = [](const Bigram& a, const Bigram& b) {
        return a.score < b.score || (a.score == b.score && a.left > b.left);
    };
    const auto tryAdd = [&](int32_t left, int32_t right) {
        if (left < 0 || right < 0)
            return;
        const uint32_t length = symbols[size_t(left)].length + symbols[size_t(right)].length;
        const int32_t id = vocab_.find(text.substr(symbols[size_t(left)].start, length));
        if (id < 0)
            return;
        queue.push_back({left, right, vocab_.score(id), length});
        std::push_heap(queue.begin(), queue.end(), before);
    };
    for (int32_t i = 1; i < static_cast<int32_t>(symbols.size()); ++i)
        tryAdd(i - 1, i);

    while (!queue.empty()) {
        std::pop_heap(queue.begin(), queue.end(), before);
        const Bigram bigram = queue.back();
        queue.pop_back();
        Symbol& left = symbols[size_t(bigram.left)];
        Symbol& right = symbols[size_t(bigram.right)];
        if (left.length == 0 || right.length == 0 || left.length + right.length != bigram.length)
            continue; // one side changed since this pair was queued
        left.length += right.length;
        right.length = 0;
        left.next = right.next;
        if (right.next >= 0)
            symbols[size_t(right.next)].prev = bigram.left;
        tryAdd(left.prev, bigram.left);
        tryAdd(bigram.left, left.next);
    }

    // Every merged symbol is a token by construction; a lone character
    // that is not falls back to its bytes.
    for (int32_t i = 0; i != -1; i = symbols[size_t(i)].next) {
        const Symbol& symbol = symbols[size_t(i)];
        const std::string_view piece = text.substr(symbol.start, symbol.length);
        if (const int32_t id = vocab_.find(piece); id >= 0) {
            out.push_back(id);
            continue;
        }
        for (const char c : piece) {
            const int32_t id = vocab_.byteToken(static_cast<unsigned char>(c));
            if (id >= 0)
                out.push_back(id);
            else if (vocab_.unk >= 0)
                out.push_back(vocab_.unk); // vocabulary without byte tokens
        }
    }
}

} // namespace hearth
