// Dequantisation of the plain float types and the 32-weight block types
// (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q8_1, IQ4_NL, MXFP4).
//
// In the 4/5-bit types a byte holds two weights: its low nibble is weight j
// and its high nibble weight j+16 of the same block (not j+1).

#include "quant/blocks.h"

#include <cmath>
#include <cstring>

namespace hearth::quant {

void dequantF32(const uint8_t* src, float* dst, uint64_t blocks)
{
    std::memcpy(dst, src, blocks * sizeof(float));
}

void dequantF16(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t i = 0; i < blocks; ++i)
        dst[i] = loadHalf(src + 2 * i);
}

void dequantBF16(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t i = 0; i < blocks; ++i)
        dst[i] = bf16ToFloat(loadU16(src + 2 * i));
}

// Q4_0 {f16 d; u8 qs[16]}: y = (q - 8) * d.
void dequantQ4_0(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 18, dst += kQK) {
        const float d = loadHalf(src);
        const uint8_t* qs = src + 2;
        for (int j = 0; j < 16; ++j) {
            dst[j] = float((qs[j] & 0xF) - 8) * d;
            dst[j + 16] = float((qs[j] >> 4) - 8) * d;
        }
    }
}

// Q4_1 {f16 d; f16 m; u8 qs[16]}: y = q * d + m.
void dequantQ4_1(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 20, dst += kQK) {
        const float d = loadHalf(src);
        const float m = loadHalf(src + 2);
        const uint8_t* qs = src + 4;
        for (int j = 0; j < 16; ++j) {
            dst[j] = float(qs[j] & 0xF) * d + m;
            dst[j + 16] = float(qs[j] >> 4) * d + m;
        }
    }
}

// 5-bit codes: bit j of the little-endian u32 `qh` is the fifth bit of
// weight j (j = 0..31).
static inline int fiveBit(uint8_t nibble, uint32_t qh, int j)
{
    return nibble | int(((qh >> j) & 1) << 4);
}

// Q5_0 {f16 d; u8 qh[4]; u8 qs[16]}: y = (q - 16) * d.
void dequantQ5_0(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 22, dst += kQK) {
        const float d = loadHalf(src);
        const uint32_t qh = loadU32(src + 2);
        const uint8_t* qs = src + 6;
        for (int j = 0; j < 16; ++j) {
            dst[j] = float(fiveBit(qs[j] & 0xF, qh, j) - 16) * d;
            dst[j + 16] = float(fiveBit(qs[j] >> 4, qh, j + 16) - 16) * d;
        }
    }
}

// Q5_1 {f16 d; f16 m; u8 qh[4]; u8 qs[16]}: y = q * d + m.
void dequantQ5_1(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 24, dst += kQK) {
        const float d = loadHalf(src);
        const float m = loadHalf(src + 2);
        const uint32_t qh = loadU32(src + 4);
        const uint8_t* qs = src + 8;
        for (int j = 0; j < 16; ++j) {
            dst[j] = float(fiveBit(qs[j] & 0xF, qh, j)) * d + m;
            dst[j + 16] = float(fiveBit(qs[j] >> 4, qh, j + 16)) * d + m;
        }
    }
}

// Q8_0 {f16 d; i8 qs[32]}: y = q * d.
void dequantQ8_0(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 34, dst += kQK) {
        const float d = loadHalf(src);
        for (uint32_t j = 0; j < kQK; ++j)
            dst[j] = float(int8_t(src[2 + j])) * d;
    }
}

// Q8_1 {f16 d; f16 s (= d * sum q, only used by dot products); i8 qs[32]}.
void dequantQ8_1(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 36, dst += kQK) {
        const float d = loadHalf(src);
        for (uint32_t j = 0; j < kQK; ++j)
            dst[j] = float(int8_t(src[4 + j])) * d;
    }
}

// IQ4_NL {f16 d; u8 qs[16]}: y = d * codebook[q].
void dequantIQ4_NL(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 18, dst += kQK) {
        const float d = loadHalf(src);
        const uint8_t* qs = src + 2;
        for (int j = 0; j < 16; ++j) {
            dst[j] = d * float(kIq4nlValues[qs[j] & 0xF]);
            dst[j + 16] = d * float(kIq4nlValues[qs[j] >> 4]);
        }
    }
}

// MXFP4 {u8 e (E8M0 shared exponent); u8 qs[16]}: y = 2^(e-128) * fp4x2[q].
// (The table holds fp4 values doubled, hence 2^(e-128) rather than 2^(e-127).)
void dequantMXFP4(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 17, dst += kQK) {
        const float d = std::ldexp(1.0f, int(src[0]) - 128);
        const uint8_t* qs = src + 1;
        for (int j = 0; j < 16; ++j) {
            dst[j] = d * float(kMxfp4Values[qs[j] & 0xF]);
            dst[j + 16] = d * float(kMxfp4Values[qs[j] >> 4]);
        }
    }
}

} // namespace hearth::quant
