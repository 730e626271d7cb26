// Unpacking of one little-endian 32-bit word, shared by the mat-vec
// (matvec_decode.glsl) and mat-mat (matmul_types.glsl) decoders.
#ifndef HEARTH_UNPACK_GLSL
#define HEARTH_UNPACK_GLSL

// The four int8s of the word.
vec4 signedBytes4(uint q)
{
    return vec4(ivec4(q << 24, q << 16, q << 8, q) >> 24);
}

// The low / high nibble of each of its four bytes.
vec4 lowNibbles4(uint q)
{
    return vec4(uvec4(q, q >> 8, q >> 16, q >> 24) & 0xFu);
}

vec4 highNibbles4(uint q)
{
    return vec4(uvec4(q >> 4, q >> 12, q >> 20, q >> 28) & 0xFu);
}

#endif
