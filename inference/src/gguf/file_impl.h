#pragma once

// Private to src/gguf: the shared, immutable state behind a GgufFile.

#include "hearth/gguf.h"

#include "gguf/mapped_file.h"
#include "gguf/parser.h"

#include <filesystem>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

namespace hearth {

struct GgufFile::Impl {
    struct Part {
        std::filesystem::path path;
        std::unique_ptr<gguf::MappedFile> mapping; // null for openMemory
        std::span<const std::byte> bytes;
        uint64_t dataStart = 0;
    };
    std::string label; // file name used in messages
    uint32_t version = 0;
    uint32_t alignment = gguf::kDefaultAlignment;
    std::vector<Part> parts;
    std::vector<GgufKeyValue> metadata;
    std::map<std::string, size_t, std::less<>> keyIndex;
    std::vector<GgufTensorInfo> tensors;
    std::map<std::string, size_t, std::less<>> tensorIndex;
    uint64_t totalSize = 0;
};

namespace gguf {

// One part as mapped and parsed, before being combined into an Impl.
struct LoadedPart {
    std::filesystem::path path;
    std::unique_ptr<MappedFile> mapping;
    std::span<const std::byte> bytes;
    ParsedGguf parsed;
};

// split.count of a parsed part (1 when absent); throws if malformed.
uint32_t splitCountOf(const ParsedGguf& parsed, const std::string& label);

// Given the part the user opened, maps, parses and checks all `count`
// parts of its split model, returned in order.
std::vector<LoadedPart> loadSplitParts(LoadedPart given, uint32_t count);

} // namespace gguf
} // namespace hearth
