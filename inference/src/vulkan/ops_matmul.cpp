#include "vulkan/ops_matmul.h"

#include "hearth/devices.h"
#include "vulkan/context.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_common.h"
#include "vulkan/texel_weights.h"

#include <cstdio>
#include <cstdlib>
#include <tuple>
#include <vector>

namespace hearth::vk::ops {
namespace {

// Tiled kernel: not tuned on GPU hardware yet (none here); 256 threads with
// 4x4 outputs each is the usual starting point. On lavapipe it also beat
// 32x32x32/4x4 (3.2 vs 2.6 GFLOP per CPU-second) but loses to the lanes
// kernel there.
constexpr MatMulTiles kDefaultTiles{64, 64, 32, 4, 4};
// For devices with 16 KiB of shared memory or 128 threads per workgroup.
constexpr MatMulTiles kSmallTiles{32, 32, 32, 4, 4};
// Lanes kernel (CPU drivers): rows per lane and tokens per workgroup,
// measured on lavapipe (docs/PERFORMANCE.md): 8x16 and 8x32 lead (8.3-8.8
// GFLOP per CPU-second for Q4_K), 4x16 6.7; 8x16 wastes less on short batches.
constexpr std::uint32_t kLaneRows = 8;
constexpr std::uint32_t kLaneTokens = 16;
constexpr std::uint32_t kLanes = 8;
// Texel kernel (CPU drivers): weight rows x tokens per workgroup, measured
// on lavapipe (docs/PERFORMANCE.md). Its code grows with rows x tokens x the
// unit's columns, and so does compile time: units are at most 128 columns
// (Q6_K takes half super-blocks here), which keeps 8x8 at ~5-10 s.
constexpr std::uint32_t kTexelSide = 8;

std::uint64_t sharedBytes(const MatMulTiles& t, bool fp16)
{
    // matmul.comp: two tiles of (bm + bn) rows x (bk / 4 + 1) vec4s.
    return std::uint64_t(t.bm + t.bn) * (t.bk / 4 + 1) * (fp16 ? 8 : 16);
}

// "bm,bn,bk,tm,tn" from HEARTH_MATMUL_TILES, or all zero.
MatMulTiles tilesFromEnvironment()
{
    MatMulTiles t;
    const char* env = std::getenv("HEARTH_MATMUL_TILES");
    if (!env || std::sscanf(env, "%u,%u,%u,%u,%u", &t.bm, &t.bn, &t.bk, &t.tm, &t.tn) != 5)
        return {};
    return t;
}

} // namespace

std::string MatMulTiles::label() const
{
    return std::to_string(bm) + "x" + std::to_string(bn) + "x" + std::to_string(bk) + "/" + std::to_string(tm) +
           "x" + std::to_string(tn);
}

bool matMulSupported(GgmlType type)
{
    switch (type) {
    case GgmlType::F32: case GgmlType::F16: case GgmlType::BF16: case GgmlType::Q8_0:
    case GgmlType::Q4_0: case GgmlType::Q4_1: case GgmlType::Q5_0: case GgmlType::Q5_1:
    case GgmlType::Q4_K: case GgmlType::Q5_K: case GgmlType::Q6_K:
        return true;
    default:
        return false;
    }
}

std::string matMulTilesProblem(const DeviceInfo& info, const MatMulTiles& t, bool fp16)
{
    if (t.bm == 0 || t.bn == 0 || t.bk == 0 || t.tm == 0 || t.tn == 0)
        return "a tile size is zero";
    if (t.bm % t.tm != 0 || t.bn % t.tn != 0)
        return "tile " + t.label() + ": the thread block does not divide the tile";
    if (t.bk % 32 != 0)
        return "tile " + t.label() + ": the k step must be a multiple of 32";
    // Registers: tm x tn vec4 accumulators per thread.
    if (t.tm * t.tn > 64)
        return "tile " + t.label() + ": more than 64 outputs per thread";
    if (t.threads() > info.maxWorkgroupInvocations)
        return "tile " + t.label() + ": " + std::to_string(t.threads()) + " threads, the device allows " +
               std::to_string(info.maxWorkgroupInvocations);
    if (sharedBytes(t, fp16) > info.maxSharedMemoryBytes)
        return "tile " + t.label() + ": needs " + std::to_string(sharedBytes(t, fp16)) +
               " bytes of shared memory, the device has " + std::to_string(info.maxSharedMemoryBytes);
    return {};
}

MatMulTiles defaultMatMulTiles(const DeviceInfo& info, bool fp16)
{
    if (const MatMulTiles env = tilesFromEnvironment(); env.bm != 0 && matMulTilesProblem(info, env, fp16).empty())
        return env;
    if (matMulTilesProblem(info, kDefaultTiles, fp16).empty())
        return kDefaultTiles;
    return kSmallTiles;
}

bool matMulLanesSupported(const DeviceInfo& info)
{
    return cpuSubgroupKernelsFit(info);
}

namespace {

MatMulKernel pickKernel(const Context& context, const MatMulOptions& options, bool texelFits)
{
    if (options.kernel != MatMulKernel::Auto)
        return options.kernel;
    if (!matMulLanesSupported(context.info()) || options.precision == MatMulPrecision::Fp16)
        return MatMulKernel::Tiled;
    return texelFits ? MatMulKernel::Texel : MatMulKernel::Lanes;
}

// Rows and tokens per workgroup of the texel kernel.
std::pair<std::uint32_t, std::uint32_t> texelGroup(const MatMulOptions& options)
{
    return {options.texelRows ? options.texelRows : kTexelSide,
            options.texelTokens ? options.texelTokens : kTexelSide};
}

} // namespace

MatMulKernel matMulKernel(const Context& context, const MatMulOptions& options, const TensorView& w,
                          const TensorView& x)
{
    return pickKernel(context, options,
                      texelWeightsFit(context, w) && texelActivationsFit(context, x.offset, x.elements()));
}

MatMulKernel matMulKernel(const Context& context, const MatMulOptions& options, GgmlType type, std::uint64_t k)
{
    return pickKernel(context, options, texelRowsFit(type, k));
}

bool matMulUsesFp16(const Context& context, const MatMulOptions& options)
{
    if (const MatMulKernel kernel = matMulKernel(context, options);
        kernel == MatMulKernel::Lanes || kernel == MatMulKernel::Texel)
        return false;
    switch (options.precision) {
    case MatMulPrecision::Fp32: return false;
    case MatMulPrecision::Fp16: return true;
    case MatMulPrecision::Auto: break;
    }
    return context.fp16Allowed();
}

std::string matMulDescription(const Context& context, const MatMulOptions& options, GgmlType type, std::uint64_t k)
{
    const bool fp16 = matMulUsesFp16(context, options);
    const std::string precision = fp16 ? " fp16" : " fp32";
    const MatMulKernel kernel = matMulKernel(context, options, type, k);
    if (kernel == MatMulKernel::Texel) {
        const auto [rows, tokens] = texelGroup(options);
        return "texel " + std::to_string(rows) + "x" + std::to_string(tokens) + precision;
    }
    if (kernel == MatMulKernel::Lanes)
        return "lanes " + std::to_string(options.laneRows ? options.laneRows : kLaneRows) + "x" +
               std::to_string(options.laneTokens ? options.laneTokens : kLaneTokens) + precision;
    const MatMulTiles tiles = options.tiles.bm != 0 ? options.tiles : defaultMatMulTiles(context.info(), fp16);
    return "tiled " + tiles.label() + precision;
}

void matMul(OpRecorder& rec, const TensorView& w, const TensorView& x, const TensorView& y,
            const MatMulOptions& options)
{
    if (!matMulSupported(w.type))
        throw Error(std::string("No mat-mat kernel for weights of type ") + typeName(w.type) + ".");
    const std::uint64_t k = w.shape[0];
    const std::uint64_t m = w.rows();
    const std::uint64_t n = x.rows();
    require(k % 32 == 0, "matMul row length " + std::to_string(k) + " is not a multiple of 32");
    require(x.type == GgmlType::F32 && x.shape[0] == k, "matMul x shape");
    require(y.type == GgmlType::F32 && y.shape[0] == m && y.rows() == n, "matMul y shape");
    // The decoders read 16-byte vectors (F32/F16 rows, K-quant headers) and X as vec4.
    require(w.offset % 16 == 0 && x.offset % 16 == 0, "matMul tensors must start 16-byte aligned");
    if (n == 0 || m == 0)
        return;
    // Indices in the shader are 32-bit: X and Y must stay under 2^32 elements.
    require(n * k <= 0xFFFFFFFFu && n * m <= 0xFFFFFFFFu, "matMul activations too large");

    Context& context = rec.context();
    const DeviceInfo& info = context.info();
    const MatMulKernel kernel = matMulKernel(context, options, w, x);
    const bool fp16 = matMulUsesFp16(context, options);
    if (fp16 && !context.fp16Allowed())
        throw Error("The fp16 mat-mat kernel was requested, but fp16 is off for " + info.name +
                    (context.forceFp32() ? " (HEARTH_FORCE_FP32=1)." : " (the device lacks shaderFloat16)."));
    std::string shader = "matmul_";
    std::vector<std::uint32_t> specialization;
    std::uint32_t groupRows = 0, groupTokens = 0;
    const bool texel = kernel == MatMulKernel::Texel;
    if (texel) {
        if (!matMulLanesSupported(info))
            throw Error("The texel mat-mat kernel needs a CPU driver with 8-lane subgroups; " + info.name +
                        " is not one.");
        if (options.precision == MatMulPrecision::Fp16)
            throw Error("The texel mat-mat kernel has no fp16 variant.");
        require(texelWeightsFit(context, w) && texelActivationsFit(context, x.offset, x.elements()),
                std::string("matMul texel kernel for ") + typeName(w.type) + " at this row length or placement");
        std::tie(groupRows, groupTokens) = texelGroup(options);
        // Registers: rows x tokens sums plus each token's prepared x.
        if (groupRows > 32 || groupTokens > 32 || groupRows * groupTokens > 256)
            throw Error("Mat-mat texel kernel: " + std::to_string(groupRows) + " rows x " +
                        std::to_string(groupTokens) + " tokens per workgroup is too many.");
        shader += "texel_" + lower(typeName(w.type));
        specialization = {kLanes, groupRows, groupTokens};
    } else if (kernel == MatMulKernel::Lanes) {
        if (!matMulLanesSupported(info))
            throw Error("The lanes mat-mat kernel needs a CPU driver with 8-lane subgroups; " + info.name +
                        " is not one.");
        if (options.precision == MatMulPrecision::Fp16)
            throw Error("The lanes mat-mat kernel has no fp16 variant.");
        const std::uint32_t laneRows = options.laneRows ? options.laneRows : kLaneRows;
        const std::uint32_t laneTokens = options.laneTokens ? options.laneTokens : kLaneTokens;
        // Registers: laneRows x laneTokens sums plus 8 decoded vec4s per row.
        if (laneRows > 16 || laneTokens > 64 || laneRows * laneTokens > 256)
            throw Error("Mat-mat lanes kernel: " + std::to_string(laneRows) + " rows x " +
                        std::to_string(laneTokens) + " tokens per lane is too many.");
        shader += "lanes_" + lower(typeName(w.type));
        specialization = {kLanes, laneRows, laneTokens};
        groupRows = kLanes * laneRows;
        groupTokens = laneTokens;
    } else {
        const MatMulTiles tiles = options.tiles.bm != 0 ? options.tiles : defaultMatMulTiles(info, fp16);
        if (const std::string problem = matMulTilesProblem(info, tiles, fp16); !problem.empty())
            throw Error("Mat-mat tiles do not fit " + info.name + ": " + problem + ".");
        shader += lower(typeName(w.type)) + (fp16 ? "_f16" : "");
        specialization = {tiles.threads(), tiles.bm, tiles.bn, tiles.bk, tiles.tm, tiles.tn};
        groupRows = tiles.bm;
        groupTokens = tiles.bn;
    }
    PipelineSpec spec{shader, 3, 7 * 4, specialization};
    if (texel)
        spec.texelMask = 1u << 0 | 1u << 1;

    const std::uint64_t tokenGroups = (n + groupTokens - 1) / groupTokens;
    require(tokenGroups <= info.maxWorkgroupCount[1], "matMul: too many tokens for one dispatch");

    // Rows per dispatch: as many as one binding can address (and one
    // dispatch's x dimension can hold). As in matVec the binding starts at
    // an aligned offset at or below the chunk's first row; the shader skips
    // the difference (wBase).
    const std::uint64_t rowBytes = w.rowBytes();
    const std::uint64_t align =
        std::max<std::uint64_t>(texel ? context.texelOffsetAlignment() : rec.offsetAlignment(), 16);
    const std::uint64_t deviceLimit = texel ? info.maxTexelBufferElements * 16 : info.maxStorageBufferRange;
    const std::uint64_t limit = options.maxBindingBytes ? options.maxBindingBytes : deviceLimit;
    const std::uint64_t range = std::min<std::uint64_t>(limit, 0xFFFFFFFFu) - align - (texel ? 32 : 0);
    if (rowBytes > range)
        throw Error("A weight row of " + std::to_string(rowBytes) + " bytes is larger than " + info.name +
                    " can bind at once.");
    const std::uint64_t maxRows = std::uint64_t(info.maxWorkgroupCount[0]) * groupRows;
    const std::uint64_t chunkRows = std::min({m, range / rowBytes, maxRows});
    for (std::uint64_t first = 0; first < m; first += chunkRows) {
        const std::uint64_t count = std::min(chunkRows, m - first);
        const std::uint64_t start = w.offset + first * rowBytes;
        const std::uint64_t bound = start - start % align;
        const struct {
            std::uint32_t k, rows, tokens, rowBytes, wBase, yStride, yRow0;
        } push{u32(k), u32(count), u32(n), u32(rowBytes), u32(start - bound), u32(m), u32(first)};
        const std::uint64_t bytes = start - bound + count * rowBytes;
        const Binding bindings[] = {
            {{w.buffer, bound, texel ? texelBindingBytes(w, bound, bytes) : bytes}, Access::Read},
            reads(x),
            writes(y),
        };
        const auto rowGroups = std::uint32_t((count + groupRows - 1) / groupRows);
        rec.dispatch(spec, bindings, std::as_bytes(std::span(&push, 1)), rowGroups, std::uint32_t(tokenGroups));
    }
}

} // namespace hearth::vk::ops
