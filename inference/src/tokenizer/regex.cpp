#include "tokenizer/regex.h"

#include "hearth/error.h"

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

#include <utility>

namespace hearth {
namespace {

std::string pcreMessage(int code)
{
    PCRE2_UCHAR buffer[256];
    if (pcre2_get_error_message(code, buffer, sizeof buffer) < 0)
        return "error " + std::to_string(code);
    return reinterpret_cast<const char*>(buffer);
}

// A long run of one character class can outgrow the JIT's default 32 KiB
// stack; we then retry with a bigger one before giving up on the JIT.
constexpr size_t kJitStackMax = 64u << 20;

} // namespace

RegexScratch::RegexScratch()
    : matchData_(pcre2_match_data_create(1, nullptr))
{
    if (!matchData_)
        throw Error("Out of memory while preparing the tokenizer.");
}

RegexScratch::~RegexScratch()
{
    pcre2_match_data_free(static_cast<pcre2_match_data*>(matchData_));
    pcre2_match_context_free(static_cast<pcre2_match_context*>(matchContext_));
    pcre2_jit_stack_free(static_cast<pcre2_jit_stack*>(jitStack_));
}

Regex::Regex(const std::string& pattern)
{
    int errorCode = 0;
    PCRE2_SIZE errorOffset = 0;
    code_ = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern.data()), pattern.size(),
                          PCRE2_UTF | PCRE2_UCP | PCRE2_DOLLAR_ENDONLY, &errorCode, &errorOffset, nullptr);
    if (!code_)
        throw Error("Internal error: tokenizer pattern does not compile at offset " +
                    std::to_string(errorOffset) + ": " + pcreMessage(errorCode));
    // JIT may be unavailable (some hardened systems); the interpreter is a fine fallback.
    jit_ = pcre2_jit_compile(static_cast<pcre2_code*>(code_), PCRE2_JIT_COMPLETE) == 0;
}

Regex::~Regex()
{
    pcre2_code_free(static_cast<pcre2_code*>(code_));
}

Regex::Regex(Regex&& other) noexcept
    : code_(std::exchange(other.code_, nullptr)), jit_(other.jit_)
{
}

Regex& Regex::operator=(Regex&& other) noexcept
{
    if (this != &other) {
        pcre2_code_free(static_cast<pcre2_code*>(code_));
        code_ = std::exchange(other.code_, nullptr);
        jit_ = other.jit_;
    }
    return *this;
}

bool Regex::find(std::string_view subject, size_t offset, RegexScratch& scratch,
                 size_t& matchStart, size_t& matchEnd) const
{
    auto* code = static_cast<pcre2_code*>(code_);
    auto* data = static_cast<pcre2_match_data*>(scratch.matchData_);
    const auto run = [&](uint32_t options) {
        return pcre2_match(code, reinterpret_cast<PCRE2_SPTR>(subject.data()), subject.size(), offset,
                           PCRE2_NO_UTF_CHECK | options, data,
                           static_cast<pcre2_match_context*>(scratch.matchContext_));
    };

    int rc = run(0);
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT && jit_ && !scratch.jitStack_) {
        scratch.jitStack_ = pcre2_jit_stack_create(32 * 1024, kJitStackMax, nullptr);
        if (!scratch.matchContext_)
            scratch.matchContext_ = pcre2_match_context_create(nullptr);
        if (scratch.jitStack_ && scratch.matchContext_) {
            pcre2_jit_stack_assign(static_cast<pcre2_match_context*>(scratch.matchContext_), nullptr,
                                   scratch.jitStack_);
            rc = run(0);
        }
    }
    if (rc == PCRE2_ERROR_JIT_STACKLIMIT)
        rc = run(PCRE2_NO_JIT);
    if (rc == PCRE2_ERROR_NOMATCH)
        return false;
    if (rc < 0)
        throw Error("The text could not be split into words for tokenizing (" + pcreMessage(rc) + ").");

    const PCRE2_SIZE* ovector = pcre2_get_ovector_pointer(data);
    matchStart = ovector[0];
    matchEnd = ovector[1];
    return true;
}

} // namespace hearth
