#version 450
// Gated linear units: out[i] = act(gate[i]) * up[i] with act = silu (kind 0,
// SwiGLU) or tanh-approximated gelu (kind 1, GeGLU), as ggml computes them.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(std430, binding = 0) readonly buffer Gate { float gate[]; };
layout(std430, binding = 1) readonly buffer Up { float up[]; };
layout(std430, binding = 2) writeonly buffer Out { float result[]; };

layout(push_constant) uniform Params { uint n; uint kind; } params;

void main()
{
    const uint i = globalIndex();
    if (i >= params.n)
        return;
    const float g = gate[i];
    float act;
    if (params.kind == 0) {
        act = g / (1.0 + exp(-g));
    } else {
        // tanh(z) = 1 - 2 / (exp(2z) + 1): saturates cleanly for large |z|
        // where GLSL's tanh may return NaN on some drivers.
        const float z = 0.7978845608 * g * (1.0 + 0.044715 * g * g);
        const float t = 1.0 - 2.0 / (exp(2.0 * z) + 1.0);
        act = 0.5 * g * (1.0 + t);
    }
    result[i] = act * up[i];
}
