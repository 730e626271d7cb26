#pragma once

// Private to src/gguf: a read-only memory mapping of a whole file (POSIX
// mmap). Keeping it behind this small class is what a Windows port would
// replace.

#include <cstddef>
#include <filesystem>
#include <span>

namespace hearth::gguf {

class MappedFile {
public:
    // Throws hearth::Error naming the path when it cannot be opened or mapped.
    explicit MappedFile(const std::filesystem::path& path);
    ~MappedFile();
    MappedFile(const MappedFile&) = delete;
    MappedFile& operator=(const MappedFile&) = delete;

    std::span<const std::byte> bytes() const { return {static_cast<const std::byte*>(data_), size_}; }

private:
    void* data_ = nullptr;
    size_t size_ = 0;
};

} // namespace hearth::gguf
