#pragma once

// Python `str` semantics over UTF-8 bytes. Templates are written against
// Python strings, so lengths, indices and slices count code points, and
// strip()/split() use Python's idea of whitespace.

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth::tmpl {

// Decodes one code point at byte offset `i` and advances `i`. Malformed
// bytes decode as themselves (one byte each) so that nothing is ever lost.
char32_t decodeUtf8(std::string_view s, size_t& i);
void appendUtf8(std::string& out, char32_t cp);
bool isAscii(std::string_view s);
size_t codePointCount(std::string_view s);
// Byte offset of each code point, plus s.size() at the end (count + 1 entries).
std::vector<size_t> codePointOffsets(std::string_view s);
std::vector<std::string> codePoints(std::string_view s);

bool isPyWhitespace(char32_t cp);
char32_t toUpperCp(char32_t cp);
char32_t toLowerCp(char32_t cp);
bool isCased(char32_t cp);

std::string pyUpper(std::string_view s);
std::string pyLower(std::string_view s);
std::string pyCapitalize(std::string_view s);
std::string pyTitleMethod(std::string_view s); // str.title(): word = run of cased letters

// strip()/lstrip()/rstrip(); `chars` nullopt means whitespace.
std::string pyStrip(std::string_view s, const std::optional<std::string>& chars, bool left, bool right);
// str.split(sep=None, maxsplit=-1) and str.rsplit(); throws on an empty separator.
std::vector<std::string> pySplit(std::string_view s, const std::optional<std::string>& sep, int64_t maxsplit);
std::vector<std::string> pyRSplit(std::string_view s, const std::optional<std::string>& sep, int64_t maxsplit);
std::vector<std::string> pySplitLines(std::string_view s, bool keepEnds);
std::string pyReplace(std::string_view s, std::string_view from, std::string_view to, int64_t count);
// Code point index of the first/last occurrence, or -1.
int64_t pyFind(std::string_view s, std::string_view sub);
int64_t pyRFind(std::string_view s, std::string_view sub);
int64_t pyCount(std::string_view s, std::string_view sub);

// repr() of a str: quotes chosen and escapes applied as Python does.
std::string pyRepr(std::string_view s);
// repr() of a float: shortest round-tripping digits, "1.0", "1e+20", "1.5e-07".
std::string pyFloatRepr(double v);

} // namespace hearth::tmpl
