#include "vulkan/ops_kv_shift.h"

#include "vulkan/op_recorder.h"
#include "vulkan/ops_common.h"

#include <algorithm>
#include <cmath>

namespace hearth::vk::ops {
namespace {

constexpr std::uint32_t kShiftWorkgroup = 64;

} // namespace

bool kvShiftSupported(const RopeParams& rope)
{
    return rope.nRot > 0 && rope.nRot % 2 == 0 && rope.nRot <= rope.headDim && rope.headDim % 2 == 0 &&
           (rope.mode == hearth::ops::RopeMode::Normal || rope.nRot % 4 == 0);
}

void kvShift(OpRecorder& rec, const RopeParams& rope, const TensorView& kCache, const TensorView& vCache,
             std::uint32_t begin, std::uint32_t end, std::uint32_t length, const TensorView* freqFactors)
{
    require(kvShiftSupported(rope), "kvShift of this RoPE form");
    require(kCache.type == GgmlType::F16 && kCache.shape[0] == rope.headDim && vCache.shape == kCache.shape &&
                vCache.type == GgmlType::F16,
            "kvShift caches must be F16 {head_dim, n_kv_head, n_ctx}");
    require(begin < end && end <= length && length <= kCache.shape[2], "kvShift span beyond the cache");
    require(!freqFactors || (freqFactors->type == GgmlType::F32 && freqFactors->elements() == rope.nRot / 2),
            "kvShift frequency factors");
    const bool neox = rope.mode == hearth::ops::RopeMode::NeoX;
    const std::uint32_t headUints = rope.headDim / 2;
    const std::uint32_t rotItems = neox ? rope.nRot / 4 : rope.nRot / 2;
    const std::uint32_t itemsPerHead = rotItems + (rope.headDim - rope.nRot) / 2;
    const std::uint32_t items = u32(kCache.shape[1] * itemsPerHead);
    const std::uint32_t moved = length - end;
    if (moved == 0)
        return; // the span was the end of the cache: nothing moves
    const std::uint32_t chains = std::min(end - begin, moved);
    const struct {
        std::uint32_t items, chains, itemsPerHead, rotItems, rowUints, headUints, nRot, mode, begin, delta, moved;
        float log2Base, freqScale;
        std::uint32_t hasFactors;
    } push{items, chains, itemsPerHead, rotItems, u32(kCache.shape[1] * headUints), headUints, rope.nRot,
           static_cast<std::uint32_t>(rope.mode), begin, end - begin, moved, std::log2(rope.freqBase),
           rope.freqScale, freqFactors ? 1u : 0u};
    const auto g = grid(u32(std::uint64_t(items) * chains), kShiftWorkgroup);
    // Without factors the V cache stands in for binding 2; the shader never reads it then.
    const TensorView& factors = freqFactors ? *freqFactors : vCache;
    rec.dispatch({"kv_shift", 3, sizeof(push), {kShiftWorkgroup}},
                 {{kCache.range(), Access::ReadWrite}, {vCache.range(), Access::ReadWrite}, reads(factors)}, push,
                 g[0], g[1]);
}

} // namespace hearth::vk::ops
