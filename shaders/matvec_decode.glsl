// Small unpacking helpers shared by the mat-vec decoders (matvec_types.glsl,
// matvec_lanes_types.glsl).
#ifndef HEARTH_MATVEC_DECODE_GLSL
#define HEARTH_MATVEC_DECODE_GLSL

#include "unpack.glsl"

// The int8s of a Q8_0 block (34 bytes: f16 d, 32 int8) at 2-aligned byte b,
// from the 9 words starting at word b / 4: the block starts either at a word
// (the int8s straddle words) or 2 bytes into one (they are word-aligned).
// Returns d; q[k] holds int8s 4k..4k+3.
float q8Block(uint b, out uint q[8])
{
    const uint first = b >> 2;
    const bool shifted = (b & 2u) != 0u;
    uint w[9];
    [[unroll]] for (uint k = 0; k < 9; ++k)
        w[k] = wordAt(first + k);
    [[unroll]] for (uint k = 0; k < 8; ++k)
        q[k] = mix((w[k] >> 16) | (w[k + 1] << 16), w[k + 1], shifted);
    return unpackHalf2x16(mix(w[0], w[0] >> 16, shifted)).x;
}

#endif
