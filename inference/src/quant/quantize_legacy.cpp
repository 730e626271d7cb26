// Quantisation to the plain float types and the 32-weight block types
// (Q4_0, Q4_1, Q5_0, Q5_1, Q8_0). Layouts: see dequant_legacy.cpp.

#include "quant/blocks.h"
#include "quant/fit.h"

#include <cstring>

namespace hearth::quant {

void quantF32(const float* src, uint8_t* dst, uint64_t blocks)
{
    std::memcpy(dst, src, blocks * sizeof(float));
}

void quantF16(const float* src, uint8_t* dst, uint64_t blocks)
{
    for (uint64_t i = 0; i < blocks; ++i)
        storeU16(dst + 2 * i, floatToHalf(src[i]));
}

void quantBF16(const float* src, uint8_t* dst, uint64_t blocks)
{
    for (uint64_t i = 0; i < blocks; ++i)
        storeU16(dst + 2 * i, floatToBf16(src[i]));
}

namespace {

// Codes for one 32-weight block: x ≈ d * q + m, q clamped to [lo, hi].
void blockCodes(const float* x, float d, float m, int lo, int hi, int* q)
{
    const float inv = d != 0.0f ? 1.0f / d : 0.0f;
    for (uint32_t j = 0; j < kQK; ++j)
        q[j] = roundClamp((x[j] - m) * inv, lo, hi);
}

// Packs 32 codes (0..15 after biasing) two per byte: j low, j+16 high.
void packNibbles(const int* q, uint8_t* qs)
{
    for (int j = 0; j < 16; ++j)
        qs[j] = uint8_t((q[j] & 0xF) | ((q[j + 16] & 0xF) << 4));
}

// Fifth bits of 32 five-bit codes as a little-endian u32 (bit j = code j).
void packHighBits(const int* q, uint8_t* qh)
{
    uint32_t bits = 0;
    for (uint32_t j = 0; j < kQK; ++j)
        bits |= uint32_t((q[j] >> 4) & 1) << j;
    storeU32(qh, bits);
}

} // namespace

void quantQ4_0(const float* src, uint8_t* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += kQK, dst += 18) {
        const float d = fitSymmetric(src, kQK, -8, 7, true);
        int q[kQK];
        blockCodes(src, d, 0.0f, -8, 7, q);
        for (int& v : q)
            v += 8;
        storeHalf(dst, d);
        packNibbles(q, dst + 2);
    }
}

void quantQ4_1(const float* src, uint8_t* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += kQK, dst += 20) {
        const AffineFit fit = fitAffine(src, kQK, 15, false, true);
        int q[kQK];
        blockCodes(src, fit.d, fit.m, 0, 15, q);
        storeHalf(dst, fit.d);
        storeHalf(dst + 2, fit.m);
        packNibbles(q, dst + 4);
    }
}

void quantQ5_0(const float* src, uint8_t* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += kQK, dst += 22) {
        const float d = fitSymmetric(src, kQK, -16, 15, true);
        int q[kQK];
        blockCodes(src, d, 0.0f, -16, 15, q);
        for (int& v : q)
            v += 16;
        storeHalf(dst, d);
        packHighBits(q, dst + 2);
        packNibbles(q, dst + 6);
    }
}

void quantQ5_1(const float* src, uint8_t* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += kQK, dst += 24) {
        const AffineFit fit = fitAffine(src, kQK, 31, false, true);
        int q[kQK];
        blockCodes(src, fit.d, fit.m, 0, 31, q);
        storeHalf(dst, fit.d);
        storeHalf(dst + 2, fit.m);
        packHighBits(q, dst + 4);
        packNibbles(q, dst + 8);
    }
}

void quantQ8_0(const float* src, uint8_t* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += kQK, dst += 34) {
        // Symmetric ±127: -128 is left unused, as consumers of Q8_0 expect.
        const float d = fitSymmetric(src, kQK, -127, 127, true);
        int q[kQK];
        blockCodes(src, d, 0.0f, -127, 127, q);
        storeHalf(dst, d);
        for (uint32_t j = 0; j < kQK; ++j)
            dst[2 + j] = uint8_t(int8_t(q[j]));
    }
}

} // namespace hearth::quant
