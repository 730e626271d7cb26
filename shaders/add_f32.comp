#version 450
// out[i] = a[i] + b[i] over n float elements.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(std430, binding = 0) readonly buffer A { float a[]; };
layout(std430, binding = 1) readonly buffer B { float b[]; };
layout(std430, binding = 2) writeonly buffer Out { float result[]; };

layout(push_constant) uniform Params { uint n; } params;

void main()
{
    const uint i = globalIndex();
    if (i < params.n)
        result[i] = a[i] + b[i];
}
