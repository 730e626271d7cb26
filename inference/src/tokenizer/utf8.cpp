#include "tokenizer/utf8.h"

namespace hearth::utf8 {

void append(std::string& out, uint32_t cpt)
{
    if (cpt < 0x80) {
        out += static_cast<char>(cpt);
    } else if (cpt < 0x800) {
        out += static_cast<char>(0xC0 | (cpt >> 6));
        out += static_cast<char>(0x80 | (cpt & 0x3F));
    } else if (cpt < 0x10000) {
        out += static_cast<char>(0xE0 | (cpt >> 12));
        out += static_cast<char>(0x80 | ((cpt >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cpt & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cpt >> 18));
        out += static_cast<char>(0x80 | ((cpt >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cpt >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cpt & 0x3F));
    }
}

bool decodeLenient(std::string_view text, size_t& pos, uint32_t& cpt)
{
    const auto byte = [&](size_t i) { return static_cast<unsigned char>(text[i]); };
    const auto isCont = [&](size_t i) { return i < text.size() && (byte(i) & 0xC0) == 0x80; };
    const unsigned char lead = byte(pos);
    size_t need = 0;
    if (lead < 0x80) {
        cpt = lead;
        pos += 1;
        return true;
    }
    if ((lead & 0xE0) == 0xC0) {
        need = 1;
        cpt = lead & 0x1F;
    } else if ((lead & 0xF0) == 0xE0) {
        need = 2;
        cpt = lead & 0x0F;
    } else if ((lead & 0xF8) == 0xF0) {
        need = 3;
        cpt = lead & 0x07;
    } else {
        cpt = kReplacement;
        pos += 1;
        return false;
    }
    for (size_t i = 1; i <= need; ++i) {
        if (!isCont(pos + i)) {
            cpt = kReplacement;
            pos += 1;
            return false;
        }
        cpt = (cpt << 6) | (byte(pos + i) & 0x3F);
    }
    pos += need + 1;
    return true;
}

ScanResult scanStrict(const unsigned char* p, size_t n)
{
    const unsigned char lead = p[0];
    if (lead < 0x80)
        return {Step::Valid, 1};
    size_t need = 0;
    unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
    if (lead >= 0xC2 && lead <= 0xDF) {
        need = 1;
    } else if (lead >= 0xE0 && lead <= 0xEF) {
        need = 2;
        if (lead == 0xE0) lo = 0xA0;      // no overlongs
        if (lead == 0xED) hi = 0x9F;      // no surrogates
    } else if (lead >= 0xF0 && lead <= 0xF4) {
        need = 3;
        if (lead == 0xF0) lo = 0x90;      // no overlongs
        if (lead == 0xF4) hi = 0x8F;      // nothing past U+10FFFF
    } else {
        return {Step::Invalid, 1};
    }
    for (size_t i = 1; i <= need; ++i) {
        if (i >= n)
            return {Step::Incomplete, i};
        const unsigned char c = p[i];
        const unsigned char min = i == 1 ? lo : 0x80;
        const unsigned char max = i == 1 ? hi : 0xBF;
        if (c < min || c > max)
            return {Step::Invalid, i}; // the maximal invalid part ends before c
    }
    return {Step::Valid, need + 1};
}

void appendValid(std::string& out, std::string_view bytes)
{
    const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
    size_t pos = 0;
    while (pos < bytes.size()) {
        const ScanResult r = scanStrict(p + pos, bytes.size() - pos);
        if (r.step == Step::Valid)
            out.append(bytes.data() + pos, r.length);
        else
            append(out, kReplacement);
        pos += r.length;
    }
}

std::string_view sanitize(std::string_view text, std::string& storage)
{
    // Fast path: almost all text is already valid.
    const auto* p = reinterpret_cast<const unsigned char*>(text.data());
    size_t pos = 0;
    while (pos < text.size()) {
        if (p[pos] < 0x80) {
            ++pos;
            continue;
        }
        const ScanResult r = scanStrict(p + pos, text.size() - pos);
        if (r.step != Step::Valid)
            break;
        pos += r.length;
    }
    if (pos == text.size())
        return text;

    storage.assign(text.data(), pos);
    while (pos < text.size()) {
        uint32_t cpt = 0;
        decodeLenient(text, pos, cpt);
        if ((cpt >= 0xD800 && cpt <= 0xDFFF) || cpt > 0x10FFFF)
            cpt = kReplacement;
        append(storage, cpt);
    }
    return storage;
}

} // namespace hearth::utf8
