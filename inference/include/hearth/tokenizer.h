#pragma once

// Text <-> token ids for the two vocabulary kinds found in GGUF files:
// SentencePiece ("llama": Llama 2, Mistral, Phi-3, ...) and byte-level BPE
// ("gpt2": GPT-2, Llama 3, Qwen2, DeepSeek, ...). The behaviour follows
// llama.cpp's tokenizer exactly (reference notes §6), so prompts cost and
// mean the same number of tokens as they would there.
//
// A Tokenizer is immutable once built: copies share their data and every
// const method may be called from several threads at once.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

class GgufFile;

// Everything a tokenizer is made from, as stored in GGUF metadata
// (`tokenizer.ggml.*`). Plain data, so a vocabulary can also be written by
// hand (tests) without a file. Unset optionals mean "not in the file": the
// tokenizer then uses llama.cpp's default for the model kind.
struct VocabularyData {
    // Token types as stored in `tokenizer.ggml.token_type`.
    enum TokenType : int32_t { Undefined = 0, Normal = 1, Unknown = 2, Control = 3,
                               UserDefined = 4, Unused = 5, Byte = 6 };

    std::string model;              // "llama" (SPM) or "gpt2" (BPE)
    std::optional<std::string> pre; // BPE pre-tokenizer name; nullopt when absent
    std::string name;               // general.name (a few models get token attributes by name)

    std::vector<std::string> tokens;
    std::vector<float> scores;      // empty: all 0
    std::vector<int32_t> types;     // empty: all Normal
    std::vector<std::string> merges; // BPE only: "left right", rank = index

    std::optional<int64_t> bos, eos, eot, eom, unk, sep, pad, mask;
    std::optional<int64_t> fimPre, fimSuf, fimMid, fimPad, fimRep, fimSep;
    std::optional<bool> addBos, addEos, addSpacePrefix;
};

class Tokenizer {
public:
    // Reads the vocabulary from a model file. Throws hearth::Error when the
    // tokenizer kind or BPE pre-tokenizer is unknown, or the data is broken.
    static Tokenizer fromGguf(const GgufFile& file);
    // Same checks, from data already in memory.
    static Tokenizer fromVocabulary(VocabularyData data);

    // Text -> ids. `addSpecial` adds BOS/EOS as the vocabulary asks
    // (addsBos()); `parseSpecial` lets control tokens written in the text
    // (e.g. "<|im_start|>") become single tokens. User-defined tokens are
    // always matched as whole tokens, as in llama.cpp.
    std::vector<int32_t> encode(std::string_view text, bool addSpecial, bool parseSpecial) const;

    // Ids -> text: the concatenated pieces, like llama.cpp's detokenizer
    // without its "clean up spaces" pass (so decode(encode(s)) == s).
    // Control/unknown tokens are left out unless `renderSpecial`. For
    // SentencePiece vocabularies one leading space of the first id's piece
    // is dropped (the space encode() adds); as in llama.cpp, a leading BOS
    // is that first id, so the space then stays. May end inside a UTF-8
    // sequence if the ids do; use StreamDecoder for text that must always
    // be valid UTF-8.
    std::string decode(std::span<const int32_t> ids, bool renderSpecial = false) const;

    // The bytes token `id` stands for: byte-level/▁ escapes undone, byte
    // tokens as their byte, control tokens as their text. Empty for an
    // out-of-range id.
    std::string tokenPiece(int32_t id) const;
    // Like tokenPiece, but control and unknown tokens give "" unless renderSpecial.
    std::string tokenText(int32_t id, bool renderSpecial) const;

    int32_t bos() const; // -1 if none
    int32_t eos() const;
    int32_t eot() const;
    bool addsBos() const;
    bool addsEos() const;
    // EOS, EOT and every token llama.cpp ends generation on (<|im_end|>,
    // <|eot_id|>, <end_of_turn>, ... when present in the vocabulary).
    bool isEndOfGeneration(int32_t id) const;
    bool isControl(int32_t id) const;
    size_t vocabSize() const;
    std::optional<int32_t> findToken(std::string_view text) const;

    // "SPM" or "BPE", and the pre-tokenizer in use ("default" for SPM).
    std::string_view kindName() const;
    std::string_view preTokenizerName() const;

    struct Impl;

private:
    explicit Tokenizer(std::shared_ptr<const Impl> impl);
    std::shared_ptr<const Impl> impl_;
};

// Turns generated ids into text as they arrive. A token may end in the
// middle of a multi-byte character (byte-fallback tokens, byte-level BPE);
// those bytes are held back until the character is complete, so every
// returned string is valid UTF-8. Bytes that can never form a character are
// replaced with U+FFFD. Not thread-safe; one per generation.
class StreamDecoder {
public:
    explicit StreamDecoder(const Tokenizer& tokenizer, bool renderSpecial = false);

    // Text completed by this token (possibly empty).
    std::string feed(int32_t id);
    // Whatever is still held back, with U+FFFD for an incomplete character.
    std::string flush();
    // Drops held-back bytes (new generation).
    void reset();

private:
    Tokenizer tokenizer_;
    bool renderSpecial_;
    std::string pending_;
};

} // namespace hearth
