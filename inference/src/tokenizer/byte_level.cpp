#include "tokenizer/byte_level.h"

#include "tokenizer/utf8.h"

#include <array>

namespace hearth::byte_level {
namespace {

bool standsForItself(unsigned b)
{
    return (b >= 0x21 && b <= 0x7E) || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
}

struct Tables {
    std::array<std::string, 256> byteToUtf8;
    std::array<int16_t, 0x200> cptToByte{}; // every code point used is below U+0144

    Tables()
    {
        cptToByte.fill(-1);
        unsigned next = 0x100;
        for (unsigned b = 0; b < 256; ++b) {
            const uint32_t cpt = standsForItself(b) ? b : next++;
            utf8::append(byteToUtf8[b], cpt);
            cptToByte[cpt] = static_cast<int16_t>(b);
        }
    }
};

const Tables& tables()
{
    static const Tables t;
    return t;
}

} // namespace

std::string_view encodeByte(unsigned char byte)
{
    return tables().byteToUtf8[byte];
}

void encode(std::string& out, std::string_view raw)
{
    const Tables& t = tables();
    for (const char c : raw)
        out += t.byteToUtf8[static_cast<unsigned char>(c)];
}

int decodeCodepoint(uint32_t cpt)
{
    return cpt < 0x200 ? tables().cptToByte[cpt] : -1;
}

std::string decode(std::string_view text)
{
    std::string out;
    out.reserve(text.size());
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t start = pos;
        uint32_t cpt = 0;
        utf8::decodeLenient(text, pos, cpt);
        const int byte = decodeCodepoint(cpt);
        if (byte >= 0)
            out += static_cast<char>(byte);
        else
            out.append(text.substr(start, pos - start)); // not byte-level: keep as written
    }
    return out;
}

} // namespace hearth::byte_level
