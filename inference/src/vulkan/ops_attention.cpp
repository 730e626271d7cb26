#include "vulkan/ops_attention.h"

#include "hearth/devices.h"
#include "vulkan/context.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_common.h"
#include "vulkan/texel_weights.h"

#include <cmath>

namespace hearth::vk::ops {
namespace {

constexpr std::uint32_t kWriteWorkgroup = 128;
constexpr std::uint32_t kAttentionWorkgroup = 64; // keys per tile (shaders/attention.comp)
constexpr std::uint64_t kMaxHeadDim = 256;        // attention.comp MAX_DIM
constexpr std::uint32_t kLanes = 8;               // attention_lanes.comp: one subgroup
constexpr std::uint32_t kLaneKeys = 4;            // keys per lane per step

void checkCache(const TensorView& cache, std::uint64_t headDim, std::uint64_t kvHeads)
{
    require(cache.type == GgmlType::F16 && cache.shape[0] == headDim && cache.shape[1] == kvHeads,
            "KV cache must be F16 {head_dim, n_kv_head, n_ctx}");
    require(headDim % 2 == 0 && headDim <= kMaxHeadDim, "head_dim must be even and <= 256");
}

} // namespace

void kvWrite(OpRecorder& rec, const TensorView& k, const TensorView& v, const TensorView& kCache,
             const TensorView& vCache, std::uint32_t p0)
{
    require(k.type == GgmlType::F32 && v.type == GgmlType::F32 && k.shape == v.shape, "kvWrite K/V rows");
    checkCache(kCache, k.shape[0], k.shape[1]);
    checkCache(vCache, k.shape[0], k.shape[1]);
    require(vCache.shape == kCache.shape && p0 + k.shape[2] <= kCache.shape[2] && k.shape[3] == 1,
            "kvWrite positions beyond the cache");
    const std::uint64_t rowElements = k.shape[0] * k.shape[1];
    const struct {
        std::uint32_t pairs, first;
    } push{u32(k.elements() / 2), u32(p0 * rowElements / 2)};
    const auto g = grid(k.elements() / 2, kWriteWorkgroup);
    // The whole caches are bound (descriptor offsets must be aligned, rows are
    // not), so a later attention read of any position waits for this write.
    rec.dispatch({"kv_write", 4, sizeof(push), {kWriteWorkgroup}},
                 {reads(k), reads(v), writes(kCache), writes(vCache)}, push, g[0], g[1]);
}

bool attentionLanesFit(const Context& context, const TensorView& kCache, const TensorView& vCache)
{
    const std::uint64_t align = std::max<std::uint64_t>(context.texelOffsetAlignment(), 16);
    const auto texelReadable = [&](const TensorView& cache) {
        return cache.offset % align == 0 && cache.bytes() / 16 <= context.info().maxTexelBufferElements;
    };
    return cpuSubgroupKernelsFit(context.info()) && kCache.shape[0] % 8 == 0 && texelReadable(kCache) &&
           texelReadable(vCache);
}

void attention(OpRecorder& rec, const TensorView& q, const TensorView& kCache, const TensorView& vCache,
               std::uint32_t kvLen, std::uint32_t p0, const TensorView& out, AttentionKernel kernel)
{
    require(q.type == GgmlType::F32 && out.type == GgmlType::F32 && out.shape == q.shape && q.shape[3] == 1,
            "attention q/out");
    const std::uint64_t headDim = q.shape[0], nHead = q.shape[1];
    const std::uint64_t nKvHead = kCache.shape[1];
    checkCache(kCache, headDim, nKvHead);
    checkCache(vCache, headDim, nKvHead);
    require(vCache.shape == kCache.shape && nKvHead > 0 && nHead % nKvHead == 0, "attention heads");
    require(kvLen >= 1 && kvLen <= kCache.shape[2], "attention kv length");
    const struct {
        std::uint32_t nHead, nKvHead, headDim, kvLen, p0;
        float scale;
    } push{u32(nHead), u32(nKvHead), u32(headDim), kvLen, p0, float(1.0 / std::sqrt(double(headDim)))};
    const bool lanesFit = attentionLanesFit(rec.context(), kCache, vCache);
    if (kernel == AttentionKernel::Lanes && !lanesFit)
        throw Error("The lanes attention kernel needs a CPU driver with 8-lane subgroups, a head size that is a "
                    "multiple of 8 and texel-aligned caches; head size " + std::to_string(headDim) + " on " +
                    rec.context().info().name + " does not allow it.");
    const Binding bindings[] = {reads(q), reads(kCache), reads(vCache), writes(out)};
    const auto pushBytes = std::as_bytes(std::span(&push, 1));
    if (kernel == AttentionKernel::Lanes || (kernel == AttentionKernel::Auto && lanesFit)) {
        PipelineSpec spec{"attention_lanes", 4, sizeof(push), {kLanes, u32(headDim), kLaneKeys}};
        spec.texelMask = 1u << 1 | 1u << 2;
        rec.dispatch(spec, bindings, pushBytes, u32(nHead), u32(q.shape[2]));
        return;
    }
    rec.dispatch({"attention", 4, sizeof(push), {kAttentionWorkgroup}}, bindings, pushBytes, u32(nHead),
                 u32(q.shape[2]));
}

} // namespace hearth::vk::ops
