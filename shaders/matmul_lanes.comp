#version 450
// Mat-mat for CPU drivers (lavapipe), same interface as matmul.comp:
// Y[t][yRow0 + r] = dot(W[r], X[t]). On a CPU driver the lanes of a
// subgroup are the lanes of one SIMD register: every buffer or shared-memory
// access is a gather over the lanes and a barrier is a coroutine switch, so
// the shared-memory tiles of matmul.comp cost more than they save there.
// This kernel keeps everything in registers: a workgroup is one 8-lane
// subgroup; each lane owns TM weight rows and decodes their 32-weight chunk
// once, then for each of the BN tokens the 8 lanes load the token's matching
// 32 activations together (one vec4 each) and pass them around with
// broadcasts (still ~40% of the time, docs/PERFORMANCE.md). No shared
// memory, no barriers.
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_ballot : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 8; // must be the subgroup size, and 8: 8 lanes x vec4 = one chunk
layout(constant_id = 1) const uint TM = 8; // weight rows per lane
layout(constant_id = 2) const uint BN = 16; // tokens per workgroup
#include "weights.glsl"

layout(std430, binding = 1) readonly buffer X4 { vec4 x4[]; };
layout(std430, binding = 2) writeonly buffer Y { float y[]; };

layout(push_constant) uniform Params {
    uint k;
    uint rows;
    uint tokens;
    uint rowBytes;
    uint wBase;
    uint yStride;
    uint yRow0;
} params;

#include "matmul_types.glsl"

void main()
{
    const uint lane = gl_SubgroupInvocationID;
    const uint row0 = gl_WorkGroupID.x * WG * TM;
    const uint tok0 = gl_WorkGroupID.y * BN;
    const uint chunks = params.k / 32;

    float acc[TM * BN];
    for (uint i = 0; i < TM * BN; ++i)
        acc[i] = 0.0;
    uint rowStart[TM];
    for (uint i = 0; i < TM; ++i) // rows past the end repeat the last one (not stored)
        rowStart[i] = params.wBase + min(row0 + lane + i * WG, params.rows - 1) * params.rowBytes;

    for (uint c = 0; c < chunks; ++c) {
        // The lane's TM rows, chunk c: 4 pieces of two vec4s each, at
        // chunk positions ka / kb (the same for every row and lane).
        vec4 wa[TM * 4];
        vec4 wb[TM * 4];
        uint ka[4], kb[4];
        for (uint i = 0; i < TM; ++i)
            for (uint p = 0; p < 4; ++p)
                decodePiece(rowStart[i], c, p, wa[i * 4 + p], wb[i * 4 + p], ka[p], kb[p]);
        for (uint t = 0; t < BN; ++t) {
            const uint token = min(tok0 + t, params.tokens - 1);
            const vec4 xv = x4[(token * params.k + c * 32) / 4 + lane]; // lane l: x[c*32 + 4l ..]
            for (uint p = 0; p < 4; ++p) {
                const vec4 xa = subgroupBroadcast(xv, ka[p] / 4);
                const vec4 xb = subgroupBroadcast(xv, kb[p] / 4);
                for (uint i = 0; i < TM; ++i)
                    acc[i * BN + t] += dot(wa[i * 4 + p], xa) + dot(wb[i * 4 + p], xb);
            }
        }
    }

    for (uint t = 0; t < BN; ++t) {
        const uint token = tok0 + t;
        for (uint i = 0; i < TM; ++i) {
            const uint r = row0 + lane + i * WG;
            if (token < params.tokens && r < params.rows)
                y[token * params.yStride + params.yRow0 + r] = acc[i * BN + t];
        }
    }
}
