#pragma once

// A compiled PCRE2 pattern (UTF + UCP, JIT-compiled when the platform
// allows) used by the BPE pre-tokenizers. Compiled once per tokenizer and
// shared read-only between threads; each caller brings its own
// RegexScratch (match data and, when needed, a larger JIT stack).

#include <cstddef>
#include <string>
#include <string_view>

namespace hearth {

class RegexScratch {
public:
    RegexScratch();
    ~RegexScratch();
    RegexScratch(const RegexScratch&) = delete;
    RegexScratch& operator=(const RegexScratch&) = delete;

private:
    friend class Regex;
    void* matchData_ = nullptr;    // pcre2_match_data_8*
    void* matchContext_ = nullptr; // pcre2_match_context_8*, made on first need
    void* jitStack_ = nullptr;     // pcre2_jit_stack_8*
};

class Regex {
public:
    // Throws hearth::Error if the pattern does not compile (a bug in the
    // built-in patterns, so the message is for developers).
    explicit Regex(const std::string& pattern);
    ~Regex();
    Regex(Regex&& other) noexcept;
    Regex& operator=(Regex&& other) noexcept;
    Regex(const Regex&) = delete;
    Regex& operator=(const Regex&) = delete;

    // Finds the first match in subject at or after `offset`. `subject`
    // must be valid UTF-8 (not checked again) and is the whole search
    // area: `$` and look-aheads see its end as the end of the text.
    bool find(std::string_view subject, size_t offset, RegexScratch& scratch,
              size_t& matchStart, size_t& matchEnd) const;

private:
    void* code_ = nullptr; // pcre2_code_8*
    bool jit_ = false;
};

} // namespace hearth
