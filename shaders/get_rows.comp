#version 450
// Embedding lookup: out[i] = dequantised row ids[i] of the matrix at binding
// 0. One invocation per output element. Compiled once per weight type
// (TYPE_F16, TYPE_Q8_0, ...; none means F32).
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
#include "weights.glsl"

layout(std430, binding = 1) readonly buffer Ids { int ids[]; };
layout(std430, binding = 2) writeonly buffer Out { float result[]; };

layout(push_constant) uniform Params { uint n; uint count; uint rowBytes; } params;

void main()
{
    const uint i = globalIndex();
    if (i >= params.n * params.count)
        return;
    const uint r = i / params.n;
    result[i] = dequantElement(uint(ids[r]) * params.rowBytes, i % params.n);
}
