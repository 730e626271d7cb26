#include "hearth/tokenizer.h"

#include "hearth/error.h"
#include "tokenizer/bpe.h"
#include "tokenizer/pre_tokenizer.h"
#include "tokenizer/special_partition.h"
#include "tokenizer/spm.h"
#include "tokenizer/utf8.h"
#include "tokenizer/vocab.h"
#include "tokenizer/vocab_from_gguf.h"

#include <limits>
#include <memory>

namespace hearth {

struct Tokenizer::Impl {
    explicit Impl(VocabularyData data)
        : vocab(std::move(data)), partitioner(vocab)
    {
        if (vocab.kind() == VocabKind::Bpe) {
            pre = std::make_unique<PreTokenizer>(vocab.pre().type);
            bpe = std::make_unique<BpeModel>(vocab);
        } else {
            spm = std::make_unique<SpmModel>(vocab);
        }
    }

    void encodeSpm(std::string_view text, const std::vector<Fragment>& fragments, std::vector<int32_t>& out) const;
    void encodeBpe(std::string_view text, const std::vector<Fragment>& fragments, std::vector<int32_t>& out) const;
    // llama.cpp's token_to_piece: control/unknown tokens only when rendering specials.
    std::string_view text(int32_t id, bool renderSpecial) const
    {
        if (!vocab.valid(id) || (!renderSpecial && (vocab.attr(id) & (AttrControl | AttrUnknown))))
            return {};
        return vocab.piece(id);
    }

    Vocab vocab; // must precede the members that keep a reference to it
    SpecialPartitioner partitioner;
    std::unique_ptr<PreTokenizer> pre; // BPE only
    std::unique_ptr<BpeModel> bpe;     // BPE only
    std::unique_ptr<SpmModel> spm;     // SPM only
};

void Tokenizer::Impl::encodeSpm(std::string_view text, const std::vector<Fragment>& fragments,
                                std::vector<int32_t>& out) const
{
    static constexpr std::string_view kSpace = "\xE2\x96\x81"; // '▁'
    // The first text fragment, and each one after a special token, gets a
    // leading space: SentencePiece models expect every word to start with one.
    bool afterSpecial = true;
    std::string escaped;
    for (const Fragment& fragment : fragments) {
        if (fragment.token >= 0) {
            out.push_back(fragment.token);
            afterSpecial = true;
            continue;
        }
        escaped.clear();
        if (vocab.addSpacePrefix && afterSpecial)
            escaped += kSpace;
        for (const char c : text.substr(fragment.begin, fragment.end - fragment.begin)) {
            if (c == ' ')
                escaped += kSpace;
            else
                escaped += c;
        }
        spm->encode(escaped, out);
        afterSpecial = false;
    }
}

void Tokenizer::Impl::encodeBpe(std::string_view text, const std::vector<Fragment>& fragments,
                                std::vector<int32_t>& out) const
{
    RegexScratch regexScratch;
    BpeScratch bpeScratch;
    std::string sanitized;
    std::vector<TextRange> words;
    for (const Fragment& fragment : fragments) {
        if (fragment.token >= 0) {
            out.push_back(fragment.token);
            continue;
        }
        const std::string_view valid =
            utf8::sanitize(text.substr(fragment.begin, fragment.end - fragment.begin), sanitized);
        words.clear();
        pre->split(valid, regexScratch, words);
        for (const TextRange& word : words)
            bpe->encodeWord(valid.substr(word.begin, word.end - word.begin), bpeScratch, out);
    }
}

Tokenizer::Tokenizer(std::shared_ptr<const Impl> impl)
    : impl_(std::move(impl))
{
}

Tokenizer Tokenizer::fromGguf(const GgufFile& file)
{
    return fromVocabulary(vocabularyFromGguf(file));
}

Tokenizer Tokenizer::fromVocabulary(VocabularyData data)
{
    return Tokenizer(std::make_shared<const Impl>(std::move(data)));
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool addSpecial, bool parseSpecial) const
{
    if (text.size() >= std::numeric_limits<uint32_t>::max())
        throw Error("The text is too long to tokenize (4 GiB or more).");
    const Vocab& vocab = impl_->vocab;
    std::vector<int32_t> out;
    out.reserve(text.size() / 4 + 2);
    if (addSpecial && vocab.addBos && vocab.bos >= 0)
        out.push_back(vocab.bos);

    const std::vector<Fragment> fragments = impl_->partitioner.partition(text, parseSpecial);
    if (vocab.kind() == VocabKind::Spm)
        impl_->encodeSpm(text, fragments, out);
    else
        impl_->encodeBpe(text, fragments, out);

    if (addSpecial && vocab.addEos && vocab.eos >= 0)
        out.push_back(vocab.eos);
    return out;
}

std::string Tokenizer::decode(std::span<const int32_t> ids, bool renderSpecial) const
{
    std::string out;
    // SentencePiece: drop the space encode() put in front (llama.cpp's
    // detokenizer does this for the first token only, printed or not).
    bool removeSpace = impl_->vocab.addSpacePrefix;
    for (const int32_t id : ids) {
        std::string_view piece = impl_->text(id, renderSpecial);
        if (removeSpace && !piece.empty() && piece.front() == ' ')
            piece.remove_prefix(1);
        removeSpace = false;
        out.append(piece);
    }
    return out;
}

std::string Tokenizer::tokenPiece(int32_t id) const
{
    return std::string(impl_->text(id, true));
}

std::string Tokenizer::tokenText(int32_t id, bool renderSpecial) const
{
    return std::string(impl_->text(id, renderSpecial));
}

int32_t Tokenizer::bos() const { return impl_->vocab.bos; }
int32_t Tokenizer::eos() const { return impl_->vocab.eos; }
int32_t Tokenizer::eot() const { return impl_->vocab.eot; }
bool Tokenizer::addsBos() const { return impl_->vocab.addBos; }
bool Tokenizer::addsEos() const { return impl_->vocab.addEos; }
size_t Tokenizer::vocabSize() const { return static_cast<size_t>(impl_->vocab.size()); }

bool Tokenizer::isEndOfGeneration(int32_t id) const
{
    return impl_->vocab.isEndOfGeneration(id);
}

bool Tokenizer::isControl(int32_t id) const
{
    return impl_->vocab.valid(id) && (impl_->vocab.attr(id) & AttrControl);
}

std::optional<int32_t> Tokenizer::findToken(std::string_view text) const
{
    const int32_t id = impl_->vocab.find(text);
    return id >= 0 ? std::optional<int32_t>(id) : std::nullopt;
}

std::string_view Tokenizer::kindName() const
{
    return impl_->vocab.kind() == VocabKind::Spm ? "SPM" : "BPE";
}

std::string_view Tokenizer::preTokenizerName() const
{
    return impl_->vocab.pre().canonicalName;
}

} // namespace hearth
