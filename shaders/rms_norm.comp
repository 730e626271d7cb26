#version 450
// out[r][i] = x[r][i] / sqrt(mean(x[r]^2) + eps) * weight[i]: the norm and
// the weight multiply fused so the row is read twice and written once.
// One workgroup per row.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 128;
#include "reduce.glsl"

layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer Weight { float weight[]; };
layout(std430, binding = 2) writeonly buffer Out { float result[]; };

layout(push_constant) uniform Params { uint n; float eps; } params;

void main()
{
    const uint base = gl_WorkGroupID.x * params.n;
    float sum = 0.0;
    for (uint i = gl_LocalInvocationID.x; i < params.n; i += WG)
        sum += x[base + i] * x[base + i];
    const float inv = inversesqrt(workgroupSum(sum) / float(params.n) + params.eps);
    for (uint i = gl_LocalInvocationID.x; i < params.n; i += WG)
        result[base + i] = x[base + i] * inv * weight[i];
}
