#include "tokenizer/special_partition.h"

namespace hearth {
namespace {

bool isAsciiSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\n' || c == '\v' || c == '\f' || c == '\r';
}

} // namespace

SpecialPartitioner::SpecialPartitioner(const Vocab& vocab)
    : vocab_(vocab)
{
    terminals_.emplace_back(); // root
    const std::vector<int32_t>& specials = vocab.specialTokens();
    for (uint32_t index = 0; index < specials.size(); ++index) {
        const std::string& text = vocab.text(specials[index]);
        uint32_t node = 0;
        for (const char c : text) {
            const uint64_t key = (uint64_t(node) << 8) | static_cast<unsigned char>(c);
            auto it = edges_.find(key);
            if (it == edges_.end()) {
                it = edges_.emplace(key, static_cast<uint32_t>(terminals_.size())).first;
                terminals_.emplace_back();
            }
            node = it->second;
        }
        terminals_[node].push_back(index);
        firstByte_[static_cast<unsigned char>(text[0])] = 1;
    }
}

std::vector<char> SpecialPartitioner::occurring(std::string_view text) const
{
    std::vector<char> found(vocab_.specialTokens().size(), 0);
    for (size_t start = 0; start < text.size(); ++start) {
        if (!firstByte_[static_cast<unsigned char>(text[start])])
            continue;
        uint32_t node = 0;
        for (size_t i = start; i < text.size(); ++i) {
            const auto it = edges_.find((uint64_t(node) << 8) | static_cast<unsigned char>(text[i]));
            if (it == edges_.end())
                break;
            node = it->second;
            for (const uint32_t index : terminals_[node])
                found[index] = 1;
        }
    }
    return found;
}

std::vector<Fragment> SpecialPartitioner::partition(std::string_view text, bool parseSpecial) const
{
    std::vector<Fragment> fragments;
    if (text.empty())
        return fragments;
    fragments.push_back({-1, 0, static_cast<uint32_t>(text.size())});

    const std::vector<int32_t>& specials = vocab_.specialTokens();
    if (specials.empty())
        return fragments;
    const std::vector<char> present = occurring(text);

    std::vector<Fragment> next;
    for (size_t index = 0; index < specials.size(); ++index) {
        if (!present[index])
            continue; // cannot occur in any fragment either
        const int32_t id = specials[index];
        const uint32_t attr = vocab_.attr(id);
        if (!parseSpecial && (attr & (AttrControl | AttrUnknown)))
            continue;
        const std::string& token = vocab_.text(id);

        next.clear();
        for (const Fragment& fragment : fragments) {
            if (fragment.token >= 0) {
                next.push_back(fragment);
                continue;
            }
            size_t base = fragment.begin;
            size_t length = fragment.end - fragment.begin;
            while (true) {
                const size_t match = text.substr(0, base + length).find(token, base);
                if (match == std::string_view::npos) {
                    if (length > 0)
                        next.push_back({-1, uint32_t(base), uint32_t(base + length)});
                    break;
                }
                size_t leftLength = match - base;
                if (attr & AttrLStrip)
                    while (leftLength > 0 && isAsciiSpace(text[base + leftLength - 1]))
                        --leftLength;
                if (leftLength > 0)
                    next.push_back({-1, uint32_t(base), uint32_t(base + leftLength)});
                next.push_back({id, uint32_t(match), uint32_t(match + token.size())});

                size_t rightBegin = match + token.size();
                size_t rightLength = base + length - rightBegin;
                if (attr & AttrRStrip)
                    while (rightLength > 0 && isAsciiSpace(text[rightBegin])) {
                        ++rightBegin;
                        --rightLength;
                    }
                base = rightBegin;
                length = rightLength;
            }
        }
        fragments.swap(next);
    }
    return fragments;
}

} // namespace hearth
