// Per-type chunk decoders of matvec_lanes.comp. A chunk is CHUNK columns;
// accumulateChunk(c, lane) adds chunk c of each of the lane's rows (byte
// offsets rowStart[]) times x to acc[]. Lane l loads x[32s + 4l .. +3] of
// each 32-column piece s of the chunk; subgroupBroadcast(xl, k) then gives
// every lane columns 4k..4k+3 of the piece. Weights are read only as
// aligned 32-bit words (or 16-byte vectors where blocks are 16-byte
// aligned), each exactly once: that is the whole cost on a CPU driver.
#ifndef HEARTH_MATVEC_LANES_TYPES_GLSL
#define HEARTH_MATVEC_LANES_TYPES_GLSL

#include "matvec_decode.glsl"

// The 8 broadcasts of one 32-column piece, shared by all ROWS rows.
void broadcastPiece(vec4 xl, out vec4 xb[8])
{
    [[unroll]] for (uint k = 0; k < 8; ++k)
        xb[k] = subgroupBroadcast(xl, k);
}

#if defined(TYPE_Q8_0)
#define CHUNK 32
void accumulateChunk(uint c, uint lane)
{
    vec4 xb[8];
    broadcastPiece(x4[c * 8 + lane], xb);
    [[unroll]] for (uint i = 0; i < ROWS; ++i) {
        uint q[8];
        const float d = q8Block(rowStart[i] + c * 34, q);
        float s = 0.0;
        [[unroll]] for (uint k = 0; k < 8; ++k)
            s += dot(signedBytes4(q[k]), xb[k]);
        acc[i] += d * s;
    }
}
#elif defined(TYPE_Q5_0) || defined(TYPE_Q4_0)
#define CHUNK 32
#if defined(TYPE_Q5_0)
#define BLOCK_BYTES 22 // f16 d, 32 high bits qh, 16 bytes of nibbles
#define BLOCK_WORDS 6
#define QS_WORD 1      // raw word holding the nibbles' first byte (blocks starting at a word)
#define Q_OFFSET 16.0
#else
#define BLOCK_BYTES 18 // f16 d, 16 bytes of nibbles
#define BLOCK_WORDS 5
#define QS_WORD 0      // (bytes 2..3 of it)
#define Q_OFFSET 8.0
#endif
void accumulateChunk(uint c, uint lane)
{
    // Lane words as in q8Block: a block starts at a word or 2 bytes into one.
    // Column 4k + j (k < 4) is the low nibble of nibble byte 4k + j, column
    // 16 + 4k + j its high nibble; Q5_0 adds bit (column) of qh as bit 4.
    // Quants are q - Q_OFFSET: the offset is applied once through sum(x).
    vec4 xb[8];
    broadcastPiece(x4[c * 8 + lane], xb);
    vec4 sum4 = vec4(0.0);
    [[unroll]] for (uint k = 0; k < 8; ++k)
        sum4 += xb[k];
    const float xsum = dot(sum4, vec4(1.0));
    [[unroll]] for (uint i = 0; i < ROWS; ++i) {
        const uint b = rowStart[i] + c * BLOCK_BYTES;
        const uint first = b >> 2;
        const bool shifted = (b & 2u) != 0u;
        uint w[BLOCK_WORDS];
        [[unroll]] for (uint k = 0; k < BLOCK_WORDS; ++k)
            w[k] = wordAt(first + k);
        const float d = unpackHalf2x16(mix(w[0], w[0] >> 16, shifted)).x;
#if defined(TYPE_Q5_0)
        const uint qh = mix((w[0] >> 16) | (w[1] << 16), w[1], shifted);
#endif
        float s = 0.0;
        [[unroll]] for (uint k = 0; k < 4; ++k) {
            const uint q = mix((w[QS_WORD + k] >> 16) | (w[QS_WORD + k + 1] << 16), w[QS_WORD + k + 1], shifted);
            vec4 lo = lowNibbles4(q), hi = highNibbles4(q);
#if defined(TYPE_Q5_0)
            lo += 16.0 * vec4((uvec4(qh) >> uvec4(4 * k, 4 * k + 1, 4 * k + 2, 4 * k + 3)) & 1u);
            hi += 16.0 * vec4((uvec4(qh) >> uvec4(4 * k + 16, 4 * k + 17, 4 * k + 18, 4 * k + 19)) & 1u);
#endif
            s += dot(lo, xb[k]) + dot(hi, xb[k + 4]);
        }
        acc[i] += d * (s - Q_OFFSET * xsum);
    }
}
#elif defined(TYPE_Q4_K)
#define CHUNK 256
void accumulateChunk(uint c, uint lane)
{
    // One 144-byte super-block (16-byte aligned) per row: the header
    // (d, dmin, 12 scale bytes) and the four 32-byte groups of nibbles,
    // group g holding sub-block 2g in its low and 2g+1 in its high nibbles.
    vec4 xl[8];
    [[unroll]] for (uint s = 0; s < 8; ++s)
        xl[s] = x4[c * 64 + s * 8 + lane];
    uvec4 head[ROWS];
    [[unroll]] for (uint i = 0; i < ROWS; ++i)
        head[i] = w128[(rowStart[i] + c * 144) >> 4];
    [[unroll]] for (uint g = 0; g < 4; ++g) {
        vec4 xlo[8], xhi[8];
        broadcastPiece(xl[2 * g], xlo);
        broadcastPiece(xl[2 * g + 1], xhi);
        vec4 sumLo4 = vec4(0.0), sumHi4 = vec4(0.0);
        [[unroll]] for (uint k = 0; k < 8; ++k) {
            sumLo4 += xlo[k];
            sumHi4 += xhi[k];
        }
        const float sumLo = dot(sumLo4, vec4(1.0)), sumHi = dot(sumHi4, vec4(1.0));
        [[unroll]] for (uint i = 0; i < ROWS; ++i) {
            const uint q = ((rowStart[i] + c * 144) >> 4) + 1 + 2 * g;
            const uvec4 qa = w128[q], qb = w128[q + 1];
            float dotLo = 0.0, dotHi = 0.0;
            [[unroll]] for (uint k = 0; k < 4; ++k) {
                dotLo += dot(lowNibbles4(qa[k]), xlo[k]) + dot(lowNibbles4(qb[k]), xlo[k + 4]);
                dotHi += dot(highNibbles4(qa[k]), xhi[k]) + dot(highNibbles4(qb[k]), xhi[k + 4]);
            }
            const vec2 dm = unpackHalf2x16(head[i].x);
            const uvec2 lo = scaleMinK4(head[i].yzw, 2 * g);
            const uvec2 hi = scaleMinK4(head[i].yzw, 2 * g + 1);
            acc[i] += dm.x * (float(lo.x) * dotLo + float(hi.x) * dotHi) -
                      dm.y * (float(lo.y) * sumLo + float(hi.y) * sumHi);
        }
    }
}
#elif defined(TYPE_Q6_K)
#define CHUNK 256
// Word j of the 2-byte aligned block whose raw words are w[] (w[0] holds
// its first byte): one shift-merge per word when the block starts mid-word.
uint blockWord(uint w0, uint w1, bool shifted)
{
    return mix(w0, (w0 >> 16) | (w1 << 16), shifted);
}

// The four 6-bit quants of one 32-bit word of ql nibbles (low nibbles when
// high == false) and the two qh bits at `shift`, as floats 0..63.
vec4 q6Bytes4(uint ql, uint qh, bool high, uint shift)
{
    const uint q = ((high ? ql >> 4 : ql) & 0x0F0F0F0Fu) | (((qh >> shift) & 0x03030303u) << 4);
    return vec4(uvec4(q, q >> 8, q >> 16, q >> 24) & 0xFFu);
}

void accumulateChunk(uint c, uint lane)
{
    // One 210-byte super-block (2-byte aligned) per row: ql[128] nibbles,
    // qh[64] 2-bit pairs, 16 int8 scales, f16 d. Half n covers columns
    // 128n..128n+127 as four 32-column pieces p: ql bytes 64n + 32(p & 1)
    // (low nibbles for p < 2), qh bytes 32n (bits 2p), scales 8n + 2p + {0,1}
    // for the piece's two 16-column sub-blocks. Quants are q - 32: the -32
    // is applied once per sub-block through the sum of its x.
    vec4 xl[8];
    [[unroll]] for (uint s = 0; s < 8; ++s)
        xl[s] = x4[c * 64 + s * 8 + lane];
    [[unroll]] for (uint n = 0; n < 2; ++n) {
        vec4 xb[4][8];
        float xsum[8];
        [[unroll]] for (uint p = 0; p < 4; ++p) {
            broadcastPiece(xl[4 * n + p], xb[p]);
            vec4 lo4 = vec4(0.0), hi4 = vec4(0.0);
            [[unroll]] for (uint k = 0; k < 4; ++k) {
                lo4 += xb[p][k];
                hi4 += xb[p][k + 4];
            }
            xsum[2 * p] = dot(lo4, vec4(1.0));
            xsum[2 * p + 1] = dot(hi4, vec4(1.0));
        }
        [[unroll]] for (uint i = 0; i < ROWS; ++i) {
            const uint b = rowStart[i] + c * 210;
            const uint first = b >> 2;
            const bool shifted = (b & 2u) != 0u;
            // Block words: ql 16n..16n+15, qh 32+8n..32+8n+7, scales 48..51, d in 52.
            uint ql[17], qh[9], sw[5];
            [[unroll]] for (uint k = 0; k < 17; ++k)
                ql[k] = wordAt(first + 16 * n + k);
            [[unroll]] for (uint k = 0; k < 9; ++k)
                qh[k] = wordAt(first + 32 + 8 * n + k);
            [[unroll]] for (uint k = 0; k < 5; ++k)
                sw[k] = wordAt(first + 48 + k);
            const float d = unpackHalf2x16(mix(sw[4], sw[4] >> 16, shifted)).x;
            const uint s0 = blockWord(sw[2 * n], sw[2 * n + 1], shifted);
            const uint s1 = blockWord(sw[2 * n + 1], sw[2 * n + 2], shifted);
            const vec4 scA = vec4(ivec4(s0 << 24, s0 << 16, s0 << 8, s0) >> 24); // sc[8n + 0..3]
            const vec4 scB = vec4(ivec4(s1 << 24, s1 << 16, s1 << 8, s1) >> 24); // sc[8n + 4..7]
            vec4 dots[2]; // sub-block dots, in scale order
            [[unroll]] for (uint p = 0; p < 4; ++p) {
                float dlo = 0.0, dhi = 0.0;
                [[unroll]] for (uint k = 0; k < 4; ++k) {
                    const uint j = 8 * (p & 1u) + k;
                    const uint qlLo = blockWord(ql[j], ql[j + 1], shifted);
                    const uint qlHi = blockWord(ql[j + 4], ql[j + 5], shifted);
                    const uint qhLo = blockWord(qh[k], qh[k + 1], shifted);
                    const uint qhHi = blockWord(qh[k + 4], qh[k + 5], shifted);
                    dlo += dot(q6Bytes4(qlLo, qhLo, p >= 2, 2 * p), xb[p][k]);
                    dhi += dot(q6Bytes4(qlHi, qhHi, p >= 2, 2 * p), xb[p][k + 4]);
                }
                dots[p >> 1][2 * (p & 1u)] = dlo - 32.0 * xsum[2 * p];
                dots[p >> 1][2 * (p & 1u) + 1] = dhi - 32.0 * xsum[2 * p + 1];
            }
            acc[i] += d * (dot(scA, dots[0]) + dot(scB, dots[1]));
        }
    }
}
#elif defined(TYPE_F16)
#define CHUNK 32
void accumulateChunk(uint c, uint lane)
{
    // 32 halves are 4 aligned 16-byte vectors (rows are 64-byte multiples).
    vec4 xb[8];
    broadcastPiece(x4[c * 8 + lane], xb);
    [[unroll]] for (uint i = 0; i < ROWS; ++i)
        [[unroll]] for (uint k = 0; k < 4; ++k) {
            const uvec4 h = w128[(rowStart[i] >> 4) + c * 4 + k];
            acc[i] += dot(vec4(unpackHalf2x16(h.x), unpackHalf2x16(h.y)), xb[2 * k]) +
                      dot(vec4(unpackHalf2x16(h.z), unpackHalf2x16(h.w)), xb[2 * k + 1]);
        }
}
#else // F32 (the plain matvec_lanes build)
#define CHUNK 32
void accumulateChunk(uint c, uint lane)
{
    vec4 xb[8];
    broadcastPiece(x4[c * 8 + lane], xb);
    [[unroll]] for (uint i = 0; i < ROWS; ++i)
        [[unroll]] for (uint k = 0; k < 8; ++k)
            acc[i] += dot(uintBitsToFloat(w128[(rowStart[i] >> 4) + c * 8 + k]), xb[k]);
}
#endif

#endif
