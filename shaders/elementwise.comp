#version 450
// out[i] = a[i] + b[i % bn] (op 0), a[i] * b[i % bn] (op 1), a[i] * factor
// (op 2). b shorter than a broadcasts over rows (bias, per-channel scale).
// One shader with a uniform branch: cheaper than three pipelines.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(std430, binding = 0) readonly buffer A { float a[]; };
layout(std430, binding = 1) readonly buffer B { float b[]; };
layout(std430, binding = 2) writeonly buffer Out { float result[]; };

layout(push_constant) uniform Params { uint n; uint bn; uint op; float factor; } params;

void main()
{
    const uint i = globalIndex();
    if (i >= params.n)
        return;
    if (params.op == 0)
        result[i] = a[i] + b[i % params.bn];
    else if (params.op == 1)
        result[i] = a[i] * b[i % params.bn];
    else
        result[i] = a[i] * params.factor;
}
