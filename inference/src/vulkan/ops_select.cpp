#include "vulkan/ops_select.h"

#include "vulkan/op_recorder.h"
#include "vulkan/ops_common.h"

namespace hearth::vk::ops {
namespace {

constexpr std::uint32_t kArgmaxWorkgroup = 128;
constexpr std::uint32_t kArgmaxChunk = kArgmaxWorkgroup * 16; // logits per first-pass workgroup
constexpr std::uint32_t kTopKWorkgroup = 256;
constexpr std::uint32_t kTopKChunk = 2048; // candidates sorted per workgroup (shaders/topk.comp)
// Scratch regions start at multiples of the largest offset alignment Vulkan
// allows, so any device accepts them as descriptor offsets.
constexpr VkDeviceSize kRegionAlign = 256;

VkDeviceSize alignUp(VkDeviceSize bytes) { return (bytes + kRegionAlign - 1) / kRegionAlign * kRegionAlign; }

std::uint64_t groupsFor(std::uint64_t n, std::uint32_t chunk) { return (n + chunk - 1) / chunk; }

// A list of `count` candidates: values (f32) and indices (u32) in two regions.
struct Candidates {
    BufferRange values;
    BufferRange indices;
};

Candidates region(const BufferRange& scratch, VkDeviceSize& offset, std::uint64_t count)
{
    const VkDeviceSize bytes = alignUp(count * 4);
    Candidates c{{scratch.buffer, scratch.offset + offset, count * 4},
                 {scratch.buffer, scratch.offset + offset + bytes, count * 4}};
    offset += 2 * bytes;
    return c;
}

void checkLogits(const TensorView& logits)
{
    require(logits.type == GgmlType::F32 && logits.rows() == 1 && logits.shape[0] > 0, "select: one F32 row");
}

} // namespace

std::uint64_t argmaxScratchBytes(std::uint64_t n) { return 2 * alignUp(groupsFor(n, kArgmaxChunk) * 4); }

void argmax(OpRecorder& rec, const TensorView& logits, const BufferRange& scratch, const TensorView& index,
            const TensorView& value)
{
    checkLogits(logits);
    require(index.elements() == 1 && index.type == GgmlType::I32 && value.elements() == 1 &&
                value.type == GgmlType::F32,
            "argmax outputs");
    const std::uint64_t n = logits.shape[0];
    require(scratch.bytes >= argmaxScratchBytes(n), "argmax scratch too small");
    const std::uint32_t groups = u32(groupsFor(n, kArgmaxChunk));
    VkDeviceSize offset = 0;
    const Candidates partial = region(scratch, offset, groups);
    const PipelineSpec spec{"argmax", 4, 3 * sizeof(std::uint32_t), {kArgmaxWorkgroup}};
    struct Push {
        std::uint32_t n, chunk, first;
    };
    // Pass 1: one (value, index) per chunk. Binding 1 is unused there but
    // must name a buffer: the logits again.
    rec.dispatch(spec,
                 {reads(logits), reads(logits), {partial.values, Access::Write}, {partial.indices, Access::Write}},
                 Push{u32(n), kArgmaxChunk, 1}, groups);
    // Pass 2: one workgroup merges the partials (its threads stride over them).
    rec.dispatch(spec,
                 {{partial.values, Access::Read}, {partial.indices, Access::Read}, writes(value), writes(index)},
                 Push{groups, groups, 0}, 1);
}

std::uint64_t topKScratchBytes(std::uint64_t n, std::uint32_t k)
{
    // Two ping-pong candidate lists, each as large as the first pass output.
    return 4 * alignUp(groupsFor(n, kTopKChunk) * k * 4);
}

void topK(OpRecorder& rec, const TensorView& logits, std::uint32_t k, const BufferRange& scratch,
          const TensorView& indices, const TensorView& values)
{
    checkLogits(logits);
    const std::uint64_t n = logits.shape[0];
    require(k >= 1 && k <= kMaxTopK && k <= n, "topK: k must be in 1..64 and <= the row length");
    require(indices.elements() == k && indices.type == GgmlType::I32 && values.elements() == k &&
                values.type == GgmlType::F32,
            "topK outputs");
    require(scratch.bytes >= topKScratchBytes(n, k), "topK scratch too small");
    const std::uint64_t firstOut = groupsFor(n, kTopKChunk) * k;
    VkDeviceSize offset = 0;
    Candidates lists[2] = {region(scratch, offset, firstOut), region(scratch, offset, firstOut)};
    const PipelineSpec spec{"topk", 4, 3 * sizeof(std::uint32_t), {kTopKWorkgroup, kTopKChunk}};
    struct Push {
        std::uint32_t n, k, first;
    };
    // Each pass keeps k of every kTopKChunk candidates (k <= chunk / 32), so
    // even a 152k vocabulary needs only three passes.
    std::uint64_t count = n;
    Candidates in{logits.range(), logits.range()};
    for (int pass = 0;; ++pass) {
        const std::uint64_t groups = groupsFor(count, kTopKChunk);
        const bool last = groups == 1;
        const Candidates out = last ? Candidates{values.range(), indices.range()} : lists[pass % 2];
        const BufferRange outValues{out.values.buffer, out.values.offset, groups * k * 4};
        const BufferRange outIndices{out.indices.buffer, out.indices.offset, groups * k * 4};
        const BufferRange inValues{in.values.buffer, in.values.offset, count * 4};
        // The first pass takes indices from positions; its binding 1 just
        // needs some buffer, so the logits are bound again.
        const BufferRange inIndices =
            pass == 0 ? inValues : BufferRange{in.indices.buffer, in.indices.offset, count * 4};
        rec.dispatch(spec,
                     {{inValues, Access::Read},
                      {inIndices, Access::Read},
                      {outValues, Access::Write},
                      {outIndices, Access::Write}},
                     Push{u32(count), k, pass == 0 ? 1u : 0u}, u32(groups));
        if (last)
            break;
        in = out;
        count = groups * k;
    }
}

} // namespace hearth::vk::ops
