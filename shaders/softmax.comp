#version 450
// Softmax of each row of n; one workgroup per row. The max is subtracted
// first so exp never overflows.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 128;
#include "reduce.glsl"

layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) writeonly buffer Out { float result[]; };

layout(push_constant) uniform Params { uint n; } params;

void main()
{
    const uint base = gl_WorkGroupID.x * params.n;
    float localMax = -3.402823466e38;
    for (uint i = gl_LocalInvocationID.x; i < params.n; i += WG)
        localMax = max(localMax, x[base + i]);
    const float rowMax = workgroupMax(localMax);
    float sum = 0.0;
    for (uint i = gl_LocalInvocationID.x; i < params.n; i += WG)
        sum += exp(x[base + i] - rowMax);
    const float inv = 1.0 / workgroupSum(sum);
    for (uint i = gl_LocalInvocationID.x; i < params.n; i += WG)
        result[base + i] = exp(x[base + i] - rowMax) * inv;
}
