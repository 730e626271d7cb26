// GgufWriter: collects metadata and tensors, then writes a GGUF v3 file the
// way llama.cpp's gguf.cpp does (so its reader accepts it byte for byte):
// tensors packed in insertion order, each offset relative to the data
// section and aligned, padding after the tensor table and after each
// tensor's data. Written to a temporary file that is renamed into place.

#include "hearth/gguf.h"

#include "gguf/parser.h"
#include "hearth/error.h"

#include <bit>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <limits>

#include <sys/stat.h>
#include <unistd.h>

namespace hearth {
namespace {

// Buffered writer over a FILE* that remembers the first error and counts
// bytes (the count is used to place padding).
class Output {
public:
    explicit Output(std::FILE* f) : file_(f) {}
    void bytes(const void* p, size_t n)
    {
        if (n && std::fwrite(p, 1, n, file_) != n && !error_)
            error_ = errno ? errno : EIO;
        written_ += n;
    }
    void le(uint64_t v, uint32_t size)
    {
        uint8_t b[8];
        for (uint32_t i = 0; i < size; ++i)
            b[i] = uint8_t(v >> (8 * i));
        bytes(b, size);
    }
    void string(const std::string& s)
    {
        le(s.size(), 8);
        bytes(s.data(), s.size());
    }
    void padTo(uint64_t alignment)
    {
        static const uint8_t zeros[256] = {};
        uint64_t pad = gguf::alignUp(written_, alignment) - written_;
        while (pad) {
            const size_t n = size_t(std::min<uint64_t>(pad, sizeof zeros));
            bytes(zeros, n);
            pad -= n;
        }
    }
    int error() const { return error_; }

private:
    std::FILE* file_;
    uint64_t written_ = 0;
    int error_ = 0;
};

void writeValue(Output& out, const GgufValue& v)
{
    const GgufValueType type = v.type();
    switch (type) {
    case GgufValueType::String: out.string(*v.string()); return;
    case GgufValueType::Array:
        out.le(uint32_t(v.elementType()), 4);
        out.le(v.arraySize(), 8);
        if (const auto* strings = v.strings()) {
            for (const std::string& s : *strings)
                out.string(s);
        } else {
            const auto packed = v.packedElements();
            out.bytes(packed.data(), packed.size());
        }
        return;
    case GgufValueType::Float32: out.le(std::bit_cast<uint32_t>(float(*v.toFloat())), 4); return;
    case GgufValueType::Float64: out.le(std::bit_cast<uint64_t>(*v.toFloat()), 8); return;
    case GgufValueType::Bool: out.le(*v.toBool() ? 1 : 0, 1); return;
    case GgufValueType::Int8:
    case GgufValueType::Int16:
    case GgufValueType::Int32:
    case GgufValueType::Int64: out.le(static_cast<uint64_t>(*v.toInt()), ggufScalarSize(type)); return;
    default: out.le(*v.toUInt(), ggufScalarSize(type)); return;
    }
}

uint32_t alignmentOf(const std::vector<GgufKeyValue>& metadata)
{
    for (const GgufKeyValue& kv : metadata) {
        if (kv.key != "general.alignment")
            continue;
        const auto v = kv.value.toUInt();
        if (kv.value.type() != GgufValueType::UInt32 || !v || *v == 0 || !std::has_single_bit(*v))
            throw Error("cannot write GGUF: general.alignment must be a uint32 power of two");
        return uint32_t(*v);
    }
    return gguf::kDefaultAlignment;
}

} // namespace

void GgufWriter::set(std::string key, GgufValue value)
{
    if (key.empty())
        throw Error("GGUF metadata keys cannot be empty");
    for (GgufKeyValue& kv : metadata_) {
        if (kv.key == key) {
            kv.value = std::move(value);
            return;
        }
    }
    metadata_.push_back({std::move(key), std::move(value)});
}

void GgufWriter::setString(std::string key, std::string value) { set(std::move(key), GgufValue::fromString(std::move(value))); }
void GgufWriter::setUInt16(std::string key, uint16_t value) { set(std::move(key), GgufValue::fromUInt(GgufValueType::UInt16, value)); }
void GgufWriter::setUInt32(std::string key, uint32_t value) { set(std::move(key), GgufValue::fromUInt(GgufValueType::UInt32, value)); }
void GgufWriter::setInt32(std::string key, int32_t value) { set(std::move(key), GgufValue::fromInt(GgufValueType::Int32, value)); }
void GgufWriter::setFloat32(std::string key, float value) { set(std::move(key), GgufValue::fromFloat(GgufValueType::Float32, value)); }
void GgufWriter::setBool(std::string key, bool value) { set(std::move(key), GgufValue::fromBool(value)); }
void GgufWriter::setUInt64(std::string key, uint64_t value) { set(std::move(key), GgufValue::fromUInt(GgufValueType::UInt64, value)); }
void GgufWriter::setStringArray(std::string key, std::vector<std::string> value) { set(std::move(key), GgufValue::fromStringArray(std::move(value))); }
void GgufWriter::setFloatArray(std::string key, std::vector<float> value) { set(std::move(key), GgufValue::fromFloatArray(value)); }
void GgufWriter::setInt32Array(std::string key, std::vector<int32_t> value) { set(std::move(key), GgufValue::fromInt32Array(value)); }

bool GgufWriter::remove(std::string_view key)
{
    for (auto it = metadata_.begin(); it != metadata_.end(); ++it) {
        if (it->key == key) {
            metadata_.erase(it);
            return true;
        }
    }
    return false;
}

void GgufWriter::copyMetadataFrom(const GgufFile& file, std::string_view keyPrefix)
{
    for (const GgufKeyValue& kv : file.metadata())
        if (std::string_view(kv.key).substr(0, keyPrefix.size()) == keyPrefix)
            set(kv.key, kv.value);
}

void GgufWriter::addTensor(std::string name, std::vector<uint64_t> dims, GgmlType type, std::vector<std::byte> data)
{
    const std::string what = "cannot add tensor '" + name + "': ";
    if (name.empty() || name.size() > gguf::kMaxTensorName)
        throw Error(what + "names must be 1 to " + std::to_string(gguf::kMaxTensorName) + " bytes long");
    for (const Tensor& t : tensors_)
        if (t.name == name)
            throw Error(what + "a tensor with that name was already added");
    if (dims.empty() || dims.size() > gguf::kMaxDims)
        throw Error(what + "it must have 1 to " + std::to_string(gguf::kMaxDims) + " dimensions");
    uint64_t elements = 1;
    for (uint64_t d : dims) {
        if (d == 0 || elements > uint64_t(std::numeric_limits<int64_t>::max()) / d)
            throw Error(what + "every dimension must be non-zero and the element count below 2^63");
        elements *= d;
    }
    const TypeTraits* traits = typeTraits(type);
    if (!traits)
        throw Error(what + "unknown type id " + std::to_string(uint32_t(type)));
    if (dims[0] % traits->blockSize != 0)
        throw Error(what + "its row length " + std::to_string(dims[0]) + " is not a multiple of the " + traits->name +
                    " block size " + std::to_string(traits->blockSize));
    const uint64_t expected = rowBytes(type, elements);
    if (data.size() != expected)
        throw Error(what + "it has " + std::to_string(data.size()) + " bytes of data but its shape and type need " +
                    std::to_string(expected));
    tensors_.push_back({std::move(name), std::move(dims), type, std::move(data)});
}

void GgufWriter::write(const std::filesystem::path& path) const
{
    const uint32_t alignment = alignmentOf(metadata_);
    const std::filesystem::path dir = path.has_parent_path() ? path.parent_path() : std::filesystem::path(".");
    // Hidden temporary beside the target so the final rename stays on one
    // file system. (Appended piecewise: `"." + string` trips a g++ 12 -O3
    // false -Wrestrict warning.)
    std::string hidden = ".";
    hidden += path.filename().string();
    hidden += ".XXXXXX";
    std::string tempName = (dir / hidden).string();
    const int fd = ::mkstemp(tempName.data());
    if (fd < 0)
        throw Error("cannot write " + path.string() + ": " + std::strerror(errno));
    ::fchmod(fd, 0644); // mkstemp creates 0600; a model file is not secret
    std::FILE* file = ::fdopen(fd, "wb");
    if (!file) {
        const int err = errno;
        ::close(fd);
        ::unlink(tempName.c_str());
        throw Error("cannot write " + path.string() + ": " + std::strerror(err));
    }

    Output out(file);
    out.bytes("GGUF", 4);
    out.le(3, 4);
    out.le(tensors_.size(), 8);
    out.le(metadata_.size(), 8);
    for (const GgufKeyValue& kv : metadata_) {
        out.string(kv.key);
        out.le(uint32_t(kv.value.type()), 4);
        writeValue(out, kv.value);
    }
    uint64_t offset = 0;
    for (const Tensor& t : tensors_) {
        out.string(t.name);
        out.le(t.dims.size(), 4);
        for (uint64_t d : t.dims)
            out.le(d, 8);
        out.le(uint32_t(t.type), 4);
        out.le(offset, 8);
        offset += gguf::alignUp(t.data.size(), alignment);
    }
    if (!tensors_.empty())
        out.padTo(alignment);
    for (const Tensor& t : tensors_) {
        out.bytes(t.data.data(), t.data.size());
        out.padTo(alignment);
    }

    int err = out.error();
    if (std::fflush(file) != 0 && !err)
        err = errno;
    if (::fsync(::fileno(file)) != 0 && !err)
        err = errno;
    if (std::fclose(file) != 0 && !err)
        err = errno;
    if (!err && std::rename(tempName.c_str(), path.c_str()) != 0)
        err = errno;
    if (err) {
        ::unlink(tempName.c_str());
        throw Error("cannot write " + path.string() + ": " + std::strerror(err));
    }
}

} // namespace hearth
