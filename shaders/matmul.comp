#version 450
// Tiled mat-mat for prompt processing: Y[t][yRow0 + r] = dot(W[r], X[t])
// for the `rows` weight rows of the bound range and `tokens` rows of X.
// A workgroup owns a BM x BN tile of Y (weight rows x tokens). Per step of
// BK along k it dequantises a BM x BK tile of W and copies a BN x BK tile of
// X into shared memory, then each thread accumulates a TM x TN register
// block from them, so every decoded weight serves BN tokens and every
// activation BM rows. Tile sizes are specialization constants chosen per
// device by the host (ops_matmul.cpp). With FP16 defined the tiles are f16
// in shared memory (twice the tile per byte) and products are f16, summed
// in f32: long sums in f16 would lose the result.
#extension GL_GOOGLE_include_directive : require
#include "common.glsl"
layout(constant_id = 0) const uint WG = 64;
layout(constant_id = 1) const uint BM = 32; // weight rows per tile
layout(constant_id = 2) const uint BN = 32; // tokens per tile
layout(constant_id = 3) const uint BK = 32; // multiple of 32 (one decoder chunk)
layout(constant_id = 4) const uint TM = 4;  // rows per thread; BM / TM * BN / TN == WG
layout(constant_id = 5) const uint TN = 4;  // tokens per thread
#include "weights.glsl"
#ifdef FP16
#extension GL_EXT_shader_explicit_arithmetic_types_float16 : require
#define TILE_VEC f16vec4
#else
#define TILE_VEC vec4
#endif

layout(std430, binding = 1) readonly buffer X4 { vec4 x4[]; };
layout(std430, binding = 2) writeonly buffer Y { float y[]; };

layout(push_constant) uniform Params {
    uint k;        // row length of W and X
    uint rows;     // weight rows in this dispatch
    uint tokens;   // rows of X and Y
    uint rowBytes; // bytes per weight row
    uint wBase;    // byte offset of weight row 0 within the binding
    uint yStride;  // floats per row of Y (all weight rows)
    uint yRow0;    // column of Y written by weight row 0
} params;

#include "matmul_types.glsl"

const uint KV = BK / 4;     // vec4s per tile row
const uint STRIDE = KV + 1; // padding: neighbouring rows start in different banks
const uint THREADS_M = BM / TM;
const uint THREADS_N = BN / TN;
shared TILE_VEC wTile[BM * STRIDE];
shared TILE_VEC xTile[BN * STRIDE];

void main()
{
    const uint tid = gl_LocalInvocationID.x;
    const uint row0 = gl_WorkGroupID.x * BM;
    const uint tok0 = gl_WorkGroupID.y * BN;
    // Rows tr, tr + THREADS_M, ...: neighbouring threads read neighbouring
    // tile rows, and write neighbouring elements of Y.
    const uint tr = tid % THREADS_M;
    const uint tc = tid / THREADS_M;
    const uint chunks = params.k / 32;

    vec4 acc[TM * TN];
    for (uint i = 0; i < TM * TN; ++i)
        acc[i] = vec4(0.0);

    for (uint k0 = 0; k0 < params.k; k0 += BK) {
        // W tile: BM rows x BK / 8 pieces of 8 weights. Rows past the end
        // repeat the last row (their results are not stored); chunks past k
        // (when BK does not divide k) are zero in both tiles.
        for (uint p = tid; p < BM * (BK / 8); p += WG) {
            const uint r = p / (BK / 8);
            const uint piece = p % (BK / 8);
            const uint c = k0 / 32 + piece / 4;
            const uint base = r * STRIDE + (piece / 4) * 8;
            vec4 a = vec4(0.0), b = vec4(0.0);
            uint ka = 8 * (piece % 4), kb = ka + 4;
            if (c < chunks) {
                const uint row = min(row0 + r, params.rows - 1);
                decodePiece(params.wBase + row * params.rowBytes, c, piece % 4, a, b, ka, kb);
            }
            wTile[base + ka / 4] = TILE_VEC(a);
            wTile[base + kb / 4] = TILE_VEC(b);
        }
        for (uint p = tid; p < BN * KV; p += WG) {
            const uint t = p / KV;
            const uint kv = p % KV;
            const uint token = min(tok0 + t, params.tokens - 1);
            const uint kk = k0 + 4 * kv;
            xTile[t * STRIDE + kv] = kk < params.k ? TILE_VEC(x4[(token * params.k + kk) / 4]) : TILE_VEC(0.0);
        }
        barrier();
        for (uint kv = 0; kv < KV; ++kv) {
            TILE_VEC a[TM];
            TILE_VEC b[TN];
            for (uint i = 0; i < TM; ++i)
                a[i] = wTile[(tr + i * THREADS_M) * STRIDE + kv];
            for (uint j = 0; j < TN; ++j)
                b[j] = xTile[(tc + j * THREADS_N) * STRIDE + kv];
            for (uint i = 0; i < TM; ++i)
                for (uint j = 0; j < TN; ++j)
                    acc[i * TN + j] += vec4(a[i] * b[j]);
        }
        barrier();
    }

    for (uint j = 0; j < TN; ++j) {
        const uint token = tok0 + tc + j * THREADS_N;
        for (uint i = 0; i < TM; ++i) {
            const uint r = row0 + tr + i * THREADS_M;
            if (token < params.tokens && r < params.rows)
                y[token * params.yStride + params.yRow0 + r] = dot(acc[i * TN + j], vec4(1.0));
        }
    }
}
