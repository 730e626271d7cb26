#version 450
// Decode mat-vec for CPU drivers (lavapipe): y[yBase + r] = dot(W[r], x).
// A CPU driver runs the 8 lanes of a workgroup as the lanes of one SIMD
// register. Its storage-buffer loads are a loop over the lanes with a
// bounds check per lane and per 32-bit word; its texel fetches are a gather
// of one 16-byte load per lane. So weights and x are both read as texels.
// The 8 lanes work on the same ROWS rows at once: in step q lane l takes
// unit 8q + l of every row (a unit is UNIT_COLS columns, UNIT_TEXELS
// texels), so together the lanes read each row as one contiguous run (the
// CPU's prefetchers follow ROWS streams, not one per lane and row), and the
// x of a unit is fetched once per step for all ROWS rows. One subgroupAdd
// per row at the end.
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_samplerless_texture_functions : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 8;   // lanes per workgroup: the subgroup size, 8
layout(constant_id = 1) const uint ROWS = 4; // rows per workgroup

layout(binding = 0) uniform utextureBuffer W; // the rows, as RGBA32UI texels
layout(binding = 1) uniform utextureBuffer X; // x, 4 floats per texel
layout(std430, binding = 2) buffer Y { float y[]; }; // read too when accumulating

layout(push_constant) uniform Params {
    uint cols;
    uint rows;     // rows in this dispatch
    uint rowBytes; // a multiple of 16 for types whose units are whole texels, else of 4 (2 for Q6_K)
    uint wBase;    // byte offset of row 0 within the binding, aligned like rowBytes
    uint yBase;    // index in y of row 0
    uint epilogue; // matvec_epilogue.glsl
} params;

#include "matvec_epilogue.glsl"

uvec4 weightTexel(uint i)
{
    return texelFetch(W, int(i));
}

#include "matvec_texel_types.glsl"

void main()
{
    const uint lane = gl_SubgroupInvocationID;
    const uint row0 = (gl_WorkGroupID.y * gl_NumWorkGroups.x + gl_WorkGroupID.x) * ROWS;
    uint rowStart[ROWS]; // first byte of each row
    float acc[ROWS];
    [[unroll]] for (uint i = 0; i < ROWS; ++i) {
        // Rows past the end repeat the last one (computed, not stored).
        rowStart[i] = params.wBase + min(row0 + i, params.rows - 1) * params.rowBytes;
        acc[i] = 0.0;
    }
    const uint units = params.cols / UNIT_COLS;
    for (uint first = 0; first < units; first += WG) {
        // Lanes past the last unit redo it with x = 0 (adds nothing).
        const uint unit = min(first + lane, units - 1);
        const float keep = first + lane < units ? 1.0 : 0.0;
        vec4 xv[UNIT_COLS / 4];
        [[unroll]] for (uint k = 0; k < UNIT_COLS / 4; ++k)
            xv[k] = keep * uintBitsToFloat(texelFetch(X, int(unit * (UNIT_COLS / 4) + k)));
        const UnitX u = prepareUnit(xv);
        [[unroll]] for (uint i = 0; i < ROWS; ++i)
            acc[i] += unitDot(unitStart(rowStart[i], unit), u);
    }
    [[unroll]] for (uint i = 0; i < ROWS; ++i) {
        const float total = subgroupAdd(acc[i]);
        if (lane == 0 && row0 + i < params.rows)
            storeRow(params.yBase + row0 + i, total);
    }
}
