// Per-type mat-vec inner loops. A row is cut into "units" of UNIT weights;
// unitDot() decodes one unit straight from the packed block in registers
// and returns its dot product with x. Units are small enough (<= 64
// weights) that a workgroup's threads share even a 256-column row, and
// start on block boundaries (a unit is part of one block or whole blocks).
// Loads are as wide as the block alignment allows: on CPU drivers
// (lavapipe) each per-lane load costs about the same whatever its width,
// and that, not bytes, bounds the kernel there.
// Needs weights.glsl, and x as `float x[]` / `vec4 x4[]`.
#ifndef HEARTH_MATVEC_TYPES_GLSL
#define HEARTH_MATVEC_TYPES_GLSL

#include "matvec_decode.glsl"

// FP16 builds (Q8_0, Q4_K) multiply weights by x in half precision and add
// in fp32: cheaper on GPUs with packed half math; sums stay fp32 so large
// activations cannot overflow.
#ifdef FP16
#define MV_DOT(w, xv) dot(vec4(f16vec4(w) * f16vec4(xv)), vec4(1.0))
#else
#define MV_DOT(w, xv) dot(w, xv)
#endif

#if defined(TYPE_F16)
#define UNIT 8
float unitDot(uint row, uint u)
{
    // 8 halves = one 16-byte load (rows of F16 are 16-byte aligned because
    // the host requires cols % 8 == 0).
    const uvec4 h = w128[(row >> 4) + u];
    const vec4 x0 = x4[2 * u];
    const vec4 x1 = x4[2 * u + 1];
    return dot(vec4(unpackHalf2x16(h.x), unpackHalf2x16(h.y)), x0) +
           dot(vec4(unpackHalf2x16(h.z), unpackHalf2x16(h.w)), x1);
}
#elif defined(TYPE_Q8_0)
#define UNIT 32
float unitDot(uint row, uint u)
{
    // One 34-byte block as 9 aligned words (q8Block), so any row length
    // that is a multiple of 32 works.
    uint q[8];
    const float d = q8Block(row + u * 34, q);
    float sum = 0.0;
    [[unroll]] for (uint k = 0; k < 8; ++k)
        sum += MV_DOT(signedBytes4(q[k]), x4[u * 8 + k]);
    return d * sum;
}
#elif defined(TYPE_Q4_0)
#define UNIT 32
float unitDot(uint row, uint u)
{
    const uint b = row + u * 18;
    float sum = 0.0;
    for (uint i = 0; i < 16; i += 4) {
        const uint q = u32At2Words(b + 2 + i); // bytes i..i+3
        const vec4 lo = vec4(uvec4(q, q >> 8, q >> 16, q >> 24) & 0xFu) - 8.0;
        const vec4 hi = vec4(uvec4(q >> 4, q >> 12, q >> 20, q >> 28) & 0xFu) - 8.0;
        sum += dot(lo, x4[u * 8 + i / 4]) + dot(hi, x4[u * 8 + 4 + i / 4]);
    }
    return unpackHalf2x16(u32At2Words(b)).x * sum;
}
#elif defined(TYPE_Q4_K)
#define UNIT 64
float unitDot(uint row, uint u)
{
    // Unit u is group g = u % 4 of super-block u / 4: 32 bytes of nibbles,
    // low nibbles with sub-block 2g's scale/min, high ones with 2g+1's.
    // 144-byte blocks stay 16-byte aligned, so the header (d, dmin, 12 scale
    // bytes) is one 16-byte load and the nibbles two: CPU drivers pay per
    // load per lane, not per byte.
    const uint b = row + (u / 4) * 144;
    const uint g = u % 4;
    const uvec4 head = w128[b >> 4];
    const vec2 dm = unpackHalf2x16(head.x);
    const uvec2 sm1 = scaleMinK4(head.yzw, 2 * g);
    const uvec2 sm2 = scaleMinK4(head.yzw, 2 * g + 1);
    const uint qs = (b + 16 + 32 * g) >> 4;
    const uint xv = u * 16; // vec4 index of the unit's first x
    float dotLo = 0.0, dotHi = 0.0, sumLo = 0.0, sumHi = 0.0;
    for (uint half16 = 0; half16 < 2; ++half16) {
        const uvec4 words = w128[qs + half16];
        for (uint k = 0; k < 4; ++k) {
            const uint q = words[k];
            const uint i = 4 * half16 + k;
            const vec4 xl = x4[xv + i];
            const vec4 xh = x4[xv + 8 + i];
            dotLo += MV_DOT(lowNibbles4(q), xl);
            dotHi += MV_DOT(highNibbles4(q), xh);
            sumLo += dot(xl, vec4(1.0));
            sumHi += dot(xh, vec4(1.0));
        }
    }
    return dm.x * (float(sm1.x) * dotLo + float(sm2.x) * dotHi) - dm.y * (float(sm1.y) * sumLo + float(sm2.y) * sumHi);
}
#elif defined(TYPE_Q6_K)
#define UNIT 64
float unitDot(uint row, uint u)
{
    // Unit u = (super-block u / 4, half n, quarter is): l = 16 is .. 16 is + 15
    // of half n; it produces weights 128n + l + {0, 32, 64, 96}, with scales
    // sc[8n + is + {0, 2, 4, 6}]. Blocks are 210 B (2-byte aligned): 32-bit
    // pieces from aligned words (u32At2Words).
    const uint b = row + (u / 4) * 210;
    const uint n = (u / 2) & 1u;
    const uint is = u & 1u;
    const uint l0 = 16 * is;
    const uint ql = b + 64 * n + l0;
    const uint qh = b + 128 + 32 * n + l0;
    const uint sc = b + 192 + 8 * n + is;
    const uint xb = (u / 4) * 256 + 128 * n + l0;
    vec4 sums = vec4(0.0);
    for (uint l = 0; l < 16; l += 4) {
        const uint a = u32At2Words(ql + l);      // ql[l..l+3]
        const uint c = u32At2Words(ql + 32 + l); // ql[l+32..l+35]
        const uint h = u32At2Words(qh + l);
        for (uint k = 0; k < 4; ++k) {
            const uint qa = (a >> (8 * k)) & 0xFFu;
            const uint qc = (c >> (8 * k)) & 0xFFu;
            const uint hh = (h >> (8 * k)) & 0xFFu;
            const vec4 q = vec4(ivec4((qa & 0xFu) | ((hh & 3u) << 4), (qc & 0xFu) | (((hh >> 2) & 3u) << 4),
                                      (qa >> 4) | (((hh >> 4) & 3u) << 4), (qc >> 4) | (((hh >> 6) & 3u) << 4)) - 32);
            const uint xi = xb + l + k;
            sums += q * vec4(x[xi], x[xi + 32], x[xi + 64], x[xi + 96]);
        }
    }
    const uint s0 = u32At2Words(sc & ~1u) >> (8 * (sc & 1u));     // sc[0], sc[2] in bytes 0, 2
    const uint s1 = u32At2Words((sc + 4) & ~1u) >> (8 * (sc & 1u)); // sc[4], sc[6]
    const vec4 scales = vec4(ivec4(s0 << 24, s0 << 8, s1 << 24, s1 << 8) >> 24);
    return unpackHalf2x16(u32At2Words(b + 208)).x * dot(scales, sums);
}
#elif defined(TYPE_BF16)
#define UNIT 8
float unitDot(uint row, uint u)
{
    // bf16 is the top half of an f32: shift, no conversion instruction.
    const uvec4 h = w128[(row >> 4) + u];
    const vec4 lo = vec4(uintBitsToFloat(h.x << 16), uintBitsToFloat(h.x & 0xFFFF0000u),
                         uintBitsToFloat(h.y << 16), uintBitsToFloat(h.y & 0xFFFF0000u));
    const vec4 hi = vec4(uintBitsToFloat(h.z << 16), uintBitsToFloat(h.z & 0xFFFF0000u),
                         uintBitsToFloat(h.w << 16), uintBitsToFloat(h.w & 0xFFFF0000u));
    return dot(lo, x4[2 * u]) + dot(hi, x4[2 * u + 1]);
}
#elif defined(TYPE_Q4_1)
#define UNIT 32
float unitDot(uint row, uint u)
{
    const uint b = (row + u * 20) >> 2; // 20-byte blocks: 32-bit loads
    const vec2 dm = unpackHalf2x16(w32[b]);
    float sum = 0.0, xsum = 0.0;
    for (uint i = 0; i < 4; ++i) {
        const uint q = w32[b + 1 + i];
        const vec4 xl = x4[u * 8 + i];
        const vec4 xh = x4[u * 8 + 4 + i];
        sum += dot(vec4(uvec4(q, q >> 8, q >> 16, q >> 24) & 0xFu), xl) +
               dot(vec4(uvec4(q >> 4, q >> 12, q >> 20, q >> 28) & 0xFu), xh);
        xsum += dot(xl + xh, vec4(1.0));
    }
    return dm.x * sum + dm.y * xsum;
}
#elif defined(TYPE_Q5_0) || defined(TYPE_Q5_1)
#define UNIT 32
float unitDot(uint row, uint u)
{
#if defined(TYPE_Q5_0)
    const uint b = row + u * 22; // 22-byte blocks: 2-byte aligned
    const float d = unpackHalf2x16(u32At2Words(b)).x;
    const uint qh = u32At2Words(b + 2);
    const uint qs = b + 6;
#else
    const uint b = row + u * 24;
    const vec2 dm = unpackHalf2x16(u32At2Words(b));
    const float d = dm.x;
    const uint qh = u32At2Words(b + 4);
    const uint qs = b + 8;
#endif
    float sum = 0.0, xsum = 0.0;
    for (uint i = 0; i < 16; i += 4) {
        const uint q = u32At2Words(qs + i);
        const uvec4 hl = (uvec4(qh >> i, qh >> (i + 1), qh >> (i + 2), qh >> (i + 3)) & 1u) << 4;
        const uvec4 hh = (uvec4(qh >> (i + 16), qh >> (i + 17), qh >> (i + 18), qh >> (i + 19)) & 1u) << 4;
        const vec4 xl = x4[u * 8 + i / 4];
        const vec4 xh = x4[u * 8 + 4 + i / 4];
        sum += dot(vec4((uvec4(q, q >> 8, q >> 16, q >> 24) & 0xFu) | hl), xl) +
               dot(vec4((uvec4(q >> 4, q >> 12, q >> 20, q >> 28) & 0xFu) | hh), xh);
        xsum += dot(xl + xh, vec4(1.0));
    }
#if defined(TYPE_Q5_0)
    return d * (sum - 16.0 * xsum);
#else
    return d * sum + dm.y * xsum;
#endif
}
#elif defined(TYPE_Q5_K)
#define UNIT 64
float unitDot(uint row, uint u)
{
    // As Q4_K, plus a fifth bit per weight from qh[l]: bit 2g for the low
    // nibble's weight, bit 2g+1 for the high one's.
    const uint b = row + (u / 4) * 176;
    const uint g = u % 4;
    const vec2 dm = unpackHalf2x16(w32[b >> 2]);
    const uvec3 scales = scalesK4(b);
    const uvec2 sm1 = scaleMinK4(scales, 2 * g);
    const uvec2 sm2 = scaleMinK4(scales, 2 * g + 1);
    const uint qs = (b + 48 + 32 * g) >> 2;
    const uint qhBase = (b + 16) >> 2;
    const uint xv = u * 16;
    float dotLo = 0.0, dotHi = 0.0, sumLo = 0.0, sumHi = 0.0;
    for (uint i = 0; i < 8; ++i) {
        const uint q = w32[qs + i];
        const uint h = w32[qhBase + i] >> (2 * g); // bytes qh[4i..4i+3], shifted to bit 0/1
        const vec4 xl = x4[xv + i];
        const vec4 xh = x4[xv + 8 + i];
        const uvec4 hb = uvec4(h, h >> 8, h >> 16, h >> 24);
        dotLo += dot(vec4((uvec4(q, q >> 8, q >> 16, q >> 24) & 0xFu) | ((hb & 1u) << 4)), xl);
        dotHi += dot(vec4((uvec4(q >> 4, q >> 12, q >> 20, q >> 28) & 0xFu) | ((hb & 2u) << 3)), xh);
        sumLo += dot(xl, vec4(1.0));
        sumHi += dot(xh, vec4(1.0));
    }
    return dm.x * (float(sm1.x) * dotLo + float(sm2.x) * dotHi) - dm.y * (float(sm1.y) * sumLo + float(sm2.y) * sumHi);
}
#else // F32
#define UNIT 4
float unitDot(uint row, uint u)
{
    return dot(uintBitsToFloat(w128[(row >> 4) + u]), x4[u]);
}
#endif

#endif
