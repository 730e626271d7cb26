#version 450
// Appends K and V rows (f32) for `count` new positions to the f16 caches at
// position p0. Cache layout per layer: [n_ctx][n_kv_head][head_dim] f16,
// read here as uint pairs (packHalf2x16) so no 16-bit storage feature is
// needed; head_dim is even, so a pair never straddles two rows.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 128;

layout(std430, binding = 0) readonly buffer K { vec2 k[]; };
layout(std430, binding = 1) readonly buffer V { vec2 v[]; };
layout(std430, binding = 2) buffer KCache { uint kCache[]; };
layout(std430, binding = 3) buffer VCache { uint vCache[]; };

// pairs: count * n_kv_head * head_dim / 2; first: p0 * n_kv_head * head_dim / 2.
layout(push_constant) uniform Params { uint pairs; uint first; } params;

void main()
{
    const uint i = globalIndex();
    if (i >= params.pairs)
        return;
    kCache[params.first + i] = packHalf2x16(k[i]);
    vCache[params.first + i] = packHalf2x16(v[i]);
}
