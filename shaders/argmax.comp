#version 450
// Argmax of one row, two passes (see ops_select.cpp). Each workgroup reduces
// `chunk` consecutive candidates to one (value, index) pair. In the first
// pass candidates are the logits themselves (index = position); in the
// second, one workgroup merges the per-workgroup pairs. Ties go to the
// lowest index, so the result does not depend on the workgroup split.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 128; // power of two: tree reduction

layout(std430, binding = 0) readonly buffer InValue { float inValue[]; };
layout(std430, binding = 1) readonly buffer InIndex { uint inIndex[]; }; // unused in the first pass
layout(std430, binding = 2) writeonly buffer OutValue { float outValue[]; };
layout(std430, binding = 3) writeonly buffer OutIndex { uint outIndex[]; };

layout(push_constant) uniform Params { uint n; uint chunk; uint first; } params;

shared float bestValue[WG];
shared uint bestIndex[WG];

bool better(float v, uint i, float w, uint j) { return v > w || (v == w && i < j); }

void main()
{
    const uint tid = gl_LocalInvocationID.x;
    const uint begin = gl_WorkGroupID.x * params.chunk;
    const uint end = min(params.n, begin + params.chunk);
    // Sentinel: loses to every real candidate, even a -inf one (index order).
    float v = uintBitsToFloat(0xFF800000u);
    uint idx = 0xFFFFFFFFu;
    for (uint j = begin + tid; j < end; j += WG) {
        const float c = inValue[j];
        const uint ci = params.first != 0 ? j : inIndex[j];
        if (better(c, ci, v, idx)) {
            v = c;
            idx = ci;
        }
    }
    bestValue[tid] = v;
    bestIndex[tid] = idx;
    barrier();
    for (uint stride = WG / 2; stride > 0; stride >>= 1) {
        if (tid < stride && better(bestValue[tid + stride], bestIndex[tid + stride], bestValue[tid], bestIndex[tid])) {
            bestValue[tid] = bestValue[tid + stride];
            bestIndex[tid] = bestIndex[tid + stride];
        }
        barrier();
    }
    if (tid == 0) {
        outValue[gl_WorkGroupID.x] = bestValue[0];
        outIndex[gl_WorkGroupID.x] = bestIndex[0];
    }
}
