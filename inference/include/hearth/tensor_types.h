#pragma once

// ggml tensor element types as stored in GGUF files: their block geometry,
// and conversion between their blocks and plain f32.
//
// A "block" is the unit a quantised type is stored in: `blockSize` weights
// packed into `bytesPerBlock` bytes. Every row length must be a multiple of
// the block size. All multi-byte fields are little-endian, as in the file.

#include <cstdint>
#include <optional>
#include <string_view>

namespace hearth {

// Ids are ggml's (ggml.h `enum ggml_type`); gaps are ids ggml has removed.
enum class GgmlType : uint32_t {
    F32 = 0, F16 = 1, Q4_0 = 2, Q4_1 = 3, Q5_0 = 6, Q5_1 = 7, Q8_0 = 8, Q8_1 = 9,
    Q2_K = 10, Q3_K = 11, Q4_K = 12, Q5_K = 13, Q6_K = 14, Q8_K = 15,
    IQ2_XXS = 16, IQ2_XS = 17, IQ3_XXS = 18, IQ1_S = 19, IQ4_NL = 20, IQ3_S = 21,
    IQ2_S = 22, IQ4_XS = 23, I8 = 24, I16 = 25, I32 = 26, I64 = 27, F64 = 28,
    IQ1_M = 29, BF16 = 30, TQ1_0 = 34, TQ2_0 = 35, MXFP4 = 39
};

struct TypeTraits {
    const char* name;       // upper-case label, e.g. "Q4_K"
    uint32_t blockSize;     // weights per block
    uint32_t bytesPerBlock; // bytes per block
    bool canDequantize;     // dequantize() supports it
    bool canQuantize;       // quantize() supports it
};

// Traits of a known type; nullptr for an id ggml never had or has removed.
const TypeTraits* typeTraits(GgmlType type);

// Case-insensitive lookup by label ("Q4_K", "q8_0", "bf16").
std::optional<GgmlType> typeFromName(std::string_view name);

// Label of `type`, or "unknown" for an id that is not in the table.
const char* typeName(GgmlType type);

// Bytes taken by `elements` consecutive weights. Throws hearth::Error for an
// unknown type, a count that is not a multiple of the block size, or overflow.
uint64_t rowBytes(GgmlType type, uint64_t elements);

// Decodes `elements` weights (a multiple of the block size) from `src` into
// `dst`. Throws hearth::Error if the type cannot be dequantised.
void dequantize(GgmlType type, const void* src, float* dst, uint64_t elements);

// Encodes `elements` weights (a multiple of the block size) into `dst`, which
// must hold rowBytes(type, elements). Quantised types round to nearest with a
// small search over the block scale. Throws hearth::Error if unsupported.
void quantize(GgmlType type, const float* src, void* dst, uint64_t elements);

// IEEE 754 binary16 and bfloat16 conversions; float -> half/bf16 rounds to
// nearest even and keeps NaN a NaN.
float halfToFloat(uint16_t h);
uint16_t floatToHalf(float f);
float bf16ToFloat(uint16_t h);
uint16_t floatToBf16(float f);

} // namespace hearth
