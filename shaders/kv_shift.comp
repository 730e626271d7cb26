#version 450
// Removes the cache rows [begin, begin + delta) of one layer: rows
// [begin + delta, begin + delta + moved) move down by delta, and the moved
// keys are rotated by -delta positions (RoPE is linear in position, so a key
// roped at p becomes the key roped at p - delta). Values are only moved.
//
// Each invocation owns a fixed set of columns of every row and walks the rows
// in increasing order, reading a row before it writes the row delta below.
// Destination rows are only ever sources of rows already read by the same
// invocation, so the overlapping move needs no barrier or temporary buffer.
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
    uint items;        // n_kv_head * itemsPerHead
    uint itemsPerHead;
    uint rotItems;     // items that rotate: nRot/2 (normal) or nRot/4 (NeoX)
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

// The angle of pair i at position -delta (as rope.comp computes it).
float angle(uint i)
{
    float theta = -float(params.delta) * params.freqScale *
                  exp2(-2.0 * float(i) / float(params.nRot) * params.log2Base);
    if (params.hasFactors != 0)
        theta /= factors[i];
    return theta;
}

vec2 rotate(vec2 pair, float c, float s)
{
    return vec2(pair.x * c - pair.y * s, pair.x * s + pair.y * c);
}

void main()
{
    const uint item = globalIndex();
    if (item >= params.items)
        return;
    const uint head = item / params.itemsPerHead;
    const uint j = item % params.itemsPerHead;
    const uint rowUints = (params.items / params.itemsPerHead) * params.headUints;
    const uint headBase = head * params.headUints;
    if (j >= params.rotItems) {
        const uint u = headBase + params.nRot / 2 + (j - params.rotItems);
        for (uint r = 0; r < params.moved; ++r) {
            const uint src = (params.begin + params.delta + r) * rowUints + u;
            const uint dst = src - params.delta * rowUints;
            kCache[dst] = kCache[src];
            vCache[dst] = vCache[src];
        }
        return;
    }
    if (params.mode == 0) {
        const float theta = angle(j);
        const float c = cos(theta), s = sin(theta);
        for (uint r = 0; r < params.moved; ++r) {
            const uint src = (params.begin + params.delta + r) * rowUints + headBase + j;
            const uint dst = src - params.delta * rowUints;
            kCache[dst] = packHalf2x16(rotate(unpackHalf2x16(kCache[src]), c, s));
            vCache[dst] = vCache[src];
        }
        return;
    }
    // NeoX: a holds (x[2j], x[2j+1]), b their partners nRot/2 further on.
    const uint quarter = params.nRot / 4;
    const float t0 = angle(2 * j), t1 = angle(2 * j + 1);
    const float c0 = cos(t0), s0 = sin(t0), c1 = cos(t1), s1 = sin(t1);
    for (uint r = 0; r < params.moved; ++r) {
        const uint srcA = (params.begin + params.delta + r) * rowUints + headBase + j;
        const uint dstA = srcA - params.delta * rowUints;
        const vec2 a = unpackHalf2x16(kCache[srcA]);
        const vec2 b = unpackHalf2x16(kCache[srcA + quarter]);
        const vec2 first = rotate(vec2(a.x, b.x), c0, s0);
        const vec2 second = rotate(vec2(a.y, b.y), c1, s1);
        kCache[dstA] = packHalf2x16(vec2(first.x, second.x));
        kCache[dstA + quarter] = packHalf2x16(vec2(first.y, second.y));
        vCache[dstA] = vCache[srcA];
        vCache[dstA + quarter] = vCache[srcA + quarter];
    }
}
