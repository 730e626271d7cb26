#pragma once

// GPT-2's byte-level alphabet: byte-level BPE vocabularies store every byte
// as a printable code point (space -> U+0120 'Ġ', '\n' -> U+010A 'Ċ') so
// that tokens are readable strings. Bytes 0x21-0x7E, 0xA1-0xAC and
// 0xAE-0xFF stand for themselves; the other 68 map, in order, to U+0100...

#include <cstdint>
#include <string>
#include <string_view>

namespace hearth::byte_level {

// UTF-8 of the code point that stands for `byte`.
std::string_view encodeByte(unsigned char byte);
// Appends the byte-level form of every byte of `raw`.
void encode(std::string& out, std::string_view raw);
// The byte a code point stands for, or -1 if it is not in the alphabet.
int decodeCodepoint(uint32_t cpt);
// Undoes encode(); code points outside the alphabet are kept as they are.
std::string decode(std::string_view text);

} // namespace hearth::byte_level
