// POSIX implementation of MappedFile.

#include "gguf/mapped_file.h"

#include "hearth/error.h"

#include <cerrno>
#include <cstring>
#include <string>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace hearth::gguf {

MappedFile::MappedFile(const std::filesystem::path& path)
{
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error("cannot open model file " + path.string() + ": " + std::strerror(errno));
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        const int err = errno;
        ::close(fd);
        throw Error("cannot read model file " + path.string() + ": " + std::strerror(err));
    }
    if (!S_ISREG(st.st_mode)) {
        ::close(fd);
        throw Error("cannot open model file " + path.string() + ": it is not a regular file");
    }
    size_ = static_cast<size_t>(st.st_size);
    // mmap rejects a zero length; an empty file is left for the parser to
    // report as "empty" with the file's name.
    if (size_ > 0) {
        void* p = ::mmap(nullptr, size_, PROT_READ, MAP_PRIVATE, fd, 0);
        if (p == MAP_FAILED) {
            const int err = errno;
            ::close(fd);
            throw Error("cannot memory-map model file " + path.string() + ": " + std::strerror(err));
        }
        data_ = p;
    }
    // The mapping keeps the file contents reachable; the descriptor is no
    // longer needed (this also keeps split models from using many fds).
    ::close(fd);
}

MappedFile::~MappedFile()
{
    if (data_)
        ::munmap(data_, size_);
}

} // namespace hearth::gguf
