#pragma once

// UTF-8 helpers for the tokenizer. Two decoders on purpose:
// - decodeLenient() reads text the way llama.cpp does before BPE
//   pre-tokenization (it accepts overlong forms; a bad byte becomes U+FFFD),
//   because the token ids must match its output;
// - scanStrict() follows the Unicode standard and is used where we produce
//   text for people (stream decoding), so output is always valid UTF-8.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace hearth::utf8 {

inline constexpr uint32_t kReplacement = 0xFFFD;

// Length of the sequence a lead byte announces, as llama.cpp counts it:
// continuation bytes count as 1, so a walk over any bytes always advances.
inline size_t leadLength(unsigned char lead)
{
    static constexpr unsigned char kLengths[16] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 2, 2, 3, 4};
    return kLengths[lead >> 4];
}

void append(std::string& out, uint32_t cpt);

// Decodes one code point at `pos` (llama.cpp rules) and advances `pos`.
// Returns false (cpt = U+FFFD, pos + 1) for a byte that starts no sequence.
bool decodeLenient(std::string_view text, size_t& pos, uint32_t& cpt);

// Returns `text` unchanged when it is valid UTF-8; otherwise fills `storage`
// with the text re-encoded the way llama.cpp reads it (invalid bytes become
// U+FFFD, as do surrogates and values past U+10FFFF, which PCRE2 rejects)
// and returns a view of it.
std::string_view sanitize(std::string_view text, std::string& storage);

enum class Step { Valid, Incomplete, Invalid };
struct ScanResult {
    Step step;
    size_t length; // bytes of the valid sequence, or of the invalid part (>= 1)
};
// Looks at the sequence starting at p[0] (n >= 1). Incomplete means the
// bytes so far are a valid start but the text ends before the sequence does.
ScanResult scanStrict(const unsigned char* p, size_t n);

// Appends `bytes` to `out`, each invalid part replaced with U+FFFD. An
// incomplete sequence at the end is replaced too.
void appendValid(std::string& out, std::string_view bytes);

} // namespace hearth::utf8
