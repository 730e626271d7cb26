#version 450
// Rotary position embedding on x laid out [tokens][heads][headDim]. One
// invocation per pair of elements; pairs past nRot/2 are copied unchanged
// (partial rotary). Normal mode (0) rotates (x[2i], x[2i+1]), NeoX (2)
// rotates (x[i], x[i + nRot/2]); theta_i = pos * freqScale * base^(-2i/nRot),
// divided by factors[i] when hasFactors (Llama 3.1+ frequency scaling).
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"

layout(std430, binding = 0) readonly buffer X { float x[]; };
layout(std430, binding = 1) readonly buffer Positions { int positions[]; };
layout(std430, binding = 2) writeonly buffer Out { float result[]; };
layout(std430, binding = 3) readonly buffer Factors { float factors[]; };

layout(push_constant) uniform Params {
    uint pairs; // tokens * heads * headDim / 2
    uint headDim;
    uint nRot;
    uint heads;
    uint mode;
    float log2Base;
    float freqScale;
    uint hasFactors;
} params;

void main()
{
    const uint p = globalIndex();
    if (p >= params.pairs)
        return;
    const uint halfDim = params.headDim / 2;
    const uint i = p % halfDim;
    const uint head = p / halfDim;
    const uint base = head * params.headDim;
    if (i >= params.nRot / 2) {
        const uint j = base + params.nRot + 2 * (i - params.nRot / 2);
        result[j] = x[j];
        result[j + 1] = x[j + 1];
        return;
    }
    const float pos = float(positions[head / params.heads]);
    float theta = pos * params.freqScale * exp2(-2.0 * float(i) / float(params.nRot) * params.log2Base);
    if (params.hasFactors != 0)
        theta /= factors[i];
    const uint i0 = params.mode == 0 ? base + 2 * i : base + i;
    const uint i1 = params.mode == 0 ? i0 + 1 : i0 + params.nRot / 2;
    const float c = cos(theta);
    const float s = sin(theta);
    const float x0 = x[i0];
    const float x1 = x[i1];
    result[i0] = x0 * c - x1 * s;
    result[i1] = x0 * s + x1 * c;
}
