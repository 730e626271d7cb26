// Per-type weight decoders for the tiled mat-mat (matmul.comp). A row is cut
// into chunks of 32 weights (one legacy block, or one sub-block of a K-quant
// super-block) and each chunk into 4 pieces of 8 weights. decodePiece()
// dequantises piece p of chunk c of the row starting at byte `row` into two
// vec4s, and says where in the chunk they go (ka, kb: multiples of 4; the
// quant layouts interleave, e.g. Q4_0 keeps weights j and j+16 in one byte).
// The decoders load as wide as the block alignment allows (CPU drivers pay
// per load per lane). Needs weights.glsl.
#ifndef HEARTH_MATMUL_TYPES_GLSL
#define HEARTH_MATMUL_TYPES_GLSL

#include "unpack.glsl"

// Bit i, i+1, i+2, i+3 of `bits`, each moved to bit 4 (the fifth bit of a Q5 weight).
uvec4 fifthBits(uint bits, uint i) { return ((uvec4(bits) >> uvec4(i, i + 1, i + 2, i + 3)) & 1u) << 4; }

// 32 bits at a 2-byte aligned offset as two 16-bit loads: unlike u32At2 no
// branch (CPU drivers run both sides of it: measured ~1.4x faster for Q8_0
// on lavapipe), and never a load past the data.
uint u32From16(uint offset)
{
    const uint j = offset >> 1;
    return uint(w16[j]) | (uint(w16[j + 1]) << 16);
}

#if defined(TYPE_F16)
void decodePiece(uint row, uint c, uint p, out vec4 a, out vec4 b, out uint ka, out uint kb)
{
    // 8 halves are one 16-byte load (rows are 64-byte multiples).
    const uvec4 h = w128[(row >> 4) + c * 4 + p];
    a = vec4(unpackHalf2x16(h.x), unpackHalf2x16(h.y));
    b = vec4(unpackHalf2x16(h.z), unpackHalf2x16(h.w));
    ka = 8 * p;
    kb = 8 * p + 4;
}
#elif defined(TYPE_BF16)
void decodePiece(uint row, uint c, uint p, out vec4 a, out vec4 b, out uint ka, out uint kb)
{
    // bf16 is the top half of an f32: a shift, no conversion.
    const uvec4 h = w128[(row >> 4) + c * 4 + p];
    a = uintBitsToFloat(uvec4(h.x << 16, h.x & 0xFFFF0000u, h.y << 16, h.y & 0xFFFF0000u));
    b = uintBitsToFloat(uvec4(h.z << 16, h.z & 0xFFFF0000u, h.w << 16, h.w & 0xFFFF0000u));
    ka = 8 * p;
    kb = 8 * p + 4;
}
#elif defined(TYPE_Q8_0)
void decodePiece(uint row, uint c, uint p, out vec4 a, out vec4 b, out uint ka, out uint kb)
{
    const uint blk = row + c * 34; // 34-byte blocks: 2-byte aligned
    const float d = halfAt(blk);
    a = d * signedBytes4(u32From16(blk + 2 + 8 * p));
    b = d * signedBytes4(u32From16(blk + 6 + 8 * p));
    ka = 8 * p;
    kb = 8 * p + 4;
}
#elif defined(TYPE_Q4_0)
void decodePiece(uint row, uint c, uint p, out vec4 a, out vec4 b, out uint ka, out uint kb)
{
    // Bytes 4p..4p+3: low nibbles are weights 4p.., high ones 16+4p..
    const uint blk = row + c * 18;
    const float d = halfAt(blk);
    const uint q = u32From16(blk + 2 + 4 * p);
    a = d * (lowNibbles4(q) - 8.0);
    b = d * (highNibbles4(q) - 8.0);
    ka = 4 * p;
    kb = 16 + 4 * p;
}
#elif defined(TYPE_Q4_1)
void decodePiece(uint row, uint c, uint p, out vec4 a, out vec4 b, out uint ka, out uint kb)
{
    const uint blk = (row + c * 20) >> 2; // 20-byte blocks: 32-bit loads
    const vec2 dm = unpackHalf2x16(w32[blk]);
    const uint q = w32[blk + 1 + p];
    a = dm.x * lowNibbles4(q) + dm.y;
    b = dm.x * highNibbles4(q) + dm.y;
    ka = 4 * p;
    kb = 16 + 4 * p;
}
#elif defined(TYPE_Q5_0) || defined(TYPE_Q5_1)
void decodePiece(uint row, uint c, uint p, out vec4 a, out vec4 b, out uint ka, out uint kb)
{
#if defined(TYPE_Q5_0)
    const uint blk = row + c * 22; // 2-byte aligned
    const vec2 dm = vec2(halfAt(blk), 0.0);
    const uint qh = u32From16(blk + 2);
    const uint q = u32From16(blk + 6 + 4 * p);
    const float offset = -16.0;
#else
    const uint blk = row + c * 24; // 4-byte aligned
    const vec2 dm = unpackHalf2x16(w32[blk >> 2]);
    const uint qh = w32[(blk >> 2) + 1];
    const uint q = w32[(blk >> 2) + 2 + p];
    const float offset = 0.0;
#endif
    const uvec4 lo = uvec4(q, q >> 8, q >> 16, q >> 24) & 0xFu;
    const uvec4 hi = uvec4(q >> 4, q >> 12, q >> 20, q >> 28) & 0xFu;
    a = dm.x * (vec4(lo | fifthBits(qh, 4 * p)) + offset) + dm.y;
    b = dm.x * (vec4(hi | fifthBits(qh, 16 + 4 * p)) + offset) + dm.y;
    ka = 4 * p;
    kb = 16 + 4 * p;
}
#elif defined(TYPE_Q4_K) || defined(TYPE_Q5_K)
void decodePiece(uint row, uint c, uint p, out vec4 a, out vec4 b, out uint ka, out uint kb)
{
    // Chunk c is sub-block j of super-block c / 8. Sub-blocks 2g and 2g+1
    // share the 32 bytes qs[32g..]: low nibbles for 2g, high ones for 2g+1.
    // Blocks (144 / 176 B) are 16-byte aligned: the header is one load.
#if defined(TYPE_Q4_K)
    const uint blk = row + (c / 8) * 144;
    const uint qsOffset = 16;
#else
    const uint blk = row + (c / 8) * 176;
    const uint qsOffset = 48;
#endif
    const uint j = c % 8;
    const uvec4 head = w128[blk >> 4];
    const vec2 dm = unpackHalf2x16(head.x);
    const uvec2 sm = scaleMinK4(head.yzw, j);
    const float scale = dm.x * float(sm.x);
    const float minimum = dm.y * float(sm.y);
    const uint qs = (blk + qsOffset + 32 * (j / 2) + 8 * p) >> 2;
    const uint shift = 4 * (j & 1u);
    const uint q0 = w32[qs] >> shift;
    const uint q1 = w32[qs + 1] >> shift;
    uvec4 lo = uvec4(q0, q0 >> 8, q0 >> 16, q0 >> 24) & 0xFu;
    uvec4 hi = uvec4(q1, q1 >> 8, q1 >> 16, q1 >> 24) & 0xFu;
#if defined(TYPE_Q5_K)
    // The fifth bit of weight l of sub-block j is bit j of qh[l].
    const uint qh = (blk + 16 + 8 * p) >> 2;
    const uint h0 = w32[qh] >> j;
    const uint h1 = w32[qh + 1] >> j;
    lo |= (uvec4(h0, h0 >> 8, h0 >> 16, h0 >> 24) & 1u) << 4;
    hi |= (uvec4(h1, h1 >> 8, h1 >> 16, h1 >> 24) & 1u) << 4;
#endif
    a = scale * vec4(lo) - minimum;
    b = scale * vec4(hi) - minimum;
    ka = 8 * p;
    kb = 8 * p + 4;
}
#elif defined(TYPE_Q6_K)
void decodePiece(uint row, uint c, uint p, out vec4 a, out vec4 b, out uint ka, out uint kb)
{
    // Chunk c is quarter `qu` of half n of super-block c / 8 (210 B: 2-byte
    // aligned). Weight l of it: low 4 bits from ql[64n + 32(qu & 1) + l]
    // (high nibble when qu >= 2), top 2 bits from qh[32n + l] bits 2qu..,
    // scale sc[8n + 2qu + l / 16].
    const uint blk = row + (c / 8) * 210;
    const uint n = (c / 4) & 1u;
    const uint qu = c % 4;
    const uint l = 8 * p;
    const uint ql = blk + 64 * n + 32 * (qu & 1u) + l;
    const uint qh = blk + 128 + 32 * n + l;
    const uint lowShift = 4 * (qu >> 1);
    const uint highShift = 2 * qu;
    const uint l0 = u32From16(ql) >> lowShift, l1 = u32From16(ql + 4) >> lowShift;
    const uint h0 = u32From16(qh) >> highShift, h1 = u32From16(qh + 4) >> highShift;
    const ivec4 q0 = ivec4((uvec4(l0, l0 >> 8, l0 >> 16, l0 >> 24) & 0xFu) |
                           ((uvec4(h0, h0 >> 8, h0 >> 16, h0 >> 24) & 3u) << 4));
    const ivec4 q1 = ivec4((uvec4(l1, l1 >> 8, l1 >> 16, l1 >> 24) & 0xFu) |
                           ((uvec4(h1, h1 >> 8, h1 >> 16, h1 >> 24) & 3u) << 4));
    const float d = halfAt(blk + 208);
    const float scale = d * float(signedByteAt(blk + 192 + 8 * n + 2 * qu + l / 16));
    a = scale * vec4(q0 - 32);
    b = scale * vec4(q1 - 32);
    ka = l;
    kb = l + 4;
}
#else // F32
void decodePiece(uint row, uint c, uint p, out vec4 a, out vec4 b, out uint ka, out uint kb)
{
    const uint i = (row >> 4) + c * 8 + 2 * p;
    a = uintBitsToFloat(w128[i]);
    b = uintBitsToFloat(w128[i + 1]);
    ka = 8 * p;
    kb = 8 * p + 4;
}
#endif

#endif
