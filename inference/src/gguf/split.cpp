// Split models: finding the sibling parts of NAME-0000k-of-0000N.gguf and
// checking that they belong together (split.no / split.count / total tensor
// count), as llama.cpp's gguf-split writes them. Only part 1 carries the
// model metadata; every part is a complete GGUF with its own tensors.

#include "gguf/file_impl.h"

#include "hearth/error.h"

#include <cctype>
#include <cstdio>

namespace hearth {

std::optional<GgufSplitName> parseGgufSplitName(std::string_view name)
{
    // "<prefix>-NNNNN-of-MMMMM.gguf": 5-digit fields, case-insensitive.
    constexpr std::string_view kTail = "-00000-of-00000.gguf";
    if (name.size() <= kTail.size())
        return std::nullopt;
    const std::string_view tail = name.substr(name.size() - kTail.size());
    auto digits = [&](size_t at, uint32_t& value) {
        value = 0;
        for (size_t i = at; i < at + 5; ++i) {
            if (!std::isdigit(static_cast<unsigned char>(tail[i])))
                return false;
            value = value * 10 + uint32_t(tail[i] - '0');
        }
        return true;
    };
    auto lowerEquals = [&](size_t at, std::string_view what) {
        for (size_t i = 0; i < what.size(); ++i)
            if (std::tolower(static_cast<unsigned char>(tail[at + i])) != what[i])
                return false;
        return true;
    };
    GgufSplitName out;
    if (tail[0] != '-' || !digits(1, out.part) || !lowerEquals(6, "-of-") || !digits(10, out.count) ||
        !lowerEquals(15, ".gguf"))
        return std::nullopt;
    if (out.part == 0 || out.count == 0 || out.part > out.count)
        return std::nullopt;
    out.prefix = std::string(name.substr(0, name.size() - kTail.size()));
    return out;
}

std::string ggufSplitFileName(std::string_view prefix, uint32_t part, uint32_t count)
{
    char tail[32];
    std::snprintf(tail, sizeof tail, "-%05u-of-%05u.gguf", part, count);
    return std::string(prefix) + tail;
}

namespace gguf {
namespace {

const GgufValue* findKey(const ParsedGguf& parsed, std::string_view key)
{
    for (const GgufKeyValue& kv : parsed.metadata)
        if (kv.key == key)
            return &kv.value;
    return nullptr;
}

// An integer split.* key, or -1 when absent.
int64_t splitKey(const ParsedGguf& parsed, std::string_view key, const std::string& label)
{
    const GgufValue* v = findKey(parsed, key);
    if (!v)
        return -1;
    const auto i = v->toInt();
    if (!i || *i < 0)
        throw Error(label + ": " + std::string(key) + " must be a non-negative integer, but it is " +
                    ggufValueTypeName(v->type()) + " " + v->toDisplayString());
    return *i;
}

} // namespace

uint32_t splitCountOf(const ParsedGguf& parsed, const std::string& label)
{
    const int64_t count = splitKey(parsed, "split.count", label);
    if (count < 0)
        return 1;
    if (count == 0 || count > 99999)
        throw Error(label + ": split.count is " + std::to_string(count) + "; it must be between 1 and 99999");
    return uint32_t(count);
}

std::vector<LoadedPart> loadSplitParts(LoadedPart given, uint32_t count)
{
    const std::string givenName = given.path.filename().string();
    const auto name = parseGgufSplitName(givenName);
    if (!name || name->count != count)
        throw Error(givenName + ": this is one part of a model split into " + std::to_string(count) +
                    " files, but its name does not follow the pattern " + ggufSplitFileName("NAME", 1, count) +
                    ", so the other parts cannot be found");
    const int64_t givenNo = splitKey(given.parsed, "split.no", givenName);
    if (givenNo != int64_t(name->part) - 1)
        throw Error(givenName + ": split.no is " + std::to_string(givenNo) + " but the file name says part " +
                    std::to_string(name->part) + " (split.no " + std::to_string(name->part - 1) + ")");

    std::vector<LoadedPart> parts(count);
    const uint32_t givenIndex = name->part - 1;
    const std::filesystem::path dir = given.path.parent_path();
    parts[givenIndex] = std::move(given);
    for (uint32_t i = 0; i < count; ++i) {
        if (i == givenIndex)
            continue;
        LoadedPart& part = parts[i];
        part.path = dir / ggufSplitFileName(name->prefix, i + 1, count);
        const std::string label = part.path.filename().string();
        std::error_code ec;
        if (!std::filesystem::exists(part.path, ec))
            throw Error(givenName + ": part " + std::to_string(i + 1) + " of " + std::to_string(count) +
                        " of this split model is missing: " + part.path.string());
        part.mapping = std::make_unique<MappedFile>(part.path);
        part.bytes = part.mapping->bytes();
        part.parsed = parseGguf(part.bytes, label);
        const int64_t no = splitKey(part.parsed, "split.no", label);
        const int64_t partCount = splitKey(part.parsed, "split.count", label);
        if (no != int64_t(i) || partCount != int64_t(count))
            throw Error(label + ": expected part " + std::to_string(i + 1) + " of " + std::to_string(count) +
                        " (split.no " + std::to_string(i) + ", split.count " + std::to_string(count) +
                        "), but the file says split.no " + std::to_string(no) + ", split.count " +
                        std::to_string(partCount));
    }

    uint64_t total = 0;
    for (const LoadedPart& part : parts)
        total += part.parsed.tensors.size();
    const std::string firstName = parts[0].path.filename().string();
    const int64_t declared = splitKey(parts[0].parsed, "split.tensors.count", firstName);
    if (declared >= 0 && uint64_t(declared) != total)
        throw Error(firstName + ": split.tensors.count says " + std::to_string(declared) +
                    " tensors, but the " + std::to_string(count) + " parts hold " + std::to_string(total));
    return parts;
}

} // namespace gguf
} // namespace hearth
