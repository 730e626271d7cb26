// Dequantisation of the 256-weight super-block types: Q2_K..Q6_K, Q8_K and
// IQ4_XS. Each super-block splits into sub-blocks with their own small
// integer scale (and for some types a min), multiplied by the f16 super-block
// scales `d` / `dmin`.

#include "quant/blocks.h"

#include <bit>

namespace hearth::quant {

// Q2_K {u8 scales[16]; u8 qs[64]; f16 d; f16 dmin}. Sixteen sub-blocks of 16
// weights; scales[i] = (min << 4) | scale. Weight e = 128n + 32j + l (half n,
// shift group j, l < 32) is bits 2j..2j+1 of qs[32n + l], sub-block e / 16.
void dequantQ2_K(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 84, dst += kQK_K) {
        const uint8_t* scales = src;
        const float d = loadHalf(src + 80);
        const float dmin = loadHalf(src + 82);
        for (uint32_t e = 0; e < kQK_K; ++e) {
            const uint32_t n = e / 128, j = (e % 128) / 32, l = e % 32;
            const int q = (src[16 + 32 * n + l] >> (2 * j)) & 3;
            const uint8_t sc = scales[e / 16];
            dst[e] = d * float(sc & 0xF) * float(q) - dmin * float(sc >> 4);
        }
    }
}

// Q3_K {u8 hmask[32]; u8 qs[64]; u8 scales[12]; f16 d}. Sixteen sub-blocks of
// 16 with 6-bit scales biased by 32. Weight e = 128n + 32j + l takes its low
// two bits like Q2_K and its third bit from hmask[l] bit 4n + j; a clear
// third bit means "subtract 4" (so codes run -4..3).
static int q3kScale(const uint8_t* s, uint32_t i)
{
    // Low nibble: scales[0..7] low nibbles for i < 8, their high nibbles
    // for i >= 8. High two bits: scales[8 + i % 4], bit pair i / 4.
    const int low = i < 8 ? (s[i] & 0xF) : (s[i - 8] >> 4);
    const int high = (s[8 + i % 4] >> (2 * (i / 4))) & 3;
    return (low | (high << 4)) - 32;
}

void dequantQ3_K(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 110, dst += kQK_K) {
        const uint8_t* hmask = src;
        const uint8_t* qs = src + 32;
        const uint8_t* scales = src + 96;
        const float d = loadHalf(src + 108);
        for (uint32_t e = 0; e < kQK_K; ++e) {
            const uint32_t n = e / 128, j = (e % 128) / 32, l = e % 32;
            const int low = (qs[32 * n + l] >> (2 * j)) & 3;
            const bool high = (hmask[l] >> (4 * n + j)) & 1;
            dst[e] = d * float(q3kScale(scales, e / 16)) * float(low - (high ? 0 : 4));
        }
    }
}

// Q4_K / Q5_K pack eight 6-bit (scale, min) pairs into 12 bytes: pairs 0..3
// sit in the low six bits of bytes 0..3 / 4..7; pairs 4..7 keep their low
// nibbles in bytes 8..11 and their top two bits in the spare top bits of
// bytes 0..7.
static void kScaleMin(const uint8_t* s, uint32_t j, int& scale, int& min)
{
    if (j < 4) {
        scale = s[j] & 63;
        min = s[j + 4] & 63;
    } else {
        scale = (s[j + 4] & 0xF) | ((s[j - 4] >> 6) << 4);
        min = (s[j + 4] >> 4) | ((s[j] >> 6) << 4);
    }
}

// Q4_K {f16 d; f16 dmin; u8 scales[12]; u8 qs[128]}. Eight sub-blocks of 32:
// sub-blocks 2g and 2g+1 are the low and high nibbles of qs[32g .. 32g+31].
void dequantQ4_K(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 144, dst += kQK_K) {
        const float d = loadHalf(src);
        const float dmin = loadHalf(src + 2);
        const uint8_t* qs = src + 16;
        for (uint32_t sub = 0; sub < 8; ++sub) {
            int sc, mn;
            kScaleMin(src + 4, sub, sc, mn);
            const float scale = d * float(sc), min = dmin * float(mn);
            const uint8_t* q = qs + 32 * (sub / 2);
            const int shift = 4 * (sub % 2);
            for (int l = 0; l < 32; ++l)
                dst[32 * sub + l] = scale * float((q[l] >> shift) & 0xF) - min;
        }
    }
}

// Q5_K {f16 d; f16 dmin; u8 scales[12]; u8 qh[32]; u8 qs[128]}: Q4_K plus a
// fifth bit for weight l of sub-block s in qh[l] bit s.
void dequantQ5_K(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 176, dst += kQK_K) {
        const float d = loadHalf(src);
        const float dmin = loadHalf(src + 2);
        const uint8_t* qh = src + 16;
        const uint8_t* qs = src + 48;
        for (uint32_t sub = 0; sub < 8; ++sub) {
            int sc, mn;
            kScaleMin(src + 4, sub, sc, mn);
            const float scale = d * float(sc), min = dmin * float(mn);
            const uint8_t* q = qs + 32 * (sub / 2);
            const int shift = 4 * (sub % 2);
            for (int l = 0; l < 32; ++l) {
                const int v = ((q[l] >> shift) & 0xF) | (((qh[l] >> sub) & 1) << 4);
                dst[32 * sub + l] = scale * float(v) - min;
            }
        }
    }
}

// Q6_K {u8 ql[128]; u8 qh[64]; i8 scales[16]; f16 d}. Sixteen sub-blocks of
// 16 (sub-block e / 16), codes 0..63 biased by 32. For weight
// e = 128n + 32k + l: its low nibble is in ql[64n + l + 32 (k odd)], low
// half for k < 2, high half for k >= 2; its top two bits are qh[32n + l]
// bits 2k..2k+1.
void dequantQ6_K(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 210, dst += kQK_K) {
        const uint8_t* ql = src;
        const uint8_t* qh = src + 128;
        const int8_t* scales = reinterpret_cast<const int8_t*>(src + 192);
        const float d = loadHalf(src + 208);
        for (uint32_t e = 0; e < kQK_K; ++e) {
            const uint32_t n = e / 128, k = (e % 128) / 32, l = e % 32;
            const uint8_t lowByte = ql[64 * n + l + 32 * (k % 2)];
            const int low = k < 2 ? (lowByte & 0xF) : (lowByte >> 4);
            const int high = (qh[32 * n + l] >> (2 * k)) & 3;
            dst[e] = d * float(scales[e / 16]) * float((low | (high << 4)) - 32);
        }
    }
}

// Q8_K {f32 d; i8 qs[256]; i16 bsums[16] (sums for dot products)}.
void dequantQ8_K(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 292, dst += kQK_K) {
        const float d = std::bit_cast<float>(loadU32(src));
        for (uint32_t j = 0; j < kQK_K; ++j)
            dst[j] = d * float(int8_t(src[4 + j]));
    }
}

// IQ4_XS {f16 d; u16 scales_h; u8 scales_l[4]; u8 qs[128]}. Eight sub-blocks
// of 32 with 6-bit scales biased by 32 (low nibble from scales_l, high two
// bits from scales_h); codes index the IQ4_NL code book, nibbles ordered as
// in IQ4_NL within each sub-block.
void dequantIQ4_XS(const uint8_t* src, float* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += 136, dst += kQK_K) {
        const float d = loadHalf(src);
        const uint16_t scalesH = loadU16(src + 2);
        const uint8_t* scalesL = src + 4;
        for (uint32_t ib = 0; ib < 8; ++ib) {
            const int ls = ((scalesL[ib / 2] >> (4 * (ib % 2))) & 0xF) | (((scalesH >> (2 * ib)) & 3) << 4);
            const float dl = d * float(ls - 32);
            const uint8_t* qs = src + 8 + 16 * ib;
            float* y = dst + 32 * ib;
            for (int j = 0; j < 16; ++j) {
                y[j] = dl * float(kIq4nlValues[qs[j] & 0xF]);
                y[j + 16] = dl * float(kIq4nlValues[qs[j] >> 4]);
            }
        }
    }
}

} // namespace hearth::quant
