#version 450
// Attention for CPU drivers (lavapipe), same inputs and push constants as
// attention.comp: one 8-lane subgroup per (head, query), no shared memory
// and no barriers (both are costly there). Each lane takes its own keys
// (lane, lane + 8, ...), KEYS of them per step; the lanes share one running
// max, so a step is: scores of the lane's keys, the step's max over the
// subgroup, a rescale of the partial sums only when that max grew, and
// p * V of each key added into the lane's own DIM sums. At the end the
// lanes' sums are added across the subgroup. K and V rows are read as
// RGBA32UI texels (8 halves each: one gather per lane, where a storage-
// buffer load would be a loop over the lanes).
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_samplerless_texture_functions : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 8;    // lanes per workgroup: the subgroup size, 8
layout(constant_id = 1) const uint DIM = 64;  // head_dim, a multiple of 8
layout(constant_id = 2) const uint KEYS = 4;  // keys per lane per step
const uint TEXELS = DIM / 8;                  // texels per cache row of one kv head

layout(std430, binding = 0) readonly buffer Q { float q[]; }; // [n_q][n_head][head_dim]
layout(binding = 1) uniform utextureBuffer KCache;            // [n_ctx][n_kv_head][head_dim] f16
layout(binding = 2) uniform utextureBuffer VCache;
layout(std430, binding = 3) writeonly buffer Out { float result[]; }; // like Q

layout(push_constant) uniform Params {
    uint nHead;
    uint nKvHead;
    uint headDim; // = DIM
    uint kvLen;
    uint p0;
    float scale;
} params;

#define NEG_INF uintBitsToFloat(0xFF800000u)

// The 8 halves of texel t as floats in acc order.
void unpackTexel(uvec4 t, out vec2 h[4])
{
    h[0] = unpackHalf2x16(t.x);
    h[1] = unpackHalf2x16(t.y);
    h[2] = unpackHalf2x16(t.z);
    h[3] = unpackHalf2x16(t.w);
}

void main()
{
    const uint lane = gl_SubgroupInvocationID;
    const uint head = gl_WorkGroupID.x;
    const uint query = gl_WorkGroupID.y;
    const uint kvHead = head / (params.nHead / params.nKvHead);
    const uint qBase = (query * params.nHead + head) * DIM;
    const uint rowTexels = params.nKvHead * TEXELS; // texels per cache position
    const uint headTexel = kvHead * TEXELS;
    const uint kvEnd = min(params.kvLen, params.p0 + query + 1);

    vec2 qv[DIM / 2]; // pre-scaled, so a dot product is the score
    [[unroll]] for (uint d = 0; d < DIM / 2; ++d)
        qv[d] = vec2(q[qBase + 2 * d], q[qBase + 2 * d + 1]) * params.scale;
    vec2 acc[DIM / 2];
    [[unroll]] for (uint d = 0; d < DIM / 2; ++d)
        acc[d] = vec2(0.0);
    float m = NEG_INF; // the same in every lane
    float l = 0.0;     // this lane's share of the softmax denominator

    for (uint t0 = 0; t0 < kvEnd; t0 += WG * KEYS) {
        uint key[KEYS];
        float s[KEYS];
        float stepMax = NEG_INF;
        [[unroll]] for (uint k = 0; k < KEYS; ++k) {
            const uint j = t0 + k * WG + lane;
            // Lanes past the end score a real row (in bounds) and drop it.
            key[k] = min(j, kvEnd - 1);
            const uint base = key[k] * rowTexels + headTexel;
            vec2 dot2 = vec2(0.0);
            [[unroll]] for (uint i = 0; i < TEXELS; ++i) {
                vec2 h[4];
                unpackTexel(texelFetch(KCache, int(base + i)), h);
                [[unroll]] for (uint c = 0; c < 4; ++c)
                    dot2 += qv[4 * i + c] * h[c];
            }
            s[k] = j < kvEnd ? dot2.x + dot2.y : NEG_INF;
            stepMax = max(stepMax, s[k]);
        }
        const float mNew = max(m, subgroupMax(stepMax)); // finite from the first step on (key 0)
        if (mNew > m) { // uniform: rescale what was summed under the old max
            const float correction = exp(m - mNew); // 0 on the first step
            l *= correction;
            [[unroll]] for (uint d = 0; d < DIM / 2; ++d)
                acc[d] *= correction;
            m = mNew;
        }
        [[unroll]] for (uint k = 0; k < KEYS; ++k) {
            const float p = exp(s[k] - m); // 0 for dropped keys
            l += p;
            const uint base = key[k] * rowTexels + headTexel;
            [[unroll]] for (uint i = 0; i < TEXELS; ++i) {
                vec2 h[4];
                unpackTexel(texelFetch(VCache, int(base + i)), h);
                [[unroll]] for (uint c = 0; c < 4; ++c)
                    acc[4 * i + c] += p * h[c];
            }
        }
    }
    const float total = subgroupAdd(l);
    // Lane d % 8 stores element d: the stores spread over the lanes.
    [[unroll]] for (uint d = 0; d < DIM / 2; ++d) {
        const vec2 sum = subgroupAdd(acc[d]) / total;
        if (((2 * d) & (WG - 1)) == lane)
            result[qBase + 2 * d] = sum.x;
        if (((2 * d + 1) & (WG - 1)) == lane)
            result[qBase + 2 * d + 1] = sum.y;
    }
}
