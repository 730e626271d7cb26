#pragma once

// Test helper: builds raw GGUF bytes field by field, so tests can produce
// exactly the malformed files the reader must reject (the real writer
// refuses to make them).

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <span>
#include <string>
#include <vector>

namespace hearth::test {

struct RawGguf {
    std::vector<uint8_t> bytes;

    RawGguf& le(uint64_t v, int size)
    {
        for (int i = 0; i < size; ++i)
            bytes.push_back(uint8_t(v >> (8 * i)));
        return *this;
    }
    RawGguf& u8(uint8_t v) { return le(v, 1); }
    RawGguf& u32(uint32_t v) { return le(v, 4); }
    RawGguf& u64(uint64_t v) { return le(v, 8); }
    RawGguf& raw(std::string_view s)
    {
        bytes.insert(bytes.end(), s.begin(), s.end());
        return *this;
    }
    RawGguf& str(std::string_view s) { return u64(s.size()).raw(s); }

    RawGguf& header(uint64_t tensors, uint64_t kvs, uint32_t version = 3)
    {
        return raw("GGUF").u32(version).u64(tensors).u64(kvs);
    }
    RawGguf& kvU32(std::string_view key, uint32_t v) { return str(key).u32(4).u32(v); }
    RawGguf& kvString(std::string_view key, std::string_view v) { return str(key).u32(8).str(v); }
    RawGguf& tensor(std::string_view name, std::vector<uint64_t> dims, uint32_t type, uint64_t offset)
    {
        str(name).u32(uint32_t(dims.size()));
        for (uint64_t d : dims)
            u64(d);
        return u32(type).u64(offset);
    }
    RawGguf& padTo(size_t alignment)
    {
        while (bytes.size() % alignment)
            bytes.push_back(0);
        return *this;
    }
    RawGguf& zeros(size_t n)
    {
        bytes.insert(bytes.end(), n, 0);
        return *this;
    }

    std::span<const std::byte> span() const { return std::as_bytes(std::span(bytes)); }
    void save(const std::string& path) const
    {
        std::ofstream(path, std::ios::binary).write(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }
};

inline std::vector<uint8_t> readAll(const std::string& path)
{
    std::ifstream in(path, std::ios::binary);
    return std::vector<uint8_t>(std::istreambuf_iterator<char>(in), {});
}

inline std::vector<std::byte> toBytes(const void* p, size_t n)
{
    std::vector<std::byte> out(n);
    std::memcpy(out.data(), p, n);
    return out;
}

} // namespace hearth::test
