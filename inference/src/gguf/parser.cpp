// Parses one GGUF image and validates it completely before returning:
// header, every metadata value, the tensor table, and where each tensor's
// data lies. Counts read from the file are never trusted for allocation:
// each is first checked against the bytes actually left.

#include "gguf/parser.h"

#include "gguf/byte_cursor.h"

#include <algorithm>
#include <bit>
#include <cstdio>
#include <cstring>
#include <limits>
#include <set>
#include <string_view>

namespace hearth::gguf {

// Metadata and tensor tables are read as little-endian values straight into
// native integers and floats; only little-endian hosts are supported.
static_assert(std::endian::native == std::endian::little, "GGUF parsing assumes a little-endian host");

namespace {

constexpr uint64_t kMaxKeyLength = 1 << 16;
constexpr uint64_t kMaxStringLength = uint64_t(1) << 30; // as ggml's gguf.cpp
constexpr uint32_t kValueTypeCount = 13;
// Smallest possible encodings, used to reject absurd counts up front:
// a metadata entry is at least key length (8) + value type (4) + 1 byte of
// value; a tensor entry at least name length (8) + n_dims (4) + type (4)
// + offset (8).
constexpr uint64_t kMinMetadataEntry = 13;
constexpr uint64_t kMinTensorEntry = 24;

std::string hexBytes(std::span<const std::byte> bytes)
{
    std::string out;
    for (std::byte b : bytes) {
        char buf[4];
        std::snprintf(buf, sizeof buf, "%s%02X", out.empty() ? "" : " ", std::to_integer<unsigned>(b));
        out += buf;
    }
    return out;
}

void checkHeader(ByteCursor& in)
{
    if (in.size() == 0)
        in.fail("the file is empty, not a GGUF model");
    const auto magic = in.take(std::min<uint64_t>(4, in.size()), "magic");
    if (magic.size() < 4 || std::memcmp(magic.data(), "GGUF", 4) != 0)
        in.fail("not a GGUF file: it starts with bytes " + hexBytes(magic) + " instead of \"GGUF\" (47 47 55 46)");
}

uint32_t checkVersion(ByteCursor& in)
{
    const uint32_t version = in.u32("version");
    if (version == 2 || version == 3)
        return version;
    if (version == 1)
        in.fail("GGUF version 1 is not supported (an early 2023 format); convert the model again with a current "
                "llama.cpp");
    // A small version number written big-endian reads as a huge one here.
    const uint32_t swapped = __builtin_bswap32(version); // std::byteswap is C++23
    if (swapped >= 1 && swapped <= 3)
        in.fail("big-endian GGUF not supported (the version field reads " + std::to_string(swapped) +
                " when byte-swapped); use a little-endian copy of the model");
    in.fail("unsupported GGUF version " + std::to_string(version) + " (Hearth reads versions 2 and 3)");
}

GgufValueType checkValueType(ByteCursor& in, uint32_t raw, const char* what)
{
    if (raw >= kValueTypeCount)
        in.fail(std::string("unknown ") + what + " " + std::to_string(raw) + " (valid types are 0-12)");
    return static_cast<GgufValueType>(raw);
}

GgufValue readScalar(ByteCursor& in, GgufValueType type)
{
    switch (type) {
    case GgufValueType::UInt8: return GgufValue::fromUInt(type, in.u8("uint8 value"));
    case GgufValueType::UInt16: return GgufValue::fromUInt(type, in.u16("uint16 value"));
    case GgufValueType::UInt32: return GgufValue::fromUInt(type, in.u32("uint32 value"));
    case GgufValueType::UInt64: return GgufValue::fromUInt(type, in.u64("uint64 value"));
    case GgufValueType::Int8: return GgufValue::fromInt(type, int8_t(in.u8("int8 value")));
    case GgufValueType::Int16: return GgufValue::fromInt(type, int16_t(in.u16("int16 value")));
    case GgufValueType::Int32: return GgufValue::fromInt(type, int32_t(in.u32("int32 value")));
    case GgufValueType::Int64: return GgufValue::fromInt(type, int64_t(in.u64("int64 value")));
    case GgufValueType::Float32: return GgufValue::fromFloat(type, std::bit_cast<float>(in.u32("float32 value")));
    case GgufValueType::Float64: return GgufValue::fromFloat(type, std::bit_cast<double>(in.u64("float64 value")));
    case GgufValueType::Bool: {
        const uint8_t b = in.u8("bool value");
        if (b > 1)
            in.fail("bool value at byte " + std::to_string(in.pos() - 1) + " is " + std::to_string(b) +
                    "; it must be 0 or 1");
        return GgufValue::fromBool(b != 0);
    }
    case GgufValueType::String: return GgufValue::fromString(in.string("string value", kMaxStringLength));
    case GgufValueType::Array: break;
    }
    in.fail("internal error: readScalar on an array");
}

GgufValue readArray(ByteCursor& in)
{
    const GgufValueType element = checkValueType(in, in.u32("array element type"), "array element type");
    const uint64_t countPos = in.pos();
    const uint64_t count = in.u64("array length");
    if (element == GgufValueType::Array)
        in.fail("arrays of arrays are not supported");
    if (element == GgufValueType::String) {
        // Each string needs at least its 8-byte length.
        if (count > in.remaining() / 8)
            in.fail("array of " + std::to_string(count) + " strings at byte " + std::to_string(countPos) +
                    " cannot fit in the " + std::to_string(in.remaining()) + " bytes left in the file");
        std::vector<std::string> strings;
        strings.reserve(count);
        for (uint64_t i = 0; i < count; ++i)
            strings.push_back(in.string("array string", kMaxStringLength));
        return GgufValue::fromStringArray(std::move(strings));
    }
    const uint32_t size = ggufScalarSize(element);
    if (count > in.remaining() / size)
        in.fail("array of " + std::to_string(count) + " " + ggufValueTypeName(element) + " values at byte " +
                std::to_string(countPos) + " needs " + (count > std::numeric_limits<uint64_t>::max() / size
                                                            ? std::string("more than 2^64")
                                                            : std::to_string(count * size)) +
                " bytes, but only " + std::to_string(in.remaining()) + " are left in the file");
    const auto bytes = in.take(count * size, "array data");
    if (element == GgufValueType::Bool) {
        for (uint64_t i = 0; i < count; ++i)
            if (std::to_integer<uint8_t>(bytes[i]) > 1)
                in.fail("bool array element " + std::to_string(i) + " is " +
                        std::to_string(std::to_integer<unsigned>(bytes[i])) + "; it must be 0 or 1");
    }
    return GgufValue::fromArray(element, std::vector<std::byte>(bytes.begin(), bytes.end()));
}

void readMetadata(ByteCursor& in, uint64_t count, ParsedGguf& out)
{
    std::set<std::string, std::less<>> seen;
    for (uint64_t i = 0; i < count; ++i) {
        in.setContext("metadata entry #" + std::to_string(i));
        std::string key = in.string("key", kMaxKeyLength);
        if (key.empty())
            in.fail("the key is empty");
        in.setContext("metadata key '" + key + "'");
        if (!seen.insert(key).second)
            in.fail("the key appears more than once");
        const GgufValueType type = checkValueType(in, in.u32("value type"), "value type");
        GgufValue value = type == GgufValueType::Array ? readArray(in) : readScalar(in, type);
        out.metadata.push_back({std::move(key), std::move(value)});
    }
    in.setContext("");
    for (const GgufKeyValue& kv : out.metadata) {
        if (kv.key != "general.alignment")
            continue;
        const auto v = kv.value.toUInt();
        if (kv.value.type() != GgufValueType::UInt32 || !v || *v == 0 || !std::has_single_bit(*v))
            in.fail("general.alignment must be a uint32 power of two, but it is the " +
                    std::string(ggufValueTypeName(kv.value.type())) + " " + kv.value.toDisplayString());
        out.alignment = uint32_t(*v);
    }
}

std::string shapeString(const std::vector<uint64_t>& dims)
{
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i)
        s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + "]";
}

GgufTensorInfo readTensorInfo(ByteCursor& in, uint64_t index, uint32_t alignment)
{
    in.setContext("tensor #" + std::to_string(index));
    GgufTensorInfo t;
    t.name = in.string("tensor name", kMaxKeyLength);
    if (t.name.empty())
        in.fail("the tensor name is empty");
    if (t.name.size() > kMaxTensorName)
        in.fail("tensor name '" + t.name.substr(0, 80) + "' is " + std::to_string(t.name.size()) +
                " bytes long; GGUF allows at most " + std::to_string(kMaxTensorName));
    in.setContext("tensor '" + t.name + "'");

    const uint32_t nDims = in.u32("dimension count");
    if (nDims > kMaxDims)
        in.fail("it has " + std::to_string(nDims) + " dimensions; at most " + std::to_string(kMaxDims) +
                " are supported");
    uint64_t elements = 1;
    for (uint32_t d = 0; d < nDims; ++d) {
        const uint64_t dim = in.u64("dimension");
        t.dims.push_back(dim);
        if (dim == 0)
            in.fail("dimension " + std::to_string(d) + " is 0");
        // ggml counts elements in int64_t, so stay below 2^63.
        if (elements > uint64_t(std::numeric_limits<int64_t>::max()) / dim)
            in.fail("its shape " + shapeString(t.dims) + " has too many elements");
        elements *= dim;
    }

    const uint32_t rawType = in.u32("tensor type");
    t.type = static_cast<GgmlType>(rawType);
    const TypeTraits* traits = typeTraits(t.type);
    if (!traits)
        in.fail("unknown tensor type id " + std::to_string(rawType) +
                " (perhaps the file needs a newer version of Hearth)");
    const uint64_t rowLength = t.dims.empty() ? 1 : t.dims[0];
    if (rowLength % traits->blockSize != 0)
        in.fail("its row length " + std::to_string(rowLength) + " (shape " + shapeString(t.dims) +
                ") is not a multiple of the " + traits->name + " block size " + std::to_string(traits->blockSize));
    // Cannot overflow for today's types (at most 8 bytes per element), but
    // the check keeps that an explicit guarantee rather than an assumption.
    const uint64_t blocks = elements / traits->blockSize;
    if (blocks > std::numeric_limits<uint64_t>::max() / traits->bytesPerBlock)
        in.fail("its data size overflows");
    t.nbytes = blocks * traits->bytesPerBlock;

    const uint64_t offsetPos = in.pos();
    t.offset = in.u64("data offset");
    if (t.offset % alignment != 0)
        in.fail("data offset " + std::to_string(t.offset) + " (at byte " + std::to_string(offsetPos) +
                ") is not a multiple of the alignment " + std::to_string(alignment));
    return t;
}

// Every tensor's bytes must lie inside the image and no two may overlap.
void checkTensorPlacement(ByteCursor& in, const ParsedGguf& out)
{
    in.setContext("");
    if (out.tensors.empty())
        return;
    const uint64_t size = in.size();
    if (out.dataStart > size)
        in.fail("the tensor data section would start at byte " + std::to_string(out.dataStart) +
                ", past the end of the file (size " + std::to_string(size) + "); the file is truncated");
    const uint64_t dataSize = size - out.dataStart;
    for (const GgufTensorInfo& t : out.tensors) {
        if (t.offset > dataSize || t.nbytes > dataSize - t.offset)
            in.fail("tensor '" + t.name + "' data (offset " + std::to_string(t.offset) + ", " +
                    std::to_string(t.nbytes) + " bytes) runs past the end of the file (size " + std::to_string(size) +
                    ", data section starts at byte " + std::to_string(out.dataStart) + ")");
    }
    std::vector<const GgufTensorInfo*> byOffset;
    byOffset.reserve(out.tensors.size());
    for (const GgufTensorInfo& t : out.tensors)
        byOffset.push_back(&t);
    std::sort(byOffset.begin(), byOffset.end(),
              [](const GgufTensorInfo* a, const GgufTensorInfo* b) { return a->offset < b->offset; });
    for (size_t i = 1; i < byOffset.size(); ++i) {
        const GgufTensorInfo& a = *byOffset[i - 1];
        const GgufTensorInfo& b = *byOffset[i];
        if (a.offset + a.nbytes > b.offset)
            in.fail("tensors '" + a.name + "' (offset " + std::to_string(a.offset) + ", " + std::to_string(a.nbytes) +
                    " bytes) and '" + b.name + "' (offset " + std::to_string(b.offset) + ") overlap");
    }
}

} // namespace

ParsedGguf parseGguf(std::span<const std::byte> bytes, const std::string& label)
{
    ByteCursor in(bytes, label);
    ParsedGguf out;
    checkHeader(in);
    out.version = checkVersion(in);
    const uint64_t tensorCount = in.u64("tensor count");
    const uint64_t metadataCount = in.u64("metadata count");
    if (metadataCount > in.remaining() / kMinMetadataEntry)
        in.fail("the header declares " + std::to_string(metadataCount) + " metadata entries, but the " +
                std::to_string(in.remaining()) + " bytes left in the file can hold at most " +
                std::to_string(in.remaining() / kMinMetadataEntry));
    if (tensorCount > in.remaining() / kMinTensorEntry)
        in.fail("the header declares " + std::to_string(tensorCount) + " tensors, but the " +
                std::to_string(in.remaining()) + " bytes left in the file can hold at most " +
                std::to_string(in.remaining() / kMinTensorEntry));

    readMetadata(in, metadataCount, out);

    std::set<std::string, std::less<>> names;
    for (uint64_t i = 0; i < tensorCount; ++i) {
        GgufTensorInfo t = readTensorInfo(in, i, out.alignment);
        if (!names.insert(t.name).second)
            in.fail("the tensor name appears more than once");
        out.tensors.push_back(std::move(t));
    }
    // The data section starts at the next aligned offset (the padding is
    // only present when there are tensors, so it is not required here).
    out.dataStart = alignUp(in.pos(), out.alignment);
    checkTensorPlacement(in, out);
    return out;
}

} // namespace hearth::gguf
