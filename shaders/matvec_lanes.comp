#version 450
// Decode mat-vec for CPU drivers (lavapipe): y[yBase + r] = dot(W[r], x),
// same bindings and push constants as matvec.comp. On a CPU driver the 8
// lanes of a subgroup are the lanes of one SIMD register: every buffer load
// is a loop over the lanes, while arithmetic and reading another lane's
// register (subgroupBroadcast) are single instructions. So each lane owns
// ROWS whole rows and loads only their quant blocks, once, in 32-bit words;
// x is loaded once per workgroup (one vec4 per lane per 32 columns) and
// handed around with broadcasts. No shared memory, no barriers, no
// reduction. A workgroup is one subgroup of exactly 8 lanes (host checks).
#extension GL_GOOGLE_include_directive : require
#extension GL_KHR_shader_subgroup_ballot : require
#extension GL_EXT_control_flow_attributes : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 8;   // must equal the subgroup size, 8
layout(constant_id = 1) const uint ROWS = 4; // rows per lane
#include "weights.glsl"

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

uint rowStart[ROWS]; // byte offset of each of the lane's rows
float acc[ROWS];

#include "matvec_lanes_types.glsl"

void main()
{
    const uint lane = gl_SubgroupInvocationID;
    const uint row0 = (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * WG * ROWS;
    [[unroll]] for (uint i = 0; i < ROWS; ++i) {
        // Rows past the end repeat the last one (computed, not stored):
        // keeps every load in range without a branch.
        rowStart[i] = params.wBase + min(row0 + lane + i * WG, params.rows - 1) * params.rowBytes;
        acc[i] = 0.0;
    }
    const uint chunks = params.cols / CHUNK;
    for (uint c = 0; c < chunks; ++c)
        accumulateChunk(c, lane);
    [[unroll]] for (uint i = 0; i < ROWS; ++i) {
        const uint row = row0 + lane + i * WG;
        if (row < params.rows)
            storeRow(params.yBase + row, acc[i]);
    }
}
