// GgufFile: opening (single file, split model, or memory image) and the
// read-only accessors over the validated metadata and tensor table.

#include "gguf/file_impl.h"

#include "hearth/error.h"

#include <algorithm>
#include <limits>

namespace hearth {

uint64_t GgufTensorInfo::elements() const
{
    uint64_t n = 1;
    for (uint64_t d : dims)
        n *= d;
    return n;
}

namespace {

using gguf::LoadedPart;

// Combines validated parts into the shared state; part 0 supplies the
// metadata, every part its tensors.
std::shared_ptr<const GgufFile::Impl> assemble(std::vector<LoadedPart> parts, std::string label)
{
    auto impl = std::make_shared<GgufFile::Impl>();
    impl->label = std::move(label);
    impl->version = parts[0].parsed.version;
    impl->alignment = parts[0].parsed.alignment;
    impl->metadata = std::move(parts[0].parsed.metadata);
    for (size_t i = 0; i < impl->metadata.size(); ++i)
        impl->keyIndex.emplace(impl->metadata[i].key, i);

    for (uint32_t split = 0; split < parts.size(); ++split) {
        LoadedPart& part = parts[split];
        for (GgufTensorInfo& t : part.parsed.tensors) {
            t.split = split;
            if (!impl->tensorIndex.emplace(t.name, impl->tensors.size()).second)
                throw Error(part.path.filename().string() + ": tensor '" + t.name +
                            "' also appears in an earlier part of this split model");
            impl->tensors.push_back(std::move(t));
        }
        impl->totalSize += part.bytes.size();
        impl->parts.push_back({std::move(part.path), std::move(part.mapping), part.bytes, part.parsed.dataStart});
    }
    return impl;
}

} // namespace

GgufFile::GgufFile(std::shared_ptr<const Impl> impl) : impl_(std::move(impl)) {}

GgufFile GgufFile::open(const std::filesystem::path& path)
{
    LoadedPart given;
    given.path = path;
    given.mapping = std::make_unique<gguf::MappedFile>(path);
    given.bytes = given.mapping->bytes();
    const std::string label = path.filename().string();
    given.parsed = gguf::parseGguf(given.bytes, label);

    const uint32_t count = gguf::splitCountOf(given.parsed, label);
    std::vector<LoadedPart> parts;
    if (count <= 1)
        parts.push_back(std::move(given));
    else
        parts = gguf::loadSplitParts(std::move(given), count);
    std::string firstLabel = parts[0].path.filename().string();
    return GgufFile(assemble(std::move(parts), std::move(firstLabel)));
}

GgufFile GgufFile::openMemory(std::span<const std::byte> bytes, std::string name)
{
    LoadedPart part;
    part.path = name;
    part.bytes = bytes;
    part.parsed = gguf::parseGguf(bytes, name);
    if (gguf::splitCountOf(part.parsed, name) > 1)
        throw Error(name + ": this is one part of a split model; open it from disk so the other parts can be found");
    std::vector<LoadedPart> parts;
    parts.push_back(std::move(part));
    return GgufFile(assemble(std::move(parts), std::move(name)));
}

uint32_t GgufFile::version() const { return impl_->version; }
uint64_t GgufFile::fileSize() const { return impl_->totalSize; }
const std::filesystem::path& GgufFile::path() const { return impl_->parts[0].path; }
uint32_t GgufFile::alignment() const { return impl_->alignment; }

bool GgufFile::has(std::string_view key) const
{
    return impl_->keyIndex.find(key) != impl_->keyIndex.end();
}

const GgufValue* GgufFile::find(std::string_view key) const
{
    const auto it = impl_->keyIndex.find(key);
    return it == impl_->keyIndex.end() ? nullptr : &impl_->metadata[it->second].value;
}

namespace {

[[noreturn]] void wrongType(const std::string& label, std::string_view key, const GgufValue& v, const char* expected)
{
    std::string actual = ggufValueTypeName(v.type());
    if (v.isArray())
        actual = std::string("array of ") + ggufValueTypeName(v.elementType());
    throw Error(label + ": metadata key '" + std::string(key) + "' is " + actual + " " + v.toDisplayString(3) +
                ", expected " + expected);
}

} // namespace

std::optional<std::string> GgufFile::getString(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return std::nullopt;
    if (!v->string())
        wrongType(impl_->label, key, *v, "a string");
    return *v->string();
}

std::optional<int64_t> GgufFile::getInt(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return std::nullopt;
    const auto i = v->toInt();
    if (!i)
        wrongType(impl_->label, key, *v, "an integer (fitting in 64-bit signed)");
    return i;
}

std::optional<double> GgufFile::getFloat(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return std::nullopt;
    const auto f = v->toFloat();
    if (!f)
        wrongType(impl_->label, key, *v, "a number");
    return f;
}

std::optional<bool> GgufFile::getBool(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return std::nullopt;
    const auto b = v->toBool();
    if (!b)
        wrongType(impl_->label, key, *v, "a bool");
    return b;
}

std::vector<std::string> GgufFile::getStringArray(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return {};
    if (!v->strings())
        wrongType(impl_->label, key, *v, "an array of strings");
    return *v->strings();
}

std::vector<float> GgufFile::getFloatArray(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return {};
    const GgufValueType e = v->elementType();
    if (!v->isArray() || e == GgufValueType::String || e == GgufValueType::Bool)
        wrongType(impl_->label, key, *v, "an array of numbers");
    std::vector<float> out;
    out.reserve(v->arraySize());
    for (uint64_t i = 0; i < v->arraySize(); ++i)
        out.push_back(float(v->floatAt(i).value_or(0.0)));
    return out;
}

std::vector<int32_t> GgufFile::getIntArray(std::string_view key) const
{
    const GgufValue* v = find(key);
    if (!v)
        return {};
    const GgufValueType e = v->elementType();
    if (!v->isArray() || e == GgufValueType::String || e == GgufValueType::Bool || e == GgufValueType::Float32 ||
        e == GgufValueType::Float64)
        wrongType(impl_->label, key, *v, "an array of integers");
    std::vector<int32_t> out;
    out.reserve(v->arraySize());
    for (uint64_t i = 0; i < v->arraySize(); ++i) {
        const auto x = v->intAt(i);
        if (!x || *x < std::numeric_limits<int32_t>::min() || *x > std::numeric_limits<int32_t>::max())
            throw Error(impl_->label + ": metadata key '" + std::string(key) + "' element " + std::to_string(i) +
                        " does not fit in a 32-bit integer");
        out.push_back(int32_t(*x));
    }
    return out;
}

std::vector<std::string> GgufFile::keys() const
{
    std::vector<std::string> out;
    out.reserve(impl_->metadata.size());
    for (const GgufKeyValue& kv : impl_->metadata)
        out.push_back(kv.key);
    return out;
}

const std::vector<GgufKeyValue>& GgufFile::metadata() const { return impl_->metadata; }
const std::vector<GgufTensorInfo>& GgufFile::tensors() const { return impl_->tensors; }

const GgufTensorInfo* GgufFile::findTensor(std::string_view name) const
{
    const auto it = impl_->tensorIndex.find(name);
    return it == impl_->tensorIndex.end() ? nullptr : &impl_->tensors[it->second];
}

std::span<const std::byte> GgufFile::tensorData(const GgufTensorInfo& tensor) const
{
    // The table was validated, but `tensor` may be a caller's own copy.
    if (tensor.split < impl_->parts.size()) {
        const Impl::Part& part = impl_->parts[tensor.split];
        const uint64_t dataSize = part.bytes.size() - std::min<uint64_t>(part.dataStart, part.bytes.size());
        if (tensor.offset <= dataSize && tensor.nbytes <= dataSize - tensor.offset)
            return part.bytes.subspan(part.dataStart + tensor.offset, tensor.nbytes);
    }
    throw Error(impl_->label + ": tensor '" + tensor.name + "' (split " + std::to_string(tensor.split) + ", offset " +
                std::to_string(tensor.offset) + ", " + std::to_string(tensor.nbytes) +
                " bytes) does not lie inside this model's data");
}

uint32_t GgufFile::splitCount() const { return uint32_t(impl_->parts.size()); }

const std::filesystem::path& GgufFile::splitPath(uint32_t split) const
{
    if (split >= impl_->parts.size())
        throw Error(impl_->label + ": there is no split part " + std::to_string(split));
    return impl_->parts[split].path;
}

uint64_t GgufFile::fileOffset(const GgufTensorInfo& tensor) const
{
    const auto data = tensorData(tensor); // validates
    return uint64_t(data.data() - impl_->parts[tensor.split].bytes.data());
}

} // namespace hearth
