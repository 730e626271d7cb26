// Views of the weight buffer at binding 0 (the includer names no other
// buffer binding 0): ggml blocks are 2-byte aligned at best (Q4_0 18 B,
// Q6_K 210 B), so each decoder reads through the widest view its block
// alignment allows. 8/16-bit storage only loads and converts, which is all
// the decoders need.
#ifndef HEARTH_WEIGHTS_GLSL
#define HEARTH_WEIGHTS_GLSL

// WORDS_ONLY: for devices without 8/16-bit storage; only the 32-bit views
// and the word helpers below exist (the mat-vec decoders need no more).
#ifndef WORDS_ONLY
#extension GL_EXT_shader_8bit_storage : require
#extension GL_EXT_shader_16bit_storage : require

layout(std430, binding = 0) readonly buffer W8 { uint8_t w8[]; };
layout(std430, binding = 0) readonly buffer W16 { uint16_t w16[]; };
#endif
layout(std430, binding = 0) readonly buffer W32 { uint w32[]; };
layout(std430, binding = 0) readonly buffer W128 { uvec4 w128[]; };

// Word i of the binding. The host binds whole words where the buffer has
// room; TAIL_SAFE builds (used only for a row that ends the buffer 2 bytes
// into a word) read that last half word with a 16-bit load.
#if defined(TAIL_SAFE) && !defined(WORDS_ONLY)
uint wordCount() { return (uint(w16.length()) + 1) / 2; }
uint wordAt(uint i) { return i < uint(w32.length()) ? w32[i] : uint(w16[2 * i]); }
#else
uint wordCount() { return uint(w32.length()); }
uint wordAt(uint i) { return w32[i]; }
#endif

// 32 bits at a 2-byte aligned offset, from word loads only and without a
// branch (CPU drivers run both sides of a branch). The second word is
// clamped to the binding: blocks never need bytes past it.
uint u32At2Words(uint offset)
{
    const uint i = offset >> 2;
    const uint lo = wordAt(i);
    const uint hi = wordAt(min(i + 1, wordCount() - 1));
    return (offset & 2u) == 0u ? lo : (lo >> 16) | (hi << 16);
}

#ifndef WORDS_ONLY
uint byteAt(uint offset) { return uint(w8[offset]); }
int signedByteAt(uint offset) { return (int(w8[offset]) << 24) >> 24; }
uint u16At(uint offset) { return uint(w16[offset >> 1]); }
float halfAt(uint offset) { return unpackHalf2x16(u16At(offset)).x; }

// 32 bits at a 2-byte aligned offset from aligned 32-bit loads: CPU drivers
// pay per load per lane, so two 16-bit loads cost twice one 32-bit load.
// Near the end of the binding (whose size need not be a multiple of 4)
// it falls back to 16-bit loads and never reads past the end.
uint u32At2(uint offset)
{
    const uint i = offset >> 2;
    if (i + 1 < uint(w32.length())) {
        const uint lo = w32[i];
        return (offset & 2u) == 0 ? lo : (lo >> 16) | (w32[i + 1] << 16);
    }
    const uint j = offset >> 1;
    return uint(w16[j]) | (j + 1 < uint(w16.length()) ? uint(w16[j + 1]) << 16 : 0u);
}
#endif

// Byte j (0..11) of three little-endian words.
uint byteOf(uvec3 words, uint j)
{
    return (words[j >> 2] >> (8 * (j & 3u))) & 0xFFu;
}

// Q4_K / Q5_K: the 6-bit scale and min of sub-block j (0..7) from the 12
// packed scale bytes at `s`.
uvec2 scaleMinK4(uvec3 s, uint j)
{
    if (j < 4)
        return uvec2(byteOf(s, j) & 63u, byteOf(s, j + 4) & 63u);
    const uint hi = byteOf(s, j + 4);
    return uvec2((hi & 0xFu) | ((byteOf(s, j - 4) >> 6) << 4), (hi >> 4) | ((byteOf(s, j) >> 6) << 4));
}

// The 12 scale bytes of a Q4_K / Q5_K block starting at byte b (4-aligned).
uvec3 scalesK4(uint b)
{
    const uint i = (b >> 2) + 1;
    return uvec3(w32[i], w32[i + 1], w32[i + 2]);
}

#ifndef WORDS_ONLY
// Element k of the row starting at byte `row`, dequantised; slow but simple,
// for gathers (embedding rows), not for the mat-vec hot loop.
float dequantElement(uint row, uint k)
{
#if defined(TYPE_F16)
    return halfAt(row + 2 * k);
#elif defined(TYPE_Q8_0)
    const uint b = row + (k / 32) * 34;
    return halfAt(b) * float(signedByteAt(b + 2 + k % 32));
#elif defined(TYPE_Q4_0)
    const uint b = row + (k / 32) * 18;
    const uint j = k % 32;
    const uint q = byteAt(b + 2 + (j & 15u));
    return halfAt(b) * (float(j < 16 ? (q & 0xFu) : (q >> 4)) - 8.0);
#elif defined(TYPE_Q4_K)
    const uint b = row + (k / 256) * 144;
    const uint j = k % 256;
    const uint g = j / 64;
    const uint hi = (j / 32) & 1u;
    const uvec2 sm = scaleMinK4(scalesK4(b), 2 * g + hi);
    const uint q = byteAt(b + 16 + 32 * g + j % 32);
    return halfAt(b) * float(sm.x) * float(hi == 0 ? (q & 0xFu) : (q >> 4)) - halfAt(b + 2) * float(sm.y);
#else // F32
    return uintBitsToFloat(w32[(row >> 2) + k]);
#endif
}
#endif

#endif
