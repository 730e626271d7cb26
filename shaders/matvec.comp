#version 450
// y[yBase + r] = dot(W[r], x) for the `rows` rows of the bound weight range
// (decode, batch 1). Each workgroup computes ROWS rows; its WG threads
// stride over the units of those rows, then reduce. With SUBGROUP defined
// the reduction is subgroupAdd plus one shared-memory step across
// subgroups; without it a shared-memory tree (devices lacking subgroup
// arithmetic). One variant per weight type (TYPE_*; none means F32);
// WORDS_ONLY, FP16 and TAIL_SAFE builds: see weights.glsl, matvec_types.glsl.
// CPU drivers use matvec_lanes.comp instead.
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 32;
layout(constant_id = 1) const uint ROWS = 2;
#include "weights.glsl"
#ifdef SUBGROUP
#extension GL_KHR_shader_subgroup_arithmetic : require
#endif
#ifdef FP16
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#endif

layout(std430, binding = 1) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer X4 { vec4 x4[]; };
layout(std430, binding = 2) buffer Y { float y[]; }; // read too when accumulating

layout(push_constant) uniform Params {
    uint cols;
    uint rows;     // rows in this dispatch
    uint rowBytes;
    uint wBase;    // byte offset of row 0 within the binding
    uint yBase;    // index in y of row 0
    uint epilogue; // matvec_epilogue.glsl
} params;

#include "matvec_epilogue.glsl"

#include "matvec_types.glsl"

shared float partial[ROWS][WG];

void main()
{
    const uint tid = gl_LocalInvocationID.x;
    const uint firstRow = (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * ROWS;
    const uint units = params.cols / UNIT;
    float acc[ROWS];
    for (uint r = 0; r < ROWS; ++r)
        acc[r] = 0.0;
    for (uint u = tid; u < units; u += WG) {
        for (uint r = 0; r < ROWS; ++r) {
            const uint row = min(firstRow + r, params.rows - 1); // clamp: keeps loads in range
            acc[r] += unitDot(params.wBase + row * params.rowBytes, u);
        }
    }
#ifdef SUBGROUP
    for (uint r = 0; r < ROWS; ++r) {
        const float s = subgroupAdd(acc[r]);
        if (subgroupElect())
            partial[r][gl_SubgroupID] = s;
    }
    barrier();
    if (tid < ROWS && firstRow + tid < params.rows) {
        float total = 0.0;
        for (uint i = 0; i < gl_NumSubgroups; ++i)
            total += partial[tid][i];
        storeRow(params.yBase + firstRow + tid, total);
    }
#else
    for (uint r = 0; r < ROWS; ++r)
        partial[r][tid] = acc[r];
    barrier();
    for (uint stride = WG / 2; stride > 0; stride >>= 1) {
        if (tid < stride)
            for (uint r = 0; r < ROWS; ++r)
                partial[r][tid] += partial[r][tid + stride];
        barrier();
    }
    if (tid < ROWS && firstRow + tid < params.rows)
        storeRow(params.yBase + firstRow + tid, partial[tid][0]);
#endif
}
