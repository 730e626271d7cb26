// The table of ggml types (block geometry and which conversions exist), and
// the checked entry points dequantize() / quantize() that dispatch into it.

#include "quant/blocks.h"

#include "hearth/error.h"

#include <array>
#include <cctype>
#include <limits>
#include <string>

namespace hearth {
namespace {

using namespace quant;

struct Entry {
    GgmlType id;
    TypeTraits traits;
    DequantFn dequant;
    QuantFn quant;
};

// The can* flags are derived from the kernels so that they can never
// disagree with what dequantize()/quantize() actually do.
constexpr Entry entry(GgmlType id, const char* name, uint32_t block, uint32_t bytes,
                      DequantFn dq = nullptr, QuantFn q = nullptr)
{
    return Entry{id, TypeTraits{name, block, bytes, dq != nullptr, q != nullptr}, dq, q};
}

// Sizes from ggml.c `type_traits` (see reference notes §5.1).
const std::array kTypes = {
    entry(GgmlType::F32, "F32", 1, 4, dequantF32, quantF32),
    entry(GgmlType::F16, "F16", 1, 2, dequantF16, quantF16),
    entry(GgmlType::Q4_0, "Q4_0", 32, 18, dequantQ4_0, quantQ4_0),
    entry(GgmlType::Q4_1, "Q4_1", 32, 20, dequantQ4_1, quantQ4_1),
    entry(GgmlType::Q5_0, "Q5_0", 32, 22, dequantQ5_0, quantQ5_0),
    entry(GgmlType::Q5_1, "Q5_1", 32, 24, dequantQ5_1, quantQ5_1),
    entry(GgmlType::Q8_0, "Q8_0", 32, 34, dequantQ8_0, quantQ8_0),
    entry(GgmlType::Q8_1, "Q8_1", 32, 36, dequantQ8_1),
    entry(GgmlType::Q2_K, "Q2_K", 256, 84, dequantQ2_K),
    entry(GgmlType::Q3_K, "Q3_K", 256, 110, dequantQ3_K),
    entry(GgmlType::Q4_K, "Q4_K", 256, 144, dequantQ4_K, quantQ4_K),
    entry(GgmlType::Q5_K, "Q5_K", 256, 176, dequantQ5_K, quantQ5_K),
    entry(GgmlType::Q6_K, "Q6_K", 256, 210, dequantQ6_K, quantQ6_K),
    entry(GgmlType::Q8_K, "Q8_K", 256, 292, dequantQ8_K),
    entry(GgmlType::IQ2_XXS, "IQ2_XXS", 256, 66),
    entry(GgmlType::IQ2_XS, "IQ2_XS", 256, 74),
    entry(GgmlType::IQ3_XXS, "IQ3_XXS", 256, 98),
    entry(GgmlType::IQ1_S, "IQ1_S", 256, 50),
    entry(GgmlType::IQ4_NL, "IQ4_NL", 32, 18, dequantIQ4_NL),
    entry(GgmlType::IQ3_S, "IQ3_S", 256, 110),
    entry(GgmlType::IQ2_S, "IQ2_S", 256, 82),
    entry(GgmlType::IQ4_XS, "IQ4_XS", 256, 136, dequantIQ4_XS),
    entry(GgmlType::I8, "I8", 1, 1),
    entry(GgmlType::I16, "I16", 1, 2),
    entry(GgmlType::I32, "I32", 1, 4),
    entry(GgmlType::I64, "I64", 1, 8),
    entry(GgmlType::F64, "F64", 1, 8),
    entry(GgmlType::IQ1_M, "IQ1_M", 256, 56),
    entry(GgmlType::BF16, "BF16", 1, 2, dequantBF16, quantBF16),
    entry(GgmlType::TQ1_0, "TQ1_0", 256, 54),
    entry(GgmlType::TQ2_0, "TQ2_0", 256, 66),
    entry(GgmlType::MXFP4, "MXFP4", 32, 17, dequantMXFP4),
};

const Entry* findEntry(GgmlType type)
{
    for (const Entry& e : kTypes)
        if (e.id == type)
            return &e;
    return nullptr;
}

const Entry& requireEntry(GgmlType type, const char* what)
{
    const Entry* e = findEntry(type);
    if (!e)
        throw Error(std::string("cannot ") + what + " tensor type id " +
                    std::to_string(static_cast<uint32_t>(type)) + ": it is not a known ggml type");
    return *e;
}

// Validates the element count and returns the number of whole blocks.
uint64_t blockCount(const Entry& e, uint64_t elements, const char* what)
{
    if (elements % e.traits.blockSize != 0)
        throw Error(std::string("cannot ") + what + " " + std::to_string(elements) + " " +
                    e.traits.name + " weights: the count must be a multiple of the block size " +
                    std::to_string(e.traits.blockSize));
    return elements / e.traits.blockSize;
}

} // namespace

const TypeTraits* typeTraits(GgmlType type)
{
    const Entry* e = findEntry(type);
    return e ? &e->traits : nullptr;
}

std::optional<GgmlType> typeFromName(std::string_view name)
{
    for (const Entry& e : kTypes) {
        const std::string_view label = e.traits.name;
        if (label.size() != name.size())
            continue;
        bool same = true;
        for (size_t i = 0; i < label.size() && same; ++i)
            same = std::toupper(static_cast<unsigned char>(name[i])) == label[i];
        if (same)
            return e.id;
    }
    return std::nullopt;
}

const char* typeName(GgmlType type)
{
    const Entry* e = findEntry(type);
    return e ? e->traits.name : "unknown";
}

uint64_t rowBytes(GgmlType type, uint64_t elements)
{
    const Entry& e = requireEntry(type, "size");
    const uint64_t blocks = blockCount(e, elements, "store");
    if (blocks > std::numeric_limits<uint64_t>::max() / e.traits.bytesPerBlock)
        throw Error("tensor of " + std::to_string(elements) + " " + e.traits.name +
                    " weights is too large to address");
    return blocks * e.traits.bytesPerBlock;
}

void dequantize(GgmlType type, const void* src, float* dst, uint64_t elements)
{
    const Entry& e = requireEntry(type, "dequantize");
    if (!e.dequant)
        throw Error(std::string("dequantizing ") + e.traits.name + " tensors is not supported");
    const uint64_t blocks = blockCount(e, elements, "dequantize");
    e.dequant(static_cast<const uint8_t*>(src), dst, blocks);
}

void quantize(GgmlType type, const float* src, void* dst, uint64_t elements)
{
    const Entry& e = requireEntry(type, "quantize");
    if (!e.quant)
        throw Error(std::string("quantizing to ") + e.traits.name + " is not supported");
    const uint64_t blocks = blockCount(e, elements, "quantize");
    e.quant(src, static_cast<uint8_t*>(dst), blocks);
}

namespace quant {
DequantFn dequantKernel(GgmlType type)
{
    const Entry* e = findEntry(type);
    return e ? e->dequant : nullptr;
}
QuantFn quantKernel(GgmlType type)
{
    const Entry* e = findEntry(type);
    return e ? e->quant : nullptr;
}
} // namespace quant

} // namespace hearth
