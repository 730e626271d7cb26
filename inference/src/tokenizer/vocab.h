#pragma once

// The loaded vocabulary: token texts, scores and attributes, the special
// token ids and flags, resolved from VocabularyData with llama.cpp's
// defaults and its by-text detection of control/end-of-generation tokens.

#include "hearth/tokenizer.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/string_table.h"

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

// llama.cpp's llama_token_attr bits; a token's type sets one of the first
// six, the strip flags are added for some models by name.
enum TokenAttr : uint32_t {
    AttrUndefined = 0,
    AttrUnknown = 1u << 0,
    AttrUnused = 1u << 1,
    AttrNormal = 1u << 2,
    AttrControl = 1u << 3,
    AttrUserDefined = 1u << 4,
    AttrByte = 1u << 5,
    AttrLStrip = 1u << 7,
    AttrRStrip = 1u << 8,
};

enum class VocabKind { Spm, Bpe };

class Vocab {
public:
    // Validates and resolves `data`; throws hearth::Error for an unknown
    // tokenizer kind or pre-tokenizer, or inconsistent arrays.
    explicit Vocab(VocabularyData data);
    // textToId_ points at texts_, so the object stays where it was built.
    Vocab(const Vocab&) = delete;
    Vocab& operator=(const Vocab&) = delete;

    VocabKind kind() const { return kind_; }
    const PreTokenizerConfig& pre() const { return pre_; }
    int32_t size() const { return static_cast<int32_t>(texts_.size()); }
    bool valid(int32_t id) const { return id >= 0 && id < size(); }

    const std::string& text(int32_t id) const { return texts_[size_t(id)]; }
    float score(int32_t id) const { return scores_[size_t(id)]; }
    uint32_t attr(int32_t id) const { return attrs_[size_t(id)]; }
    // Token with exactly this text, or -1 (the last one wins for duplicates, as in llama.cpp).
    int32_t find(std::string_view text) const;

    // SPM byte fallback: the token for one byte ("<0xXX>", else the byte itself), or -1.
    int32_t byteToken(unsigned char byte) const { return byteTokens_[byte]; }

    // Control, user-defined and unknown tokens, longest text first: the
    // order llama.cpp tries them when cutting special tokens out of text.
    const std::vector<int32_t>& specialTokens() const { return specialTokens_; }
    bool isEndOfGeneration(int32_t id) const;

    // The bytes a token stands for (llama.cpp's token_to_piece with special=true).
    const std::string& piece(int32_t id) const { return pieces_[size_t(id)]; }

    int32_t bos = -1, eos = -1, eot = -1, eom = -1, unk = -1, sep = -1, pad = -1, mask = -1;
    int32_t fimPre = -1, fimSuf = -1, fimMid = -1, fimPad = -1, fimRep = -1, fimSep = -1;
    bool addBos = false;
    bool addEos = false;
    bool addSpacePrefix = false;
    // llama.cpp's detokenizer removes spaces before ?!., for these
    // vocabularies; Tokenizer::decode() does not (it must round-trip and
    // match streamed text), but the flag is kept for callers that want it.
    bool cleanSpaces = false;

    // BPE merges, "left right" per rank (empty for SPM).
    const std::vector<std::string>& merges() const { return merges_; }

private:
    void applyDefaults(const VocabularyData& data);
    void readSpecialIds(const VocabularyData& data);
    void detectSpecialByText(std::string_view modelName);
    void buildCaches();
    void setAttr(int32_t id, uint32_t bit, bool on);

    VocabKind kind_ = VocabKind::Spm;
    PreTokenizerConfig pre_;
    std::vector<std::string> texts_;
    std::vector<float> scores_;
    std::vector<uint32_t> attrs_;
    std::vector<std::string> merges_;
    StringIdTable textToId_{texts_, 0};
    std::array<int32_t, 256> byteTokens_{};
    std::vector<int32_t> specialTokens_;
    std::vector<int32_t> endOfGeneration_; // sorted
    std::vector<std::string> pieces_;
};

} // namespace hearth
