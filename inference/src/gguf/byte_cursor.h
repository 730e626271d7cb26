#pragma once

// Private to src/gguf: a bounds-checked little-endian reader over a byte
// span. Every read checks the bytes left first, and a failure throws a
// hearth::Error naming the file, the item being read and the byte offset,
// so the parser itself never indexes the data unchecked.

#include "hearth/error.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>

namespace hearth::gguf {

class ByteCursor {
public:
    ByteCursor(std::span<const std::byte> data, std::string label) : data_(data), label_(std::move(label)) {}

    uint64_t pos() const { return pos_; }
    uint64_t size() const { return data_.size(); }
    uint64_t remaining() const { return data_.size() - pos_; }
    const std::string& label() const { return label_; }

    // What is being read, for messages ("metadata key 'general.name'").
    void setContext(std::string context) { context_ = std::move(context); }

    uint8_t u8(const char* what) { return uint8_t(readLE(1, what)); }
    uint16_t u16(const char* what) { return uint16_t(readLE(2, what)); }
    uint32_t u32(const char* what) { return uint32_t(readLE(4, what)); }
    uint64_t u64(const char* what) { return readLE(8, what); }

    // `n` raw bytes.
    std::span<const std::byte> take(uint64_t n, const char* what)
    {
        need(n, what);
        const auto out = data_.subspan(pos_, n);
        pos_ += n;
        return out;
    }

    // A gguf_string: u64 length, then that many bytes. `maxLength` guards
    // against absurd but in-bounds lengths (e.g. a 2 GiB tensor name).
    std::string string(const char* what, uint64_t maxLength)
    {
        const uint64_t start = pos_;
        const uint64_t length = u64(what);
        if (length > remaining())
            fail(std::string(what) + " at byte " + std::to_string(start) + " claims " + std::to_string(length) +
                 " bytes, but only " + std::to_string(remaining()) +
                 " bytes of the file are left (the file is truncated or corrupt)");
        if (length > maxLength)
            fail(std::string(what) + " at byte " + std::to_string(start) + " is " + std::to_string(length) +
                 " bytes long; the limit is " + std::to_string(maxLength));
        const auto bytes = take(length, what);
        return std::string(reinterpret_cast<const char*>(bytes.data()), bytes.size());
    }

    [[noreturn]] void fail(const std::string& message) const
    {
        throw Error(label_ + ": " + (context_.empty() ? "" : context_ + ": ") + message);
    }

private:
    void need(uint64_t n, const char* what) const
    {
        if (n > remaining())
            fail(std::string("the file is truncated: ") + what + " at byte " + std::to_string(pos_) + " needs " +
                 std::to_string(n) + " bytes, but the file ends at byte " + std::to_string(size()));
    }

    uint64_t readLE(uint32_t n, const char* what)
    {
        need(n, what);
        uint64_t v = 0;
        for (uint32_t i = 0; i < n; ++i)
            v |= uint64_t(std::to_integer<uint8_t>(data_[pos_ + i])) << (8 * i);
        pos_ += n;
        return v;
    }

    std::span<const std::byte> data_;
    std::string label_;
    std::string context_;
    uint64_t pos_ = 0;
};

} // namespace hearth::gguf
