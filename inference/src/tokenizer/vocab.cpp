#include "tokenizer/vocab.h"

#include "hearth/error.h"
#include "tokenizer/byte_level.h"

#include <algorithm>

namespace hearth {
namespace {

uint32_t attrFromType(int32_t type)
{
    switch (type) {
    case VocabularyData::Normal: return AttrNormal;
    case VocabularyData::Unknown: return AttrUnknown;
    case VocabularyData::Control: return AttrControl;
    case VocabularyData::UserDefined: return AttrUserDefined;
    case VocabularyData::Unused: return AttrUnused;
    case VocabularyData::Byte: return AttrByte;
    default: return AttrUndefined;
    }
}

VocabKind kindFromModel(const std::string& model)
{
    if (model == "llama")
        return VocabKind::Spm;
    if (model == "gpt2")
        return VocabKind::Bpe;
    if (model.empty())
        throw Error("The model file has no tokenizer (tokenizer.ggml.model is missing).");
    static constexpr std::string_view kKnown[] = {"bert", "t5", "rwkv", "plamo2", "none", "no_vocab"};
    if (std::find(std::begin(kKnown), std::end(kKnown), model) != std::end(kKnown))
        throw Error("This model uses the tokenizer type '" + model +
                    "', which Hearth does not support yet (supported: SentencePiece 'llama' and BPE 'gpt2').");
    throw Error("This model uses an unknown tokenizer type '" + model +
                "' (supported: SentencePiece 'llama' and BPE 'gpt2').");
}

// SPM pieces spell spaces as U+2581 '▁'.
std::string unescapeSpaces(const std::string& text)
{
    static constexpr std::string_view kSpace = "\xE2\x96\x81";
    std::string out;
    out.reserve(text.size());
    for (size_t i = 0; i < text.size();) {
        if (text.compare(i, kSpace.size(), kSpace) == 0) {
            out += ' ';
            i += kSpace.size();
        } else {
            out += text[i++];
        }
    }
    return out;
}

int hexDigit(char c)
{
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
}

} // namespace

Vocab::Vocab(VocabularyData data)
    : kind_(kindFromModel(data.model))
{
    const size_t n = data.tokens.size();
    if (n == 0)
        throw Error("The model file has no tokenizer vocabulary (tokenizer.ggml.tokens is empty).");
    if (n > size_t(INT32_MAX))
        throw Error("The tokenizer vocabulary is too large.");
    if (!data.scores.empty() && data.scores.size() != n)
        throw Error("The tokenizer data is inconsistent: " + std::to_string(data.scores.size()) +
                    " scores for " + std::to_string(n) + " tokens.");
    if (!data.types.empty() && data.types.size() != n)
        throw Error("The tokenizer data is inconsistent: " + std::to_string(data.types.size()) +
                    " token types for " + std::to_string(n) + " tokens.");

    texts_ = std::move(data.tokens);
    scores_ = data.scores.empty() ? std::vector<float>(n, 0.0f) : std::move(data.scores);
    attrs_.resize(n, AttrNormal);
    for (size_t i = 0; i < n; ++i) {
        if (!data.types.empty())
            attrs_[i] = attrFromType(data.types[i]);
        // An empty token would match everywhere; llama.cpp renames it the same way.
        if (texts_[i].empty())
            texts_[i] = "[EMPTY_" + std::to_string(i) + "]";
    }
    textToId_.reserve(n);
    for (size_t i = 0; i < n; ++i)
        textToId_.insert(static_cast<int32_t>(i)); // the last duplicate wins, as in llama.cpp
    if (kind_ == VocabKind::Bpe)
        merges_ = std::move(data.merges);

    applyDefaults(data);
    readSpecialIds(data);
    detectSpecialByText(data.name);
    buildCaches();
}

int32_t Vocab::find(std::string_view text) const
{
    return textToId_.find(text);
}

bool Vocab::isEndOfGeneration(int32_t id) const
{
    return std::binary_search(endOfGeneration_.begin(), endOfGeneration_.end(), id);
}

void Vocab::applyDefaults(const VocabularyData& data)
{
    // llama.cpp's per-kind defaults, then the file's explicit flags.
    if (kind_ == VocabKind::Spm) {
        bos = 1;
        eos = 2;
        unk = 0;
        addSpacePrefix = true;
        addBos = true;
        cleanSpaces = false;
    } else {
        pre_ = resolvePreTokenizer(data.pre);
        bos = 11;
        eos = 11;
        addSpacePrefix = false;
        cleanSpaces = pre_.cleanSpaces;
        addBos = pre_.addBos.value_or(false);
    }
    // A default that does not exist in a (tiny) vocabulary means "none".
    for (int32_t* id : {&bos, &eos, &unk})
        if (!valid(*id))
            *id = -1;
    if (data.addSpacePrefix)
        addSpacePrefix = *data.addSpacePrefix;
    if (data.addBos)
        addBos = *data.addBos;
    if (data.addEos)
        addEos = *data.addEos;
}

void Vocab::readSpecialIds(const VocabularyData& data)
{
    // Out-of-range ids in the file are ignored (llama.cpp warns and keeps the default).
    const auto take = [&](int32_t& id, const std::optional<int64_t>& value) {
        if (value && *value >= 0 && *value < size())
            id = static_cast<int32_t>(*value);
    };
    take(bos, data.bos);
    take(eos, data.eos);
    take(eot, data.eot);
    take(eom, data.eom);
    take(unk, data.unk);
    take(sep, data.sep);
    take(pad, data.pad);
    take(mask, data.mask);
    take(fimPre, data.fimPre);
    take(fimSuf, data.fimSuf);
    take(fimMid, data.fimMid);
    take(fimPad, data.fimPad);
    take(fimRep, data.fimRep);
    take(fimSep, data.fimSep);
}

void Vocab::setAttr(int32_t id, uint32_t bit, bool on)
{
    if (!valid(id))
        return;
    if (on)
        attrs_[size_t(id)] |= bit;
    else
        attrs_[size_t(id)] &= ~bit;
}

void Vocab::buildCaches()
{
    // Byte fallback tokens for SPM: "<0xXX>" (uppercase hex), else the raw byte.
    static constexpr char kHex[] = "0123456789ABCDEF";
    for (unsigned b = 0; b < 256; ++b) {
        const char name[6] = {'<', '0', 'x', kHex[b >> 4], kHex[b & 15], '>'};
        int32_t id = find(std::string_view(name, 6));
        if (id < 0)
            id = find(std::string(1, static_cast<char>(b)));
        byteTokens_[b] = id;
    }

    pieces_.resize(texts_.size());
    for (int32_t id = 0; id < size(); ++id) {
        const uint32_t a = attr(id);
        const std::string& t = text(id);
        std::string& out = pieces_[size_t(id)];
        if (a & (AttrUnknown | AttrControl | AttrUserDefined)) {
            out = t; // written as-is, never escaped
        } else if (a & AttrNormal) {
            out = kind_ == VocabKind::Spm ? unescapeSpaces(t) : byte_level::decode(t);
        } else if ((a & AttrByte) && kind_ == VocabKind::Spm && t.size() == 6) {
            const int hi = hexDigit(t[3]);
            const int lo = hexDigit(t[4]);
            if (hi >= 0 && lo >= 0)
                out = std::string(1, static_cast<char>(hi * 16 + lo));
        }
        // Unused and undefined tokens stand for nothing.
    }
}

} // namespace hearth
