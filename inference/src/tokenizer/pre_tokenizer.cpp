#include "tokenizer/pre_tokenizer.h"

#include "hearth/error.h"

#include <algorithm>
#include <array>

namespace hearth {
namespace {

// The expressions are those llama.cpp uses (reference notes §6.1), written
// in PCRE2 syntax; \s and \S are rewritten by withLlamaWhitespace().
constexpr std::string_view kLlama3 =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}{1,3}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kQwen2 =
    R"((?:'[sS]|'[tT]|'[rR][eE]|'[vV][eE]|'[mM]|'[lL][lL]|'[dD])|[^\r\n\p{L}\p{N}]?\p{L}+|\p{N}| ?[^\s\p{L}\p{N}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";
constexpr std::string_view kGpt2 =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S))";
constexpr std::string_view kCjk = R"([\x{4E00}-\x{9FA5}\x{0800}-\x{4E00}\x{AC00}-\x{D7FF}]+)";
// DeepSeek LLM's "letters": cased letters of Latin, Greek, Cyrillic, ... scripts.
constexpr std::string_view kDeepseekLlmLetters =
    R"(\s?[A-Za-z\x{00B5}\x{00C0}-\x{00D6}\x{00D8}-\x{00F6}\x{00F8}-\x{01BA}\x{01BC}-\x{01BF}\x{01C4}-\x{0293})"
    R"(\x{0295}-\x{02AF}\x{0370}-\x{0373}\x{0376}\x{0377}\x{037B}-\x{037D}\x{037F}\x{0386}\x{0388}-\x{038A})"
    R"(\x{038C}\x{038E}-\x{03A1}\x{03A3}-\x{03F5}\x{03F7}-\x{0481}\x{048A}-\x{052F}\x{0531}-\x{0556})"
    R"(\x{10A0}-\x{10C5}\x{13A0}-\x{13F5}\x{13F8}-\x{13FD}\x{1C90}-\x{1CBA}\x{1CBD}-\x{1CBF}\x{1D00}-\x{1D2B})"
    R"(\x{1D6B}-\x{1D77}\x{1D79}-\x{1D9A}\x{1E00}-\x{1F15}\x{1F18}-\x{1F1D}\x{1F20}-\x{1F45}\x{1F48}-\x{1F4D})"
    R"(\x{1F50}-\x{1F57}\x{1F59}\x{1F5B}\x{1F5D}\x{1F5F}-\x{1F7D}\x{1F80}-\x{1FB4}\x{1FB6}-\x{1FBC}\x{1FBE})"
    R"(\x{1FC2}-\x{1FC4}\x{1FC6}-\x{1FCC}\x{1FD0}-\x{1FD3}\x{1FD6}-\x{1FDB}\x{1FE0}-\x{1FEC}\x{1FF2}-\x{1FF4})"
    R"(\x{1FF6}-\x{1FFC}\x{2102}\x{2107}\x{210A}-\x{2113}\x{2115}\x{2119}-\x{211D}\x{2124}\x{2126}\x{2128})"
    R"(\x{212A}-\x{212D}\x{212F}-\x{2134}\x{2139}\x{213C}-\x{213F}\x{2145}-\x{2149}\x{214E}\x{2183}\x{2184})"
    R"(\x{2C00}-\x{2C7B}\x{2C7E}-\x{2CE4}\x{2CEB}-\x{2CEE}\x{2CF2}\x{2CF3}\x{A640}-\x{A66D}\x{A680}-\x{A69B})"
    R"(\x{A722}-\x{A76F}\x{A771}-\x{A787}\x{A78B}-\x{A78E}\x{AB70}-\x{ABBF}\x{FB00}-\x{FB06}\x{FB13}-\x{FB17})"
    R"(\x{FF21}-\x{FF3A}\x{FF41}-\x{FF5A}\x{10400}-\x{1044F}\x{104B0}-\x{104D3}\x{104D8}-\x{104FB})"
    R"(\x{10C80}-\x{10CB2}\x{10CC0}-\x{10CF2}\x{118A0}-\x{118DF}\x{1E900}-\x{1E943}]+)";
constexpr std::string_view kDeepseek3Words =
    R"([!"#$%&'()*+,\-./:;<=>?@\[\\\]^_`{|}~][A-Za-z]+|[^\r\n\p{L}\p{P}\p{S}]?[\p{L}\p{M}]+| ?[\p{P}\p{S}]+[\r\n]*|\s*[\r\n]+|\s+(?!\S)|\s+)";

std::vector<std::string_view> patternsFor(PreTokenizerType type)
{
    switch (type) {
    case PreTokenizerType::Llama3:
        return {kLlama3};
    case PreTokenizerType::Qwen2:
        return {kQwen2};
    case PreTokenizerType::Gpt2:
        return {kGpt2};
    case PreTokenizerType::DeepseekCoder:
        return {R"([\r\n])", R"(\s?\p{L}+)", R"(\s?\p{P}+)", kCjk, R"(\p{N})"};
    case PreTokenizerType::DeepseekLlm:
        return {R"([\r\n])", kDeepseekLlmLetters,
                R"(\s?[!-/:-~\x{FF01}-\x{FF0F}\x{FF1A}-\x{FF5E}\x{2018}-\x{201F}\x{3000}-\x{3002}]+)",
                R"(\s+$)", kCjk, R"(\p{N}+)"};
    case PreTokenizerType::Deepseek3:
        return {R"(\p{N}{1,3})", R"([\x{4E00}-\x{9FA5}\x{3040}-\x{309F}\x{30A0}-\x{30FF}]+)", kDeepseek3Words};
    case PreTokenizerType::Default:
        break;
    }
    return {R"([\p{P}\$\+<=>\^~\|]+)", kGpt2, R"(\p{N}+)", R"([0-9][0-9][0-9])"};
}

struct NamedConfig {
    std::string_view name;
    PreTokenizerType type;
};

// Names llama.cpp accepts for the pre-tokenizers implemented here.
constexpr std::array kNames{
    NamedConfig{"default", PreTokenizerType::Default},
    NamedConfig{"llama3", PreTokenizerType::Llama3},
    NamedConfig{"llama-v3", PreTokenizerType::Llama3},
    NamedConfig{"llama-bpe", PreTokenizerType::Llama3},
    NamedConfig{"falcon3", PreTokenizerType::Llama3},
    NamedConfig{"qwen2", PreTokenizerType::Qwen2},
    NamedConfig{"deepseek-r1-qwen", PreTokenizerType::Qwen2},
    NamedConfig{"megrez", PreTokenizerType::Qwen2},
    NamedConfig{"deepseek-llm", PreTokenizerType::DeepseekLlm},
    NamedConfig{"deepseek-coder", PreTokenizerType::DeepseekCoder},
    NamedConfig{"deepseek-v3", PreTokenizerType::Deepseek3},
    NamedConfig{"gpt-2", PreTokenizerType::Gpt2},
    NamedConfig{"phi-2", PreTokenizerType::Gpt2},
    NamedConfig{"jina-es", PreTokenizerType::Gpt2},
    NamedConfig{"jina-de", PreTokenizerType::Gpt2},
    NamedConfig{"jina-v1-en", PreTokenizerType::Gpt2},
    NamedConfig{"jina-v2-es", PreTokenizerType::Gpt2},
    NamedConfig{"jina-v2-de", PreTokenizerType::Gpt2},
    NamedConfig{"jina-v2-code", PreTokenizerType::Gpt2},
    NamedConfig{"gigachat", PreTokenizerType::Gpt2},
};

// Unicode White_Space, the set llama.cpp's splitters treat as \s.
constexpr std::string_view kWhitespaceChars =
    R"(\t\n\x{0B}\f\r\x{20}\x{85}\x{A0}\x{1680}\x{2000}-\x{200A}\x{2028}\x{2029}\x{202F}\x{205F}\x{3000})";

} // namespace

PreTokenizerConfig resolvePreTokenizer(const std::optional<std::string>& name)
{
    PreTokenizerConfig config;
    if (!name)
        return config; // llama.cpp warns about degraded quality but carries on
    const auto it = std::find_if(kNames.begin(), kNames.end(),
                                 [&](const NamedConfig& n) { return n.name == *name; });
    if (it == kNames.end())
        throw Error("This model uses the tokenizer pre-processing '" + *name +
                    "', which Hearth does not support yet (unknown pre-tokenizer type).");
    config.type = it->type;
    config.canonicalName = it->name;
    switch (it->type) {
    case PreTokenizerType::Llama3:
        config.ignoreMerges = true;
        config.addBos = true;
        break;
    case PreTokenizerType::Qwen2:
    case PreTokenizerType::DeepseekLlm:
    case PreTokenizerType::DeepseekCoder:
    case PreTokenizerType::Deepseek3:
        config.cleanSpaces = false;
        break;
    case PreTokenizerType::Gpt2:
    case PreTokenizerType::Default:
        break;
    }
    return config;
}

std::string withLlamaWhitespace(std::string_view pattern)
{
    std::string out;
    out.reserve(pattern.size() + 64);
    bool inClass = false;
    for (size_t i = 0; i < pattern.size(); ++i) {
        const char c = pattern[i];
        if (c == '\\' && i + 1 < pattern.size()) {
            const char next = pattern[++i];
            if (next == 's') {
                out += inClass ? std::string(kWhitespaceChars) : "[" + std::string(kWhitespaceChars) + "]";
            } else if (next == 'S' && !inClass) {
                out += "[^" + std::string(kWhitespaceChars) + "]";
            } else if (next == 'S') {
                throw Error("Internal error: \\S inside a character class is not supported.");
            } else {
                out += c;
                out += next;
            }
            continue;
        }
        if (c == '[' && !inClass)
            inClass = true;
        else if (c == ']' && inClass)
            inClass = false;
        out += c;
    }
    return out;
}

PreTokenizer::PreTokenizer(PreTokenizerType type)
{
    for (const std::string_view pattern : patternsFor(type))
        regexes_.emplace_back(withLlamaWhitespace(pattern));
}

void PreTokenizer::split(std::string_view text, RegexScratch& scratch, std::vector<TextRange>& out) const
{
    std::vector<TextRange> current{{0, static_cast<uint32_t>(text.size())}};
    std::vector<TextRange> next;
    for (const Regex& regex : regexes_) {
        next.clear();
        for (const TextRange piece : current) {
            const std::string_view subject = text.substr(piece.begin, piece.end - piece.begin);
            size_t offset = 0;
            size_t gapStart = 0;
            size_t start = 0;
            size_t end = 0;
            while (offset < subject.size() && regex.find(subject, offset, scratch, start, end)) {
                if (end == start) {
                    // None of the built-in patterns can match empty, but never loop forever.
                    offset = start + 1;
                    while (offset < subject.size() && (static_cast<unsigned char>(subject[offset]) & 0xC0) == 0x80)
                        ++offset;
                    continue;
                }
                if (start > gapStart)
                    next.push_back({piece.begin + uint32_t(gapStart), piece.begin + uint32_t(start)});
                next.push_back({piece.begin + uint32_t(start), piece.begin + uint32_t(end)});
                gapStart = offset = end;
            }
            if (gapStart < subject.size())
                next.push_back({piece.begin + uint32_t(gapStart), piece.end});
        }
        current.swap(next);
    }
    out.insert(out.end(), current.begin(), current.end());
}

} // namespace hearth
