#include "vulkan/ops_attention.h"

#include "vulkan/op_recorder.h"
#include "vulkan/ops_common.h"

#include <cmath>

namespace hearth::vk::ops {
namespace {

constexpr std::uint32_t kWriteWorkgroup = 128;
constexpr std::uint32_t kAttentionWorkgroup = 64; // keys per tile (shaders/attention.comp)
constexpr std::uint64_t kMaxHeadDim = 256;        // attention.comp MAX_DIM

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

void attention(OpRecorder& rec, const TensorView& q, const TensorView& kCache, const TensorView& vCache,
               std::uint32_t kvLen, std::uint32_t p0, const TensorView& out)
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
    rec.dispatch({"attention", 4, sizeof(push), {kAttentionWorkgroup}},
                 {reads(q), reads(kCache), reads(vCache), writes(out)}, push, u32(nHead), u32(q.shape[2]));
}

} // namespace hearth::vk::ops
