// Quantisation to Q4_K, Q5_K and Q6_K. Two levels: first each sub-block gets
// its own best float scale (and min), then those are themselves quantised to
// 6-bit (Q4_K/Q5_K) or 8-bit (Q6_K) multiples of the f16 super-block scale,
// and finally the weights are re-coded against the scales actually stored,
// so the rounding of the scales is not compounded. Layouts: dequant_kquants.cpp.

#include "quant/blocks.h"
#include "quant/fit.h"

#include <algorithm>
#include <cmath>
#include <cstring>

namespace hearth::quant {
namespace {

// Packs eight 6-bit (scale, min) pairs the way Q4_K/Q5_K read them.
void packScaleMin(const int* sc, const int* mn, uint8_t* s)
{
    for (int j = 0; j < 4; ++j) {
        s[j] = uint8_t((sc[j] & 63) | ((sc[j + 4] >> 4) << 6));
        s[j + 4] = uint8_t((mn[j] & 63) | ((mn[j + 4] >> 4) << 6));
        s[j + 8] = uint8_t((sc[j + 4] & 0xF) | ((mn[j + 4] & 0xF) << 4));
    }
}

// Shared by Q4_K (qmax 15) and Q5_K (qmax 31): fills d, dmin, the packed
// scales and the 256 codes of one super-block.
void quantizeAffineSuperBlock(const float* x, int qmax, float& d, float& dmin, uint8_t* scales, int* q)
{
    float subScale[8], subMin[8];
    for (int s = 0; s < 8; ++s) {
        const AffineFit fit = fitAffine(x + 32 * s, 32, qmax, true, false);
        subScale[s] = fit.d;
        subMin[s] = -fit.m; // stored as a non-negative amount to subtract
    }
    const float maxScale = *std::max_element(subScale, subScale + 8);
    const float maxMin = *std::max_element(subMin, subMin + 8);
    d = roundThroughHalf(maxScale / 63.0f);
    dmin = roundThroughHalf(maxMin / 63.0f);

    int sc[8], mn[8];
    for (int s = 0; s < 8; ++s) {
        sc[s] = d > 0 ? roundClamp(subScale[s] / d, 0, 63) : 0;
        mn[s] = dmin > 0 ? roundClamp(subMin[s] / dmin, 0, 63) : 0;
        const float scale = d * float(sc[s]);
        const float min = dmin * float(mn[s]);
        const float inv = scale > 0 ? 1.0f / scale : 0.0f;
        for (int l = 0; l < 32; ++l)
            q[32 * s + l] = roundClamp((x[32 * s + l] + min) * inv, 0, qmax);
    }
    packScaleMin(sc, mn, scales);
}

} // namespace

void quantQ4_K(const float* src, uint8_t* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += kQK_K, dst += 144) {
        float d, dmin;
        int q[kQK_K];
        quantizeAffineSuperBlock(src, 15, d, dmin, dst + 4, q);
        storeHalf(dst, d);
        storeHalf(dst + 2, dmin);
        // Sub-blocks 2g / 2g+1 share bytes qs[32g..32g+31] (low / high nibble).
        uint8_t* qs = dst + 16;
        for (int g = 0; g < 4; ++g)
            for (int l = 0; l < 32; ++l)
                qs[32 * g + l] = uint8_t(q[64 * g + l] | (q[64 * g + 32 + l] << 4));
    }
}

void quantQ5_K(const float* src, uint8_t* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += kQK_K, dst += 176) {
        float d, dmin;
        int q[kQK_K];
        quantizeAffineSuperBlock(src, 31, d, dmin, dst + 4, q);
        storeHalf(dst, d);
        storeHalf(dst + 2, dmin);
        uint8_t* qh = dst + 16;
        uint8_t* qs = dst + 48;
        std::memset(qh, 0, 32);
        for (int g = 0; g < 4; ++g) {
            for (int l = 0; l < 32; ++l) {
                const int lo = q[64 * g + l], hi = q[64 * g + 32 + l];
                qs[32 * g + l] = uint8_t((lo & 0xF) | ((hi & 0xF) << 4));
                qh[l] |= uint8_t(((lo >> 4) << (2 * g)) | ((hi >> 4) << (2 * g + 1)));
            }
        }
    }
}

void quantQ6_K(const float* src, uint8_t* dst, uint64_t blocks)
{
    for (uint64_t b = 0; b < blocks; ++b, src += kQK_K, dst += 210) {
        float subScale[16];
        float maxAbs = 0.0f;
        for (int s = 0; s < 16; ++s) {
            subScale[s] = fitSymmetric(src + 16 * s, 16, -32, 31, false);
            maxAbs = std::max(maxAbs, std::fabs(subScale[s]));
        }
        const float d = roundThroughHalf(maxAbs / 127.0f);
        int8_t* scales = reinterpret_cast<int8_t*>(dst + 192);
        int q[kQK_K];
        for (int s = 0; s < 16; ++s) {
            const int ls = d > 0 ? roundClamp(subScale[s] / d, -128, 127) : 0;
            scales[s] = int8_t(ls);
            const float scale = d * float(ls);
            const float inv = scale != 0.0f ? 1.0f / scale : 0.0f;
            for (int l = 0; l < 16; ++l)
                q[16 * s + l] = roundClamp(src[16 * s + l] * inv, -32, 31) + 32;
        }
        storeHalf(dst + 208, d);
        // Weight e = 128n + 32k + l: low nibble in ql[64n + l + 32(k odd)]
        // (high half when k >= 2), top two bits in qh[32n + l] bits 2k..2k+1.
        uint8_t* ql = dst;
        uint8_t* qh = dst + 128;
        std::memset(ql, 0, 128 + 64);
        for (int e = 0; e < int(kQK_K); ++e) {
            const int n = e / 128, k = (e % 128) / 32, l = e % 32;
            ql[64 * n + l + 32 * (k % 2)] |= uint8_t((q[e] & 0xF) << (k < 2 ? 0 : 4));
            qh[32 * n + l] |= uint8_t((q[e] >> 4) << (2 * k));
        }
    }
}

} // namespace hearth::quant
