#version 450
// Top-k of candidates, one pass of a multi-pass reduction (see
// ops_select.cpp). Each workgroup loads CHUNK consecutive candidates into
// shared memory, bitonic-sorts them (best first: larger value, then lower
// index) and writes its first k. In the first pass candidates are the logits
// (index = position); later passes read the (value, index) lists of the
// previous pass. Padding sorts last, so short chunks are harmless.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 256;
// Power of two; 2048 pairs are 16 KiB of shared memory (32 KiB is the
// Vulkan minimum) and shrink a 152k vocabulary to 64 candidates in 3 passes.
layout(constant_id = 1) const uint CHUNK = 2048;

layout(std430, binding = 0) readonly buffer InValue { float inValue[]; };
layout(std430, binding = 1) readonly buffer InIndex { uint inIndex[]; }; // unused in the first pass
layout(std430, binding = 2) writeonly buffer OutValue { float outValue[]; };
layout(std430, binding = 3) writeonly buffer OutIndex { uint outIndex[]; };

layout(push_constant) uniform Params { uint n; uint k; uint first; } params;

shared float sortValue[CHUNK];
shared uint sortIndex[CHUNK];

bool better(uint a, uint b)
{
    return sortValue[a] > sortValue[b] || (sortValue[a] == sortValue[b] && sortIndex[a] < sortIndex[b]);
}

void main()
{
    const uint tid = gl_LocalInvocationID.x;
    const uint base = gl_WorkGroupID.x * CHUNK;
    for (uint j = tid; j < CHUNK; j += WG) {
        const uint src = base + j;
        const bool real = src < params.n;
        sortValue[j] = real ? inValue[src] : uintBitsToFloat(0xFF800000u);
        sortIndex[j] = real ? (params.first != 0 ? src : inIndex[src]) : 0xFFFFFFFFu;
    }
    barrier();
    // Bitonic sort: within each block of `size`, halves alternate direction
    // until the final merge orders the whole chunk best-first.
    for (uint size = 2; size <= CHUNK; size <<= 1) {
        for (uint stride = size >> 1; stride > 0; stride >>= 1) {
            for (uint t = tid; t < CHUNK / 2; t += WG) {
                const uint lo = 2 * stride * (t / stride) + (t % stride);
                const uint hi = lo + stride;
                const bool swap = (lo & size) == 0 ? better(hi, lo) : better(lo, hi);
                if (swap) {
                    const float v = sortValue[lo];
                    const uint i = sortIndex[lo];
                    sortValue[lo] = sortValue[hi];
                    sortIndex[lo] = sortIndex[hi];
                    sortValue[hi] = v;
                    sortIndex[hi] = i;
                }
            }
            barrier();
        }
    }
    for (uint j = tid; j < params.k; j += WG) {
        outValue[gl_WorkGroupID.x * params.k + j] = sortValue[j];
        outIndex[gl_WorkGroupID.x * params.k + j] = sortIndex[j];
    }
}
