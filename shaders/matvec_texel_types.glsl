// Per-type unit decoders of matvec_texel.comp and matmul_texel.comp. A unit
// is UNIT_COLS columns of one row: unitDot(unitStart(rowStart, unit), u) is
// the dot product of the row's unit `unit` with its x (prepareUnit: x of
// the unit's columns, 4 per vec4, and whatever the type derives from them
// once per step for all ROWS rows). Units are UNIT_BYTES bytes apart,
// except Q4_K's (a quarter of a super-block each, see unitStart).
#ifndef HEARTH_MATVEC_TEXEL_TYPES_GLSL
#define HEARTH_MATVEC_TEXEL_TYPES_GLSL

#include "unpack.glsl"

// Quant types read their quants masked in place within 32-bit words and
// take x pre-scaled by each column's place value (PLACE(s) for the four
// bytes of a word in x sum group s; see prepareUnit), plus x sums over
// groups of SUM_COLS columns for their offsets and mins.
#define PLACE_BYTES vec4(1.0, 1.0 / 256.0, 1.0 / 65536.0, 1.0) // byte 3 is shifted down (bytesInPlace)
#if defined(TYPE_Q4_K)
#define UNIT_COLS 64 // a quarter of a 144-byte super-block: its header texel and 2 of its 8 nibble texels
#define UNIT_BYTES 144 // per super-block
#define SUM_COLS 32
#define PLACE(s) vec4(1.0, 1.0 / 256.0, 1.0 / 65536.0, 1.0 / 16777216.0) // nibbles: no shift at all
#elif defined(TYPE_Q8_0)
#define UNIT_COLS 64  // 2 blocks of 34 bytes: units start at 4-byte offsets
#define UNIT_BYTES 68
#define SUM_COLS 32
// Block 0's quants start at byte 2 of a word, block 1's at byte 0 (36).
#define PLACE(s) ((s) == 0u ? vec4(1.0 / 65536.0, 1.0, 1.0, 1.0 / 256.0) : PLACE_BYTES)
#elif defined(TYPE_Q4_0)
#define UNIT_COLS 64  // 2 blocks of 18 bytes
#define UNIT_BYTES 36
#define SUM_COLS 32
#define PLACE(s) PLACE_BYTES
#elif defined(TYPE_Q5_0)
#define UNIT_COLS 64  // 2 blocks of 22 bytes
#define UNIT_BYTES 44
#define SUM_COLS 32
#define PLACE(s) PLACE_BYTES
#elif defined(TYPE_Q6_K)
#ifdef Q6_K_HALF_UNITS // matmul_texel.comp: see unitStart
#define UNIT_COLS 128
#else
#define UNIT_COLS 256 // 1 super-block of 210 bytes: units start at 2-byte offsets
#endif
#define UNIT_BYTES 210 // per super-block
#define HALF_WORD_UNITS 1
#define SUM_COLS 16
#define PLACE(s) PLACE_BYTES
#elif defined(TYPE_F16)
#define UNIT_COLS 64
#define UNIT_BYTES 128
#else // F32, the plain matvec_texel build
#define UNIT_COLS 32
#define UNIT_BYTES 128
#endif

#ifdef SUM_COLS
// Per step, shared by the ROWS rows: x times its column's place value
// within its word (a quant masked in place is worth 2^8j times its value in
// byte j, so it needs no shift), and the x sum of each group of SUM_COLS.
struct UnitX {
    vec4 x[UNIT_COLS / 4];
    float sums[UNIT_COLS / SUM_COLS];
};

UnitX prepareUnit(vec4 xv[UNIT_COLS / 4])
{
    UnitX u;
    [[unroll]] for (uint s = 0; s < UNIT_COLS / SUM_COLS; ++s) {
        vec4 sum = vec4(0.0);
        [[unroll]] for (uint k = 0; k < SUM_COLS / 4; ++k) {
            const uint i = (SUM_COLS / 4) * s + k;
            sum += xv[i];
            u.x[i] = xv[i] * PLACE(s);
        }
        u.sums[s] = dot(sum, vec4(1.0));
    }
    return u;
}
#else // F32, F16: x as it is
struct UnitX {
    vec4 x[UNIT_COLS / 4];
};

UnitX prepareUnit(vec4 xv[UNIT_COLS / 4])
{
    return UnitX(xv);
}
#endif

#if defined(TYPE_Q4_K)
// Super-blocks start on texels (144 bytes, rows 16-aligned), so the low bits
// of the start carry which quarter (group of 64 columns) the unit is.
uint unitStart(uint rowStart, uint unit)
{
    return rowStart + (unit >> 2) * UNIT_BYTES + (unit & 3u);
}
#elif defined(TYPE_Q6_K) && defined(Q6_K_HALF_UNITS)
// The mat-mat decodes a super-block once for 8 tokens, so it reads all of
// it per half (cheap there) to keep half the x and decoded weights live.
// Super-blocks start on even bytes: bit 0 of the start is the half.
uint unitStart(uint rowStart, uint unit)
{
    return rowStart + (unit >> 1) * UNIT_BYTES + (unit & 1u);
}
#else
uint unitStart(uint rowStart, uint unit)
{
    return rowStart + unit * UNIT_BYTES;
}
#endif

#define UNIT_WORDS ((UNIT_BYTES + 3) / 4)
#ifdef HALF_WORD_UNITS
#define UNIT_FETCH ((UNIT_BYTES + 14 + 4 + 15) / 16) // one word more for the half-word merge
#else
#define UNIT_FETCH ((UNIT_BYTES + 12 + 15) / 16)
#endif

// The unit's bytes from `start` (4-aligned, or 2-aligned with
// HALF_WORD_UNITS) as little-endian words: the covering texels, then the
// words moved down by the lane's own offset with selects (a lane's units
// start at different offsets within a texel).
void loadUnit(uint start, out uint w[UNIT_WORDS])
{
    uint raw[4 * UNIT_FETCH];
    [[unroll]] for (uint f = 0; f < UNIT_FETCH; ++f) {
        const uvec4 v = weightTexel((start >> 4) + f);
        [[unroll]] for (uint j = 0; j < 4; ++j)
            raw[4 * f + j] = v[j];
    }
    const bool by2 = (start & 8u) != 0u, by1 = (start & 4u) != 0u;
    uint a[4 * UNIT_FETCH - 2];
    [[unroll]] for (uint k = 0; k < 4 * UNIT_FETCH - 2; ++k)
        a[k] = by2 ? raw[k + 2] : raw[k];
#ifdef HALF_WORD_UNITS
    const bool by2Bytes = (start & 2u) != 0u;
    [[unroll]] for (uint k = 0; k < UNIT_WORDS; ++k) {
        const uint lo = by1 ? a[k + 1] : a[k], hi = by1 ? a[k + 2] : a[k + 1];
        w[k] = by2Bytes ? (lo >> 16) | (hi << 16) : lo;
    }
#else
    [[unroll]] for (uint k = 0; k < UNIT_WORDS; ++k)
        w[k] = by1 ? a[k + 1] : a[k];
#endif
}

// Byte b of the unit's words; bits n.. of it (compile-time b and n).
uint unitByte(uint w[UNIT_WORDS], const uint b)
{
    return (w[b >> 2] >> (8 * (b & 3u))) & 0xFFu;
}

uint unitHalf(uint w[UNIT_WORDS], const uint b)
{
    return (b & 3u) == 3u ? (w[b >> 2] >> 24) | ((w[(b >> 2) + 1] & 0xFFu) << 8)
                          : (w[b >> 2] >> (8 * (b & 3u))) & 0xFFFFu;
}

float unitF16(uint w[UNIT_WORDS], const uint b)
{
    return unpackHalf2x16(unitHalf(w, b)).x;
}

// The four bytes of word q in place, as floats, the top one shifted down
// (a float from a negative int would be wrong): to be multiplied by x
// scaled by 2^-8j for bytes j < 3.
vec4 bytesInPlace(uint q)
{
    return vec4(ivec4(q & 0xFFu, q & 0xFF00u, q & 0xFF0000u, q >> 24));
}

#if defined(TYPE_Q4_K)
// Scale (x) and min (y) of sub-block j (0..7, per lane) from the 12 scale
// bytes held in s (head.yzw): 6 bits each, the high sub-blocks' split
// across bytes. Selects, not branches: lanes' units differ.
vec2 scaleMinK(uvec3 s, uint j)
{
    const uint shift = 8u * (j & 3u);
    const uint b0 = (s.x >> shift) & 0xFFu, b1 = (s.y >> shift) & 0xFFu, b2 = (s.z >> shift) & 0xFFu;
    return j < 4u ? vec2(b0 & 63u, b1 & 63u) : vec2((b2 & 0xFu) | ((b0 >> 6) << 4), (b2 >> 4) | ((b1 >> 6) << 4));
}

// Word q's four low (or, pre-shifted by 4, high) nibbles in place, as floats.
vec4 nibblesInPlace(uint q)
{
    return vec4(ivec4(q & 0xFu, q & 0xF00u, q & 0xF0000u, q & 0xF000000u));
}

float unitDot(uint start, UnitX u)
{
    // A 144-byte super-block: the header (f16 d, f16 dmin, 12 scale bytes)
    // and four 32-byte groups of nibbles, group g holding sub-block 2g in
    // its low and 2g + 1 in its high nibbles; byte 4k + j of a group is
    // column 4k + j of both sub-blocks. This unit is group g.
    const uint t = start >> 4, g = start & 3u;
    const uvec4 head = weightTexel(t);
    const vec2 dm = unpackHalf2x16(head.x);
    const uvec4 qa = weightTexel(t + 1u + 2u * g), qb = weightTexel(t + 2u + 2u * g);
    float lo = 0.0, hi = 0.0;
    [[unroll]] for (uint k = 0; k < 4; ++k) {
        lo += dot(nibblesInPlace(qa[k]), u.x[k]) + dot(nibblesInPlace(qb[k]), u.x[4 + k]);
        hi += dot(nibblesInPlace(qa[k] >> 4), u.x[8 + k]) + dot(nibblesInPlace(qb[k] >> 4), u.x[12 + k]);
    }
    const vec2 a = scaleMinK(head.yzw, 2u * g), b = scaleMinK(head.yzw, 2u * g + 1u);
    return dm.x * (a.x * lo + b.x * hi) - dm.y * (a.y * u.sums[0] + b.y * u.sums[1]);
}
#elif defined(TYPE_Q8_0)
float unitDot(uint start, UnitX u)
{
    // A signed byte q is (q ^ 0x80) - 128 read unsigned: the words are
    // flipped once and the 128 comes off through the block's x sum.
    uint w[UNIT_WORDS];
    loadUnit(start, w);
    float sum = 0.0;
    [[unroll]] for (uint b = 0; b < 2; ++b) {
        float s = 0.0;
        [[unroll]] for (uint k = 0; k < 8; ++k) {
            ivec4 q;
            [[unroll]] for (uint j = 0; j < 4; ++j) {
                const uint byte = 34 * b + 2 + 4 * k + j, pos = byte & 3u;
                const uint flipped = w[byte >> 2] ^ 0x80808080u;
                q[j] = int(pos == 3u ? flipped >> 24 : flipped & (0xFFu << (8 * pos)));
            }
            s += dot(vec4(q), u.x[8 * b + k]);
        }
        sum += unitF16(w, 34 * b) * (s - 128.0 * u.sums[b]);
    }
    return sum;
}
#elif defined(TYPE_Q4_0) || defined(TYPE_Q5_0)
#if defined(TYPE_Q5_0)
#define BLOCK_BYTES 22 // f16 d, 32 high bits qh, 16 bytes of nibbles
#define QS_OFFSET 6
#define Q_OFFSET 16.0
#else
#define BLOCK_BYTES 18 // f16 d, 16 bytes of nibbles
#define QS_OFFSET 2
#define Q_OFFSET 8.0
#endif

// The word at unit byte `at` (a compile-time multiple of 2).
uint unitWordAt(uint w[UNIT_WORDS], const uint at)
{
    return (at & 3u) == 0u ? w[at >> 2] : (w[at >> 2] >> 16) | (w[(at >> 2) + 1] << 16);
}

float unitDot(uint start, UnitX u)
{
    // Column j < 16 of a block is the low nibble of byte j of qs, column
    // 16 + j its high nibble; Q5_0 adds bit (column) of qh as bit 4, four
    // bits at a time spread to the bytes of a word with one multiply. The
    // offset (q - Q_OFFSET) is applied once through the block's x sum.
    uint w[UNIT_WORDS];
    loadUnit(start, w);
    float sum = 0.0;
    [[unroll]] for (uint b = 0; b < 2; ++b) {
        const uint b0 = BLOCK_BYTES * b;
#if defined(TYPE_Q5_0)
        const uint qh = unitWordAt(w, b0 + 2);
#endif
        float s = 0.0;
        [[unroll]] for (uint k = 0; k < 4; ++k) {
            const uint q = unitWordAt(w, b0 + QS_OFFSET + 4 * k);
            uint lo = q & 0x0F0F0F0Fu, hi = (q >> 4) & 0x0F0F0F0Fu;
#if defined(TYPE_Q5_0)
            lo |= (((qh >> (4 * k)) & 0xFu) * 0x02040810u) & 0x10101010u;
            hi |= (((qh >> (16 + 4 * k)) & 0xFu) * 0x02040810u) & 0x10101010u;
#endif
            s += dot(bytesInPlace(lo), u.x[8 * b + k]) + dot(bytesInPlace(hi), u.x[8 * b + 4 + k]);
        }
        sum += unitF16(w, b0) * (s - Q_OFFSET * u.sums[b]);
    }
    return sum;
}
#elif defined(TYPE_Q6_K)
#ifdef Q6_K_HALF_UNITS
float unitDot(uint start, UnitX u)
{
    // As below, for columns 128n .. 128n + 127 only (n = bit 0 of start);
    // the other half's words are picked with selects (indexing a register
    // array by a lane's n would put it in memory).
    const bool second = (start & 1u) != 0u;
    uint w[UNIT_WORDS];
    loadUnit(start & ~1u, w);
    float sum = 0.0;
    [[unroll]] for (uint p = 0; p < 4; ++p) {
        [[unroll]] for (uint h = 0; h < 2; ++h) { // 16-column sub-block
            float s = 0.0;
            [[unroll]] for (uint k = 0; k < 4; ++k) {
                const uint l0 = 16 * h + 4 * k;
                const uint qlAt = (32 * (p & 1u) + l0) >> 2, qhAt = (128 + l0) >> 2;
                const uint ql = second ? w[qlAt + 16] : w[qlAt];
                const uint qh = second ? w[qhAt + 8] : w[qhAt];
                const uint q = ((p < 2 ? ql : ql >> 4) & 0x0F0F0F0Fu) | (((qh >> (2 * p)) & 0x03030303u) << 4);
                s += dot(bytesInPlace(q), u.x[(32 * p + l0) / 4]);
            }
            const uint si = 2 * p + h;
            const uint scaleByte = second ? unitByte(w, 200 + si) : unitByte(w, 192 + si);
            sum += float(int(scaleByte << 24) >> 24) * (s - 32.0 * u.sums[si]);
        }
    }
    return unitF16(w, 208) * sum;
}
#else

float unitDot(uint start, UnitX u)
{
    // ql[128] nibbles, qh[64] 2-bit pairs, 16 int8 scales, f16 d. Column
    // 128n + 32p + l (p < 4, l < 32) is the (p < 2 ? low : high) nibble of ql
    // byte 64n + 32(p & 1) + l with bits 2p of qh byte 32n + l on top, minus
    // 32, times scale 8n + 2p + l / 16.
    uint w[UNIT_WORDS];
    loadUnit(start, w);
    float sum = 0.0;
    [[unroll]] for (uint n = 0; n < 2; ++n) {
        [[unroll]] for (uint p = 0; p < 4; ++p) {
            [[unroll]] for (uint h = 0; h < 2; ++h) { // 16-column sub-block
                float s = 0.0;
                [[unroll]] for (uint k = 0; k < 4; ++k) {
                    const uint l0 = 16 * h + 4 * k;
                    const uint ql = w[(64 * n + 32 * (p & 1u) + l0) >> 2];
                    const uint qh = w[(128 + 32 * n + l0) >> 2];
                    const uint q = ((p < 2 ? ql : ql >> 4) & 0x0F0F0F0Fu) | (((qh >> (2 * p)) & 0x03030303u) << 4);
                    s += dot(bytesInPlace(q), u.x[(128 * n + 32 * p + l0) / 4]);
                }
                const uint si = 8 * n + 2 * p + h;
                const float scale = float(int(unitByte(w, 192 + si) << 24) >> 24);
                sum += scale * (s - 32.0 * u.sums[si]);
            }
        }
    }
    return unitF16(w, 208) * sum;
}
#endif
#elif defined(TYPE_F16)
float unitDot(uint start, UnitX u)
{
    const uint t = start >> 4;
    float s = 0.0;
    [[unroll]] for (uint k = 0; k < 8; ++k) {
        const uvec4 h = weightTexel(t + k);
        s += dot(vec4(unpackHalf2x16(h.x), unpackHalf2x16(h.y)), u.x[2 * k]) +
             dot(vec4(unpackHalf2x16(h.z), unpackHalf2x16(h.w)), u.x[2 * k + 1]);
    }
    return s;
}
#else // F32
float unitDot(uint start, UnitX u)
{
    const uint t = start >> 4;
    float s = 0.0;
    [[unroll]] for (uint k = 0; k < 8; ++k)
        s += dot(uintBitsToFloat(weightTexel(t + k)), u.x[k]);
    return s;
}
#endif

#endif
