#version 450
// Removes the cache rows [begin, begin + delta) of one layer: rows
// [begin + delta, begin + delta + moved) move down by delta, and the moved
// keys are rotated by -delta positions (RoPE is linear in position, so a key
// roped at p becomes the key roped at p - delta). Values are only moved.
//
// Moved row r (0-based after the span) lands where moved row r - delta was,
// so rows chain by r mod delta and different chains never touch the same
// row. One invocation per (columns, chain) walks its chain upwards, reading
// each row before it writes over the one it replaced: the overlapping move
// needs no barrier or temporary buffer.
//
// Cache layout per layer: [n_ctx][n_kv_head][head_dim] f16, read as uint
// pairs (packHalf2x16). Normal mode: item j of a head is pair j (uint j).
// NeoX (nRot % 4 == 0): item j < nRot/4 owns uints j and j + nRot/4, i.e.
// pairs (x[2j], x[2j + nRot/2]) and (x[2j+1], x[2j+1 + nRot/2]). Items past
// the rotated ones copy the unrotated tail, one uint each.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(std430, binding = 0) buffer KCache { uint kCache[]; };
layout(std430, binding = 1) buffer VCache { uint vCache[]; };
layout(std430, binding = 2) readonly buffer Factors { float factors[]; };

layout(push_constant) uniform Params {
    uint items;        // column items per row: n_kv_head * itemsPerHead
    uint chains;       // min(delta, moved)
    uint itemsPerHead;
    uint rotItems;     // items that rotate: nRot/2 (normal) or nRot/4 (NeoX)
    uint rowUints;     // n_kv_head * head_dim / 2
    uint headUints;    // head_dim / 2
    uint nRot;
    uint mode;         // 0 normal, 2 NeoX
    uint begin;        // first removed row
    uint delta;        // removed rows
    uint moved;        // rows after the removed span
    float log2Base;
    float freqScale;
    uint hasFactors;
} params;

// The angle of pair i at position -delta (as rope.comp computes it),
// reduced to [-pi, pi]: Vulkan bounds the error of sin and cos only there,
// and delta reaches thousands of radians for the fastest pairs.
float angle(uint i)
{
    const float twoPi = 6.2831853071795865;
    float theta = -float(params.delta) * params.freqScale *
                  exp2(-2.0 * float(i) / float(params.nRot) * params.log2Base);
    if (params.hasFactors != 0)
        theta /= factors[i];
    return theta - twoPi * round(theta / twoPi);
}

vec2 rotate(vec2 pair, float c, float s)
{
    return vec2(pair.x * c - pair.y * s, pair.x * s + pair.y * c);
}

// Index of uint u of moved row r (its source; the destination is delta rows lower).
uint source(uint r, uint u)
{
    return (params.begin + params.delta + r) * params.rowUints + u;
}

void main()
{
    const uint index = globalIndex();
    if (index >= params.items * params.chains)
        return;
    const uint item = index % params.items;
    const uint chain = index / params.items;
    const uint headBase = (item / params.itemsPerHead) * params.headUints;
    const uint j = item % params.itemsPerHead;
    const uint down = params.delta * params.rowUints;
    if (j >= params.rotItems) {
        const uint u = headBase + params.nRot / 2 + (j - params.rotItems);
        for (uint r = chain; r < params.moved; r += params.delta) {
            const uint src = source(r, u);
            kCache[src - down] = kCache[src];
            vCache[src - down] = vCache[src];
        }
        return;
    }
    if (params.mode == 0) {
        const float theta = angle(j);
        const float c = cos(theta), s = sin(theta);
        for (uint r = chain; r < params.moved; r += params.delta) {
            const uint src = source(r, headBase + j);
            kCache[src - down] = packHalf2x16(rotate(unpackHalf2x16(kCache[src]), c, s));
            vCache[src - down] = vCache[src];
        }
        return;
    }
    // NeoX: a holds (x[2j], x[2j+1]), b their partners nRot/2 further on.
    const uint quarter = params.nRot / 4;
    const float t0 = angle(2 * j), t1 = angle(2 * j + 1);
    const float c0 = cos(t0), s0 = sin(t0), c1 = cos(t1), s1 = sin(t1);
    for (uint r = chain; r < params.moved; r += params.delta) {
        const uint srcA = source(r, headBase + j), srcB = srcA + quarter;
        const vec2 a = unpackHalf2x16(kCache[srcA]);
        const vec2 b = unpackHalf2x16(kCache[srcB]);
        const vec2 first = rotate(vec2(a.x, b.x), c0, s0);
        const vec2 second = rotate(vec2(a.y, b.y), c1, s1);
        kCache[srcA - down] = packHalf2x16(vec2(first.x, second.x));
        kCache[srcB - down] = packHalf2x16(vec2(first.y, second.y));
        vCache[srcA - down] = vCache[srcA];
        vCache[srcB - down] = vCache[srcB];
    }
}
