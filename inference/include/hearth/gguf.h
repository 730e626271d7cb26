#pragma once

// Reading and writing GGUF model files (format: reference notes §5).
//
// GgufFile maps a file (or all parts of a split model) read-only and checks
// every count, length, type id, shape and offset before anything is used, so
// a damaged or hostile file is rejected with a hearth::Error whose message
// names the file and what is wrong in it. Tensor data is never copied: it is
// handed out as spans into the mapping.

#include "hearth/tensor_types.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

enum class GgufValueType : uint32_t {
    UInt8 = 0, Int8, UInt16, Int16, UInt32, Int32, Float32, Bool, String, Array, UInt64, Int64, Float64
};

// "uint32", "string", "array", ... ("unknown" for an id out of range).
const char* ggufValueTypeName(GgufValueType type);
// Bytes one scalar of `type` takes in the file; 0 for String and Array.
uint32_t ggufScalarSize(GgufValueType type);

// One metadata value: a scalar, a string, or an array whose elements all have
// one scalar or string type (arrays of arrays are rejected when reading).
// Numeric arrays keep their packed little-endian bytes, as in the file.
class GgufValue {
public:
    static GgufValue fromUInt(GgufValueType type, uint64_t v); // UInt8/16/32/64; throws if v does not fit
    static GgufValue fromInt(GgufValueType type, int64_t v);   // Int8/16/32/64; throws if v does not fit
    static GgufValue fromFloat(GgufValueType type, double v);  // Float32/Float64
    static GgufValue fromBool(bool v);
    static GgufValue fromString(std::string v);
    static GgufValue fromStringArray(std::vector<std::string> v);
    // A numeric or bool array from packed little-endian elements of `elementType`.
    static GgufValue fromArray(GgufValueType elementType, std::vector<std::byte> packed);
    static GgufValue fromFloatArray(std::span<const float> v);
    static GgufValue fromInt32Array(std::span<const int32_t> v);

    GgufValueType type() const { return type_; }
    GgufValueType elementType() const { return elementType_; } // meaningful for arrays only
    bool isArray() const { return type_ == GgufValueType::Array; }
    bool isString() const { return type_ == GgufValueType::String; }

    // Scalars. Each returns nullopt when the value is not of a fitting kind:
    // toInt/toUInt accept every integer type whose value fits; toFloat also
    // accepts integers; toBool only Bool.
    std::optional<int64_t> toInt() const;
    std::optional<uint64_t> toUInt() const;
    std::optional<double> toFloat() const;
    std::optional<bool> toBool() const;
    const std::string* string() const; // nullptr unless a String

    // Arrays (size 0 and nullopt/nullptr for anything else).
    uint64_t arraySize() const;
    const std::vector<std::string>* strings() const;      // array of strings
    std::optional<int64_t> intAt(uint64_t index) const;   // integer array element (fitting int64)
    std::optional<double> floatAt(uint64_t index) const;  // numeric array element
    std::span<const std::byte> packedElements() const;    // numeric/bool array bytes

    // Short human-readable rendering; arrays show at most `maxItems` items.
    std::string toDisplayString(size_t maxItems = 8) const;

private:
    GgufValue() = default;
    GgufValueType type_ = GgufValueType::UInt8;
    GgufValueType elementType_ = GgufValueType::UInt8;
    uint64_t uint_ = 0; // unsigned integers and Bool
    int64_t int_ = 0;   // signed integers
    double float_ = 0;  // Float32 (exactly widened) and Float64
    std::string string_;
    std::vector<std::string> strings_;
    std::vector<std::byte> packed_;
    uint64_t count_ = 0;
};

struct GgufKeyValue {
    std::string key;
    GgufValue value;
};

struct GgufTensorInfo {
    std::string name;
    std::vector<uint64_t> dims; // ggml order: dims[0] is contiguous (the row length)
    GgmlType type = GgmlType::F32;
    uint64_t offset = 0;        // within its split's data section
    uint64_t nbytes = 0;
    uint32_t split = 0;         // which part of a split model holds the data
    uint64_t elements() const;
};

class GgufFile {
public:
    // Memory-maps and validates `path`. A part of a split model
    // (NAME-0000k-of-0000N.gguf with split.count = N) opens all N parts as
    // one model; a missing or inconsistent part is an error naming it.
    static GgufFile open(const std::filesystem::path& path);
    // Validates a GGUF image already in memory (one file, not a split part).
    // `bytes` must outlive the returned object and every span it hands out.
    static GgufFile openMemory(std::span<const std::byte> bytes, std::string name = "<memory>");

    uint32_t version() const;
    uint64_t fileSize() const; // bytes over all parts
    const std::filesystem::path& path() const;
    uint32_t alignment() const; // of the first part

    bool has(std::string_view key) const;
    const GgufValue* find(std::string_view key) const;
    // Typed getters: nullopt / empty when absent; hearth::Error when present
    // with a type that does not fit (the message names the key and types).
    std::optional<std::string> getString(std::string_view key) const;
    std::optional<int64_t> getInt(std::string_view key) const;   // any integer type
    std::optional<double> getFloat(std::string_view key) const;  // float32/64 and integers
    std::optional<bool> getBool(std::string_view key) const;
    std::vector<std::string> getStringArray(std::string_view key) const;
    std::vector<float> getFloatArray(std::string_view key) const; // any numeric array
    std::vector<int32_t> getIntArray(std::string_view key) const;  // integer arrays fitting int32
    std::vector<std::string> keys() const;                          // in file order
    const std::vector<GgufKeyValue>& metadata() const;              // in file order

    const std::vector<GgufTensorInfo>& tensors() const; // in file order, part by part
    const GgufTensorInfo* findTensor(std::string_view name) const;
    std::span<const std::byte> tensorData(const GgufTensorInfo& tensor) const; // into the mapping

    // Split models: number of parts, each part's path, and where a tensor's
    // bytes start inside its part's file (for reading it without the mapping).
    uint32_t splitCount() const;
    const std::filesystem::path& splitPath(uint32_t split) const;
    uint64_t fileOffset(const GgufTensorInfo& tensor) const;

    struct Impl; // implementation detail (src/gguf/file_impl.h)

private:
    explicit GgufFile(std::shared_ptr<const Impl> impl);
    std::shared_ptr<const Impl> impl_; // immutable, so copies share it safely
};

// Split-model file names, as llama.cpp's gguf-split writes them:
// "%s-%05d-of-%05d.gguf" with a 1-based part number.
struct GgufSplitName {
    std::string prefix; // everything before "-00001-of-00003.gguf"
    uint32_t part = 0;  // 1-based
    uint32_t count = 0;
};
std::optional<GgufSplitName> parseGgufSplitName(std::string_view fileName);
std::string ggufSplitFileName(std::string_view prefix, uint32_t part, uint32_t count);

// Builds a GGUF v3 file: metadata in insertion order (setting a key again
// replaces its value in place), tensors packed in insertion order at
// offsets aligned to general.alignment (32 when unset), as llama.cpp writes.
class GgufWriter {
public:
    void set(std::string key, GgufValue value);
    void setString(std::string key, std::string value);
    void setUInt16(std::string key, uint16_t value);
    void setUInt32(std::string key, uint32_t value);
    void setInt32(std::string key, int32_t value);
    void setFloat32(std::string key, float value);
    void setBool(std::string key, bool value);
    void setUInt64(std::string key, uint64_t value);
    void setStringArray(std::string key, std::vector<std::string> value);
    void setFloatArray(std::string key, std::vector<float> value);
    void setInt32Array(std::string key, std::vector<int32_t> value);
    bool remove(std::string_view key);

    // Copies every key of `file` that starts with `keyPrefix` ("" = all).
    void copyMetadataFrom(const GgufFile& file, std::string_view keyPrefix);

    // Throws hearth::Error at once for a bad name (empty, >= 64 bytes or a
    // duplicate), shape, type, or a data size that does not match the shape.
    void addTensor(std::string name, std::vector<uint64_t> dims, GgmlType type, std::vector<std::byte> data);

    // Writes atomically: a temporary file beside `path`, renamed over it
    // only once complete. Throws hearth::Error on failure (no file is left).
    void write(const std::filesystem::path& path) const;

private:
    struct Tensor {
        std::string name;
        std::vector<uint64_t> dims;
        GgmlType type;
        std::vector<std::byte> data;
    };
    std::vector<GgufKeyValue> metadata_;
    std::vector<Tensor> tensors_;
};

} // namespace hearth
