// GgufValue: construction, typed access and display of one metadata value.

#include "hearth/gguf.h"

#include "hearth/error.h"

#include <bit>
#include <cstdio>
#include <cstring>
#include <limits>

namespace hearth {

const char* ggufValueTypeName(GgufValueType type)
{
    switch (type) {
    case GgufValueType::UInt8: return "uint8";
    case GgufValueType::Int8: return "int8";
    case GgufValueType::UInt16: return "uint16";
    case GgufValueType::Int16: return "int16";
    case GgufValueType::UInt32: return "uint32";
    case GgufValueType::Int32: return "int32";
    case GgufValueType::Float32: return "float32";
    case GgufValueType::Bool: return "bool";
    case GgufValueType::String: return "string";
    case GgufValueType::Array: return "array";
    case GgufValueType::UInt64: return "uint64";
    case GgufValueType::Int64: return "int64";
    case GgufValueType::Float64: return "float64";
    }
    return "unknown";
}

uint32_t ggufScalarSize(GgufValueType type)
{
    switch (type) {
    case GgufValueType::UInt8:
    case GgufValueType::Int8:
    case GgufValueType::Bool: return 1;
    case GgufValueType::UInt16:
    case GgufValueType::Int16: return 2;
    case GgufValueType::UInt32:
    case GgufValueType::Int32:
    case GgufValueType::Float32: return 4;
    case GgufValueType::UInt64:
    case GgufValueType::Int64:
    case GgufValueType::Float64: return 8;
    case GgufValueType::String:
    case GgufValueType::Array: return 0;
    }
    return 0;
}

namespace {

bool isUnsigned(GgufValueType t)
{
    return t == GgufValueType::UInt8 || t == GgufValueType::UInt16 || t == GgufValueType::UInt32 ||
           t == GgufValueType::UInt64;
}
bool isSigned(GgufValueType t)
{
    return t == GgufValueType::Int8 || t == GgufValueType::Int16 || t == GgufValueType::Int32 ||
           t == GgufValueType::Int64;
}
bool isFloat(GgufValueType t)
{
    return t == GgufValueType::Float32 || t == GgufValueType::Float64;
}

uint64_t loadLE(const std::byte* p, uint32_t size)
{
    uint64_t v = 0;
    for (uint32_t i = 0; i < size; ++i)
        v |= uint64_t(std::to_integer<uint8_t>(p[i])) << (8 * i);
    return v;
}

// Sign-extends the low `bytes` bytes of `v`.
int64_t signExtend(uint64_t v, uint32_t bytes)
{
    const uint32_t shift = 64 - 8 * bytes;
    return static_cast<int64_t>(v << shift) >> shift;
}

} // namespace

GgufValue GgufValue::fromUInt(GgufValueType type, uint64_t v)
{
    if (!isUnsigned(type))
        throw Error(std::string("GgufValue::fromUInt: ") + ggufValueTypeName(type) + " is not an unsigned type");
    const uint32_t size = ggufScalarSize(type);
    if (size < 8 && v >> (8 * size))
        throw Error("value " + std::to_string(v) + " does not fit in a " + ggufValueTypeName(type));
    GgufValue out;
    out.type_ = type;
    out.uint_ = v;
    return out;
}

GgufValue GgufValue::fromInt(GgufValueType type, int64_t v)
{
    if (!isSigned(type))
        throw Error(std::string("GgufValue::fromInt: ") + ggufValueTypeName(type) + " is not a signed type");
    const uint32_t size = ggufScalarSize(type);
    if (size < 8 && signExtend(static_cast<uint64_t>(v), size) != v)
        throw Error("value " + std::to_string(v) + " does not fit in a " + ggufValueTypeName(type));
    GgufValue out;
    out.type_ = type;
    out.int_ = v;
    return out;
}

GgufValue GgufValue::fromFloat(GgufValueType type, double v)
{
    if (!isFloat(type))
        throw Error(std::string("GgufValue::fromFloat: ") + ggufValueTypeName(type) + " is not a float type");
    GgufValue out;
    out.type_ = type;
    // Keep exactly what a float32 can hold, so reading back compares equal.
    out.float_ = type == GgufValueType::Float32 ? double(float(v)) : v;
    return out;
}

GgufValue GgufValue::fromBool(bool v)
{
    GgufValue out;
    out.type_ = GgufValueType::Bool;
    out.uint_ = v ? 1 : 0;
    return out;
}

GgufValue GgufValue::fromString(std::string v)
{
    GgufValue out;
    out.type_ = GgufValueType::String;
    out.string_ = std::move(v);
    return out;
}

GgufValue GgufValue::fromStringArray(std::vector<std::string> v)
{
    GgufValue out;
    out.type_ = GgufValueType::Array;
    out.elementType_ = GgufValueType::String;
    out.count_ = v.size();
    out.strings_ = std::move(v);
    return out;
}

GgufValue GgufValue::fromArray(GgufValueType elementType, std::vector<std::byte> packed)
{
    const uint32_t size = ggufScalarSize(elementType);
    if (size == 0)
        throw Error(std::string("GgufValue::fromArray: element type ") + ggufValueTypeName(elementType) +
                    " is not a scalar type");
    if (packed.size() % size != 0)
        throw Error("GgufValue::fromArray: " + std::to_string(packed.size()) + " bytes are not a whole number of " +
                    ggufValueTypeName(elementType) + " elements");
    GgufValue out;
    out.type_ = GgufValueType::Array;
    out.elementType_ = elementType;
    out.count_ = packed.size() / size;
    out.packed_ = std::move(packed);
    return out;
}

GgufValue GgufValue::fromFloatArray(std::span<const float> v)
{
    std::vector<std::byte> packed(v.size() * 4);
    if (!v.empty()) // little-endian host (asserted in parser.cpp)
        std::memcpy(packed.data(), v.data(), packed.size());
    return fromArray(GgufValueType::Float32, std::move(packed));
}

GgufValue GgufValue::fromInt32Array(std::span<const int32_t> v)
{
    std::vector<std::byte> packed(v.size() * 4);
    if (!v.empty())
        std::memcpy(packed.data(), v.data(), packed.size());
    return fromArray(GgufValueType::Int32, std::move(packed));
}

std::optional<int64_t> GgufValue::toInt() const
{
    if (isSigned(type_))
        return int_;
    if (isUnsigned(type_) && uint_ <= uint64_t(std::numeric_limits<int64_t>::max()))
        return static_cast<int64_t>(uint_);
    return std::nullopt;
}

std::optional<uint64_t> GgufValue::toUInt() const
{
    if (isUnsigned(type_))
        return uint_;
    if (isSigned(type_) && int_ >= 0)
        return static_cast<uint64_t>(int_);
    return std::nullopt;
}

std::optional<double> GgufValue::toFloat() const
{
    if (isFloat(type_))
        return float_;
    if (isSigned(type_))
        return double(int_);
    if (isUnsigned(type_))
        return double(uint_);
    return std::nullopt;
}

std::optional<bool> GgufValue::toBool() const
{
    if (type_ == GgufValueType::Bool)
        return uint_ != 0;
    return std::nullopt;
}

const std::string* GgufValue::string() const
{
    return type_ == GgufValueType::String ? &string_ : nullptr;
}

uint64_t GgufValue::arraySize() const
{
    return type_ == GgufValueType::Array ? count_ : 0;
}

const std::vector<std::string>* GgufValue::strings() const
{
    return type_ == GgufValueType::Array && elementType_ == GgufValueType::String ? &strings_ : nullptr;
}

std::optional<int64_t> GgufValue::intAt(uint64_t index) const
{
    if (type_ != GgufValueType::Array || index >= count_)
        return std::nullopt;
    const uint32_t size = ggufScalarSize(elementType_);
    const uint64_t raw = size ? loadLE(packed_.data() + index * size, size) : 0;
    if (isSigned(elementType_))
        return signExtend(raw, size);
    if (isUnsigned(elementType_) && raw <= uint64_t(std::numeric_limits<int64_t>::max()))
        return static_cast<int64_t>(raw);
    return std::nullopt;
}

std::optional<double> GgufValue::floatAt(uint64_t index) const
{
    if (type_ != GgufValueType::Array || index >= count_)
        return std::nullopt;
    const uint32_t size = ggufScalarSize(elementType_);
    const uint64_t raw = size ? loadLE(packed_.data() + index * size, size) : 0;
    if (elementType_ == GgufValueType::Float32)
        return double(std::bit_cast<float>(static_cast<uint32_t>(raw)));
    if (elementType_ == GgufValueType::Float64)
        return std::bit_cast<double>(raw);
    if (isSigned(elementType_))
        return double(signExtend(raw, size));
    if (isUnsigned(elementType_))
        return double(raw);
    return std::nullopt;
}

std::span<const std::byte> GgufValue::packedElements() const
{
    return packed_;
}

namespace {

std::string quoted(const std::string& s, size_t maxChars)
{
    std::string out = "\"";
    for (size_t i = 0; i < s.size() && i < maxChars; ++i) {
        const unsigned char c = static_cast<unsigned char>(s[i]);
        if (c == '"' || c == '\\')
            out += '\\';
        if (c < 0x20) {
            static const char* hex = "0123456789abcdef";
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        } else {
            out += static_cast<char>(c);
        }
    }
    if (s.size() > maxChars)
        out += "...";
    return out + "\"";
}

std::string formatFloat(double v)
{
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.9g", v);
    return buf;
}

} // namespace

std::string GgufValue::toDisplayString(size_t maxItems) const
{
    switch (type_) {
    case GgufValueType::String: return quoted(string_, 120);
    case GgufValueType::Bool: return uint_ ? "true" : "false";
    case GgufValueType::Float32:
    case GgufValueType::Float64: return formatFloat(float_);
    case GgufValueType::Array: {
        std::string out = "[";
        for (uint64_t i = 0; i < count_ && i < maxItems; ++i) {
            if (i)
                out += ", ";
            if (elementType_ == GgufValueType::String)
                out += quoted(strings_[i], 40);
            else if (elementType_ == GgufValueType::Bool)
                out += std::to_integer<uint8_t>(packed_[i]) ? "true" : "false";
            else if (isFloat(elementType_))
                out += formatFloat(floatAt(i).value_or(0));
            else if (auto v = intAt(i))
                out += std::to_string(*v);
            else
                out += std::to_string(loadLE(packed_.data() + i * 8, 8));
        }
        if (count_ > maxItems)
            out += ", ... (" + std::to_string(count_) + " items)";
        return out + "]";
    }
    default:
        return isSigned(type_) ? std::to_string(int_) : std::to_string(uint_);
    }
}

} // namespace hearth
