#version 450
// Scaled dot-product attention of queries against an f16 KV cache, one
// workgroup per (head, query). Keys are visited in tiles of WG with an
// online softmax (running max m, running sum l, output rescaled by
// exp(m_old - m_new)), so no n_q x n_kv score matrix ever exists.
// Causal: query i sits at absolute position p0 + i and sees keys 0..p0+i.
// Grouped-query: head h reads kv head h / (n_head / n_kv_head).
// Cache layout: [n_ctx][n_kv_head][head_dim] f16 as uint pairs (kv_write.comp).
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 64; // power of two: tree reductions
const uint MAX_DIM = 256;
const uint DIMS_PER_THREAD = MAX_DIM / 64; // enough for any WG >= 64

layout(std430, binding = 0) readonly buffer Q { float q[]; };      // [n_q][n_head][head_dim]
layout(std430, binding = 1) readonly buffer KCache { uint kCache[]; };
layout(std430, binding = 2) readonly buffer VCache { uint vCache[]; };
layout(std430, binding = 3) writeonly buffer Out { float result[]; }; // like Q

layout(push_constant) uniform Params {
    uint nHead;
    uint nKvHead;
    uint headDim;
    uint kvLen; // valid cache rows
    uint p0;    // absolute position of query 0
    float scale;
} params;

shared float qs[MAX_DIM];
shared float probs[WG];
shared float scratch[WG];

float reduceMax(float value)
{
    const uint tid = gl_LocalInvocationID.x;
    barrier();
    scratch[tid] = value;
    barrier();
    for (uint s = WG / 2; s > 0; s >>= 1) {
        if (tid < s)
            scratch[tid] = max(scratch[tid], scratch[tid + s]);
        barrier();
    }
    return scratch[0];
}

float reduceSum(float value)
{
    const uint tid = gl_LocalInvocationID.x;
    barrier();
    scratch[tid] = value;
    barrier();
    for (uint s = WG / 2; s > 0; s >>= 1) {
        if (tid < s)
            scratch[tid] += scratch[tid + s];
        barrier();
    }
    return scratch[0];
}

float cacheValue(uint element) // element index into the V cache
{
    const vec2 pair = unpackHalf2x16(vCache[element >> 1]);
    return (element & 1) != 0 ? pair.y : pair.x;
}

void main()
{
    const uint tid = gl_LocalInvocationID.x;
    const uint head = gl_WorkGroupID.x;
    const uint query = gl_WorkGroupID.y;
    const uint D = params.headDim;
    const uint kvHead = head / (params.nHead / params.nKvHead);
    const uint qBase = (query * params.nHead + head) * D;
    const uint rowStride = params.nKvHead * D; // elements per cache position
    const uint kvEnd = min(params.kvLen, params.p0 + query + 1);

    for (uint d = tid; d < D; d += WG)
        qs[d] = q[qBase + d];
    // (the first reduction's barrier publishes qs)

    float m = uintBitsToFloat(0xFF800000u); // -inf
    float l = 0.0;
    float acc[DIMS_PER_THREAD];
    for (uint r = 0; r < DIMS_PER_THREAD; ++r)
        acc[r] = 0.0;

    for (uint t0 = 0; t0 < kvEnd; t0 += WG) {
        const uint j = t0 + tid;
        float s = uintBitsToFloat(0xFF800000u);
        barrier(); // qs written above / probs of the previous tile fully read
        if (j < kvEnd) {
            const uint kBase = (j * rowStride + kvHead * D) >> 1;
            float dot = 0.0;
            for (uint i = 0; i < D / 2; ++i) {
                const vec2 kk = unpackHalf2x16(kCache[kBase + i]);
                dot += qs[2 * i] * kk.x + qs[2 * i + 1] * kk.y;
            }
            s = dot * params.scale;
        }
        // The first tile always holds key 0, so mNew is finite from then on.
        const float mNew = max(m, reduceMax(s));
        const float p = j < kvEnd ? exp(s - mNew) : 0.0;
        probs[tid] = p;
        const float correction = exp(m - mNew); // 0 on the first tile (m = -inf)
        l = l * correction + reduceSum(p);      // its barriers publish probs
        const uint tileLen = min(WG, kvEnd - t0);
        for (uint r = 0; r < DIMS_PER_THREAD; ++r) {
            const uint d = tid + r * WG;
            if (d >= D)
                break;
            float sum = 0.0;
            for (uint jj = 0; jj < tileLen; ++jj)
                sum += probs[jj] * cacheValue((t0 + jj) * rowStride + kvHead * D + d);
            acc[r] = acc[r] * correction + sum;
        }
        m = mNew;
    }
    for (uint r = 0; r < DIMS_PER_THREAD; ++r) {
        const uint d = tid + r * WG;
        if (d < D)
            result[qBase + d] = acc[r] / l;
    }
}
