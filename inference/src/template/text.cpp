#include "template/text.h"

#include "template/errors.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>

namespace hearth::tmpl {

char32_t decodeUtf8(std::string_view s, size_t& i)
{
    const auto byte = [&](size_t k) { return static_cast<unsigned char>(s[k]); };
    const unsigned char b0 = byte(i);
    int extra = 0;
    char32_t cp = 0;
    if (b0 < 0x80) {
        ++i;
        return b0;
    } else if ((b0 & 0xE0) == 0xC0) {
        extra = 1;
        cp = b0 & 0x1F;
    } else if ((b0 & 0xF0) == 0xE0) {
        extra = 2;
        cp = b0 & 0x0F;
    } else if ((b0 & 0xF8) == 0xF0) {
        extra = 3;
        cp = b0 & 0x07;
    } else {
        ++i;
        return 0xDC00 + b0; // like Python's surrogateescape: never cased, never space
    }
    for (int k = 1; k <= extra; ++k) {
        if (i + k >= s.size() || (byte(i + k) & 0xC0) != 0x80) {
            ++i;
            return 0xDC00 + b0;
        }
        cp = (cp << 6) | (byte(i + k) & 0x3F);
    }
    i += extra + 1;
    return cp;
}

void appendUtf8(std::string& out, char32_t cp)
{
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

bool isAscii(std::string_view s)
{
    for (char c : s)
        if (static_cast<unsigned char>(c) >= 0x80)
            return false;
    return true;
}

size_t codePointCount(std::string_view s)
{
    if (isAscii(s))
        return s.size();
    size_t n = 0;
    for (size_t i = 0; i < s.size(); ++n)
        decodeUtf8(s, i);
    return n;
}

std::vector<size_t> codePointOffsets(std::string_view s)
{
    std::vector<size_t> offsets;
    offsets.reserve(s.size() + 1);
    for (size_t i = 0; i < s.size();) {
        offsets.push_back(i);
        decodeUtf8(s, i);
    }
    offsets.push_back(s.size());
    return offsets;
}

std::vector<std::string> codePoints(std::string_view s)
{
    std::vector<std::string> out;
    for (size_t i = 0; i < s.size();) {
        const size_t start = i;
        decodeUtf8(s, i);
        out.emplace_back(s.substr(start, i - start));
    }
    return out;
}

bool isPyWhitespace(char32_t cp)
{
    switch (cp) {
    case ' ': case '\t': case '\n': case '\v': case '\f': case '\r':
    case 0x1C: case 0x1D: case 0x1E: case 0x1F: case 0x85: case 0xA0:
    case 0x1680: case 0x2028: case 0x2029: case 0x202F: case 0x205F: case 0x3000:
        return true;
    default:
        return cp >= 0x2000 && cp <= 0x200A;
    }
}

// Case mapping for the scripts chat templates meet in practice (Latin,
// Greek, Cyrillic, full-width Latin); other scripts are left as they are.
char32_t toUpperCp(char32_t c)
{
    if (c >= 'a' && c <= 'z') return c - 32;
    if (c < 0x80) return c;
    if ((c >= 0xE0 && c <= 0xFE && c != 0xF7)) return c - 0x20;
    if (c == 0xFF) return 0x178;
    if (c >= 0x100 && c <= 0x17F) {
        const bool oddUpper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x178 || c == 0x17F)
            return c;
        if (oddUpper)
            return (c % 2 == 0) ? c - 1 : c;
        return (c % 2 == 1) ? c - 1 : c;
    }
    if (c >= 0x3B1 && c <= 0x3C9 && c != 0x3C2) return c - 0x20;
    if (c == 0x3C2) return 0x3A3;
    if (c >= 0x430 && c <= 0x44F) return c - 0x20;
    if (c >= 0x450 && c <= 0x45F) return c - 0x50;
    if (((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF)) && c % 2 == 1) return c - 1;
    if (c >= 0xFF41 && c <= 0xFF5A) return c - 0x20;
    return c;
}

char32_t toLowerCp(char32_t c)
{
    if (c >= 'A' && c <= 'Z') return c + 32;
    if (c < 0x80) return c;
    if (c >= 0xC0 && c <= 0xDE && c != 0xD7) return c + 0x20;
    if (c == 0x178) return 0xFF;
    if (c >= 0x100 && c <= 0x17F) {
        const bool oddUpper = (c >= 0x139 && c <= 0x148) || (c >= 0x179 && c <= 0x17E);
        if (c == 0x130 || c == 0x131 || c == 0x138 || c == 0x149 || c == 0x17F)
            return c;
        if (oddUpper)
            return (c % 2 == 1) ? c + 1 : c;
        return (c % 2 == 0) ? c + 1 : c;
    }
    if (c >= 0x391 && c <= 0x3A9 && c != 0x3A2) return c + 0x20;
    if (c >= 0x410 && c <= 0x42F) return c + 0x20;
    if (c >= 0x400 && c <= 0x40F) return c + 0x50;
    if (((c >= 0x460 && c <= 0x481) || (c >= 0x48A && c <= 0x4BF)) && c % 2 == 0) return c + 1;
    if (c >= 0xFF21 && c <= 0xFF3A) return c + 0x20;
    return c;
}

bool isCased(char32_t c)
{
    return toUpperCp(c) != c || toLowerCp(c) != c || c == 0xDF;
}

namespace {

template <typename Map>
std::string mapCodePoints(std::string_view s, Map map)
{
    std::string out;
    out.reserve(s.size());
    for (size_t i = 0; i < s.size();) {
        const size_t start = i;
        const char32_t cp = decodeUtf8(s, i);
        const char32_t mapped = map(cp);
        if (mapped == cp)
            out.append(s.substr(start, i - start));
        else
            appendUtf8(out, mapped);
    }
    return out;
}

bool inChars(char32_t cp, const std::optional<std::string>& chars)
{
    if (!chars)
        return isPyWhitespace(cp);
    for (size_t i = 0; i < chars->size();)
        if (decodeUtf8(*chars, i) == cp)
            return true;
    return false;
}

bool isWsAt(std::string_view s, size_t i, size_t* next)
{
    const char32_t cp = decodeUtf8(s, i);
    *next = i;
    return isPyWhitespace(cp);
}

} // namespace

std::string pyUpper(std::string_view s) { return mapCodePoints(s, toUpperCp); }
std::string pyLower(std::string_view s) { return mapCodePoints(s, toLowerCp); }

std::string pyCapitalize(std::string_view s)
{
    bool first = true;
    return mapCodePoints(s, [&](char32_t cp) {
        const char32_t r = first ? toUpperCp(cp) : toLowerCp(cp);
        first = false;
        return r;
    });
}

std::string pyTitleMethod(std::string_view s)
{
    bool previousCased = false;
    return mapCodePoints(s, [&](char32_t cp) {
        const bool cased = isCased(cp);
        const char32_t r = cased ? (previousCased ? toLowerCp(cp) : toUpperCp(cp)) : cp;
        previousCased = cased;
        return r;
    });
}

std::string pyStrip(std::string_view s, const std::optional<std::string>& chars, bool left, bool right)
{
    const std::vector<size_t> off = codePointOffsets(s);
    size_t begin = 0;
    size_t end = off.size() - 1; // in code points
    auto cpAt = [&](size_t k) {
        size_t i = off[k];
        return decodeUtf8(s, i);
    };
    if (left)
        while (begin < end && inChars(cpAt(begin), chars))
            ++begin;
    if (right)
        while (end > begin && inChars(cpAt(end - 1), chars))
            --end;
    return std::string(s.substr(off[begin], off[end] - off[begin]));
}

std::vector<std::string> pySplit(std::string_view s, const std::optional<std::string>& sep, int64_t maxsplit)
{
    std::vector<std::string> out;
    if (maxsplit < 0)
        maxsplit = INT64_MAX;
    if (sep) {
        if (sep->empty())
            fail("empty separator");
        size_t pos = 0;
        while (maxsplit-- > 0) {
            const size_t hit = s.find(*sep, pos);
            if (hit == std::string_view::npos)
                break;
            out.emplace_back(s.substr(pos, hit - pos));
            pos = hit + sep->size();
        }
        out.emplace_back(s.substr(pos));
        return out;
    }
    size_t i = 0;
    size_t next = 0;
    while (i < s.size() && isWsAt(s, i, &next))
        i = next;
    while (i < s.size()) {
        if (maxsplit-- <= 0) {
            out.emplace_back(s.substr(i));
            break;
        }
        const size_t start = i;
        while (i < s.size() && !isWsAt(s, i, &next))
            i = next;
        out.emplace_back(s.substr(start, i - start));
        while (i < s.size() && isWsAt(s, i, &next))
            i = next;
    }
    return out;
}

std::vector<std::string> pyRSplit(std::string_view s, const std::optional<std::string>& sep, int64_t maxsplit)
{
    if (maxsplit < 0)
        return pySplit(s, sep, maxsplit);
    std::vector<std::string> out;
    if (sep) {
        if (sep->empty())
            fail("empty separator");
        size_t end = s.size();
        while (maxsplit-- > 0 && end >= sep->size()) {
            const size_t hit = s.rfind(*sep, end - sep->size());
            if (hit == std::string_view::npos)
                break;
            out.emplace_back(s.substr(hit + sep->size(), end - hit - sep->size()));
            end = hit;
        }
        out.emplace_back(s.substr(0, end));
    } else {
        const std::vector<size_t> off = codePointOffsets(s);
        auto ws = [&](size_t k) {
            size_t i = off[k];
            return isPyWhitespace(decodeUtf8(s, i));
        };
        size_t end = off.size() - 1;
        while (end > 0 && ws(end - 1))
            --end;
        while (end > 0) {
            if (maxsplit-- <= 0) {
                out.emplace_back(s.substr(0, off[end]));
                break;
            }
            size_t start = end;
            while (start > 0 && !ws(start - 1))
                --start;
            out.emplace_back(s.substr(off[start], off[end] - off[start]));
            end = start;
            while (end > 0 && ws(end - 1))
                --end;
        }
    }
    return {out.rbegin(), out.rend()};
}

std::vector<std::string> pySplitLines(std::string_view s, bool keepEnds)
{
    std::vector<std::string> out;
    size_t lineStart = 0;
    for (size_t i = 0; i < s.size();) {
        const size_t at = i;
        const char32_t cp = decodeUtf8(s, i);
        const bool brk = cp == '\n' || cp == '\r' || cp == '\v' || cp == '\f' || cp == 0x1C ||
            cp == 0x1D || cp == 0x1E || cp == 0x85 || cp == 0x2028 || cp == 0x2029;
        if (!brk)
            continue;
        if (cp == '\r' && i < s.size() && s[i] == '\n')
            ++i;
        out.emplace_back(s.substr(lineStart, (keepEnds ? i : at) - lineStart));
        lineStart = i;
    }
    if (lineStart < s.size())
        out.emplace_back(s.substr(lineStart));
    return out;
}

std::string pyReplace(std::string_view s, std::string_view from, std::string_view to, int64_t count)
{
    if (count < 0)
        count = INT64_MAX;
    std::string out;
    if (from.empty()) {
        const std::vector<size_t> off = codePointOffsets(s);
        for (size_t k = 0; k + 1 < off.size(); ++k) {
            if (count-- > 0)
                out.append(to);
            out.append(s.substr(off[k], off[k + 1] - off[k]));
        }
        if (count > 0)
            out.append(to);
        return out;
    }
    size_t pos = 0;
    while (count-- > 0) {
        const size_t hit = s.find(from, pos);
        if (hit == std::string_view::npos)
            break;
        out.append(s.substr(pos, hit - pos));
        out.append(to);
        pos = hit + from.size();
    }
    out.append(s.substr(pos));
    return out;
}

int64_t pyFind(std::string_view s, std::string_view sub)
{
    const size_t hit = s.find(sub);
    return hit == std::string_view::npos ? -1 : static_cast<int64_t>(codePointCount(s.substr(0, hit)));
}

int64_t pyRFind(std::string_view s, std::string_view sub)
{
    const size_t hit = s.rfind(sub);
    return hit == std::string_view::npos ? -1 : static_cast<int64_t>(codePointCount(s.substr(0, hit)));
}

int64_t pyCount(std::string_view s, std::string_view sub)
{
    if (sub.empty())
        return static_cast<int64_t>(codePointCount(s)) + 1;
    int64_t n = 0;
    for (size_t pos = s.find(sub); pos != std::string_view::npos; pos = s.find(sub, pos + sub.size()))
        ++n;
    return n;
}

std::string pyRepr(std::string_view s)
{
    const bool useDouble = s.find('\'') != std::string_view::npos && s.find('"') == std::string_view::npos;
    const char quote = useDouble ? '"' : '\'';
    std::string out(1, quote);
    for (size_t i = 0; i < s.size();) {
        const size_t start = i;
        const char32_t cp = decodeUtf8(s, i);
        char buf[12];
        if (cp == static_cast<char32_t>(quote) || cp == '\\') {
            out += '\\';
            out += static_cast<char>(cp);
        } else if (cp == '\n') {
            out += "\\n";
        } else if (cp == '\r') {
            out += "\\r";
        } else if (cp == '\t') {
            out += "\\t";
        } else if (cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp < 0xA0)) {
            std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(cp));
            out += buf;
        } else if (cp >= 0xDC80 && cp <= 0xDCFF) {
            std::snprintf(buf, sizeof buf, "\\udc%02x", static_cast<unsigned>(cp & 0xFF));
            out += buf;
        } else {
            out.append(s.substr(start, i - start));
        }
    }
    out += quote;
    return out;
}

std::string pyFloatRepr(double v)
{
    if (std::isnan(v))
        return "nan";
    if (std::isinf(v))
        return v < 0 ? "-inf" : "inf";
    if (v == 0)
        return std::signbit(v) ? "-0.0" : "0.0";
    char buf[40];
    for (int precision = 1; precision <= 17; ++precision) {
        std::snprintf(buf, sizeof buf, "%.*e", precision - 1, v);
        if (std::strtod(buf, nullptr) == v)
            break;
    }
    // buf is "-d.ddde+XX": split into sign, digits and a decimal exponent.
    std::string text(buf);
    std::string sign;
    if (text[0] == '-') {
        sign = "-";
        text.erase(0, 1);
    }
    const size_t ePos = text.find('e');
    const int exponent = std::atoi(text.c_str() + ePos + 1);
    std::string digits;
    for (size_t i = 0; i < ePos; ++i)
        if (text[i] != '.')
            digits += text[i];
    while (digits.size() > 1 && digits.back() == '0')
        digits.pop_back();

    if (exponent >= -4 && exponent < 16) {
        std::string out;
        if (exponent < 0) {
            out = "0." + std::string(static_cast<size_t>(-exponent - 1), '0') + digits;
        } else if (static_cast<size_t>(exponent) + 1 >= digits.size()) {
            out = digits + std::string(static_cast<size_t>(exponent) + 1 - digits.size(), '0') + ".0";
        } else {
            out = digits.substr(0, static_cast<size_t>(exponent) + 1) + "." +
                digits.substr(static_cast<size_t>(exponent) + 1);
        }
        return sign + out;
    }
    std::string mantissa = digits.substr(0, 1);
    if (digits.size() > 1)
        mantissa += "." + digits.substr(1);
    std::snprintf(buf, sizeof buf, "e%c%02d", exponent < 0 ? '-' : '+', exponent < 0 ? -exponent : exponent);
    return sign + mantissa + buf;
}

} // namespace hearth::tmpl
