#version 450
// Mat-mat for CPU drivers (lavapipe), same push constants as matmul.comp:
// Y[t][yRow0 + r] = dot(W[r], X[t]). The matvec_texel.comp layout with
// TOKENS activation rows instead of one: weights and activations are read
// as RGBA32UI texels (a gather of one 16-byte load per lane; storage-buffer
// loads are a per-lane loop there), the 8 lanes share the workgroup's ROWS
// rows and take consecutive units of columns, and each unit is decoded once
// for all TOKENS tokens (the decoders of matvec_texel_types.glsl are called
// per token; the compiler merges their identical fetches and decoding). One
// subgroupAdd per output at the end.
#extension GL_GOOGLE_include_directive : require
#extension GL_EXT_samplerless_texture_functions : require
#extension GL_EXT_control_flow_attributes : require
#extension GL_KHR_shader_subgroup_arithmetic : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 8;     // lanes per workgroup: the subgroup size, 8
layout(constant_id = 1) const uint ROWS = 4;   // weight rows per workgroup
layout(constant_id = 2) const uint TOKENS = 4; // tokens per workgroup

layout(binding = 0) uniform utextureBuffer W; // the rows, as RGBA32UI texels
layout(binding = 1) uniform utextureBuffer X; // the tokens' activations, 4 floats per texel
layout(std430, binding = 2) writeonly buffer Y { float y[]; };

layout(push_constant) uniform Params {
    uint k;
    uint rows;
    uint tokens;
    uint rowBytes; // as in matvec_texel.comp
    uint wBase;
    uint yStride;
    uint yRow0;
} params;

uvec4 weightTexel(uint i)
{
    return texelFetch(W, int(i));
}

#define Q6_K_HALF_UNITS 1
#include "matvec_texel_types.glsl"

void main()
{
    const uint lane = gl_SubgroupInvocationID;
    const uint row0 = gl_WorkGroupID.x * ROWS;
    const uint tok0 = gl_WorkGroupID.y * TOKENS;
    uint rowStart[ROWS];
    [[unroll]] for (uint i = 0; i < ROWS; ++i) // rows past the end repeat the last one (not stored)
        rowStart[i] = params.wBase + min(row0 + i, params.rows - 1) * params.rowBytes;
    uint xStart[TOKENS]; // first texel of each token's activations
    [[unroll]] for (uint t = 0; t < TOKENS; ++t)
        xStart[t] = min(tok0 + t, params.tokens - 1) * (params.k / 4);
    float acc[ROWS * TOKENS];
    [[unroll]] for (uint i = 0; i < ROWS * TOKENS; ++i)
        acc[i] = 0.0;

    const uint units = params.k / UNIT_COLS;
    for (uint first = 0; first < units; first += WG) {
        // Lanes past the last unit redo it with x = 0 (adds nothing).
        const uint unit = min(first + lane, units - 1);
        const float keep = first + lane < units ? 1.0 : 0.0;
        [[unroll]] for (uint t = 0; t < TOKENS; ++t) {
            vec4 xv[UNIT_COLS / 4];
            [[unroll]] for (uint q = 0; q < UNIT_COLS / 4; ++q)
                xv[q] = keep * uintBitsToFloat(texelFetch(X, int(xStart[t] + unit * (UNIT_COLS / 4) + q)));
            const UnitX u = prepareUnit(xv);
            [[unroll]] for (uint i = 0; i < ROWS; ++i)
                acc[i * TOKENS + t] += unitDot(unitStart(rowStart[i], unit), u);
        }
    }
    [[unroll]] for (uint i = 0; i < ROWS; ++i) {
        [[unroll]] for (uint t = 0; t < TOKENS; ++t) {
            const float total = subgroupAdd(acc[i * TOKENS + t]);
            if (lane == 0 && row0 + i < params.rows && tok0 + t < params.tokens)
                y[(tok0 + t) * params.yStride + params.yRow0 + row0 + i] = total;
        }
    }
}
