#pragma once

// BPE pre-tokenization: before merges run, the text is cut into words by a
// list of regular expressions chosen by `tokenizer.ggml.pre`. Each
// expression re-splits every current piece into its matches and the gaps
// between them, and both are kept (llama.cpp's unicode_regex_split).

#include "tokenizer/regex.h"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

enum class PreTokenizerType { Default, Llama3, Qwen2, DeepseekLlm, DeepseekCoder, Deepseek3, Gpt2 };

// What a pre-tokenizer name implies for the rest of the vocabulary.
struct PreTokenizerConfig {
    PreTokenizerType type = PreTokenizerType::Default;
    std::string_view canonicalName = "default";
    bool ignoreMerges = false;        // a word that is already a token is used whole (Llama 3)
    bool cleanSpaces = true;          // see Vocab::cleanSpaces
    std::optional<bool> addBos;       // default for add_bos before metadata overrides it
};

// Maps `tokenizer.ggml.pre` to a configuration; nullopt means the key is
// absent (llama.cpp then uses "default"). Throws hearth::Error naming an
// unknown pre-tokenizer.
PreTokenizerConfig resolvePreTokenizer(const std::optional<std::string>& name);

struct TextRange {
    uint32_t begin;
    uint32_t end;
};

class PreTokenizer {
public:
    explicit PreTokenizer(PreTokenizerType type);

    // Splits valid UTF-8 `text` (run utf8::sanitize first) into words, as
    // byte ranges of `text`, appended to `out` in order.
    void split(std::string_view text, RegexScratch& scratch, std::vector<TextRange>& out) const;

private:
    std::vector<Regex> regexes_;
};

// Rewrites \s and \S (inside and outside [...]) to the exact whitespace set
// llama.cpp uses: Unicode White_Space, which unlike PCRE2's \s includes U+0085.
std::string withLlamaWhitespace(std::string_view pattern);

} // namespace hearth
