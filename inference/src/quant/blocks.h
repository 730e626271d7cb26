#pragma once

// Private to src/quant: byte layouts of the ggml block formats and the
// per-type kernels that convert whole blocks. Offsets are spelled out as
// constants instead of packed structs so that no code depends on compiler
// struct layout or alignment (the data comes straight from an mmap and may
// sit at any address).

#include "hearth/tensor_types.h"

#include <cstddef>
#include <cstdint>

namespace hearth::quant {

inline constexpr uint32_t kQK = 32;   // weights per block of the "legacy" types
inline constexpr uint32_t kQK_K = 256; // weights per super-block of the K types

// Little-endian reads/writes at arbitrary (unaligned) addresses.
inline uint16_t loadU16(const uint8_t* p) { return uint16_t(p[0] | (p[1] << 8)); }
inline uint32_t loadU32(const uint8_t* p)
{
    return uint32_t(p[0]) | (uint32_t(p[1]) << 8) | (uint32_t(p[2]) << 16) | (uint32_t(p[3]) << 24);
}
inline float loadHalf(const uint8_t* p) { return halfToFloat(loadU16(p)); }
inline void storeU16(uint8_t* p, uint16_t v)
{
    p[0] = uint8_t(v);
    p[1] = uint8_t(v >> 8);
}
inline void storeU32(uint8_t* p, uint32_t v)
{
    for (int i = 0; i < 4; ++i)
        p[i] = uint8_t(v >> (8 * i));
}
inline void storeHalf(uint8_t* p, float v) { storeU16(p, floatToHalf(v)); }

// The 16 signed levels of IQ4_NL / IQ4_XS (a non-uniform 4-bit code book).
inline constexpr int8_t kIq4nlValues[16] = {-127, -104, -83, -65, -49, -35, -22, -10,
                                            1,    13,   25,  38,  53,  69,  89,  113};
// E2M1 (fp4) magnitudes times two, indexed by the 4-bit code (sign in bit 3).
inline constexpr int8_t kMxfp4Values[16] = {0, 1, 2, 3, 4, 6, 8, 12, 0, -1, -2, -3, -4, -6, -8, -12};

// Kernels: `blocks` whole blocks from `src` to `dst` (or back).
using DequantFn = void (*)(const uint8_t* src, float* dst, uint64_t blocks);
using QuantFn = void (*)(const float* src, uint8_t* dst, uint64_t blocks);

void dequantF32(const uint8_t*, float*, uint64_t);
void dequantF16(const uint8_t*, float*, uint64_t);
void dequantBF16(const uint8_t*, float*, uint64_t);
void dequantQ4_0(const uint8_t*, float*, uint64_t);
void dequantQ4_1(const uint8_t*, float*, uint64_t);
void dequantQ5_0(const uint8_t*, float*, uint64_t);
void dequantQ5_1(const uint8_t*, float*, uint64_t);
void dequantQ8_0(const uint8_t*, float*, uint64_t);
void dequantQ8_1(const uint8_t*, float*, uint64_t);
void dequantIQ4_NL(const uint8_t*, float*, uint64_t);
void dequantMXFP4(const uint8_t*, float*, uint64_t);
void dequantQ2_K(const uint8_t*, float*, uint64_t);
void dequantQ3_K(const uint8_t*, float*, uint64_t);
void dequantQ4_K(const uint8_t*, float*, uint64_t);
void dequantQ5_K(const uint8_t*, float*, uint64_t);
void dequantQ6_K(const uint8_t*, float*, uint64_t);
void dequantQ8_K(const uint8_t*, float*, uint64_t);
void dequantIQ4_XS(const uint8_t*, float*, uint64_t);

void quantF32(const float*, uint8_t*, uint64_t);
void quantF16(const float*, uint8_t*, uint64_t);
void quantBF16(const float*, uint8_t*, uint64_t);
void quantQ4_0(const float*, uint8_t*, uint64_t);
void quantQ4_1(const float*, uint8_t*, uint64_t);
void quantQ5_0(const float*, uint8_t*, uint64_t);
void quantQ5_1(const float*, uint8_t*, uint64_t);
void quantQ8_0(const float*, uint8_t*, uint64_t);
void quantQ4_K(const float*, uint8_t*, uint64_t);
void quantQ5_K(const float*, uint8_t*, uint64_t);
void quantQ6_K(const float*, uint8_t*, uint64_t);

// The kernels for a type, or nullptr where it has none.
DequantFn dequantKernel(GgmlType type);
QuantFn quantKernel(GgmlType type);

} // namespace hearth::quant
