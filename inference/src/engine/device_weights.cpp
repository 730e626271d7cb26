#include "engine/device_weights.h"

#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/model.h"
#include "vulkan/context.h"
#include "vulkan/ops_matvec.h"

#include <algorithm>

namespace hearth::engine {

namespace {

constexpr std::uint64_t kChunkBytes = 8ull << 20;     // progress and cancellation granularity
constexpr std::uint64_t kMaxBlockBytes = 1ull << 30;  // tensors packed per buffer
constexpr std::uint64_t kAlignment = 256;             // >= any minStorageBufferOffsetAlignment

bool needsWidening(const GgufTensorInfo& t)
{
    if (t.dims.size() < 2 || t.type == GgmlType::F32)
        return false;
    const std::uint32_t multiple = vk::ops::matVecColumnMultiple(t.type);
    return multiple == 0 || t.dims[0] % multiple != 0;
}

GgmlType deviceType(const GgufTensorInfo& t)
{
    if (!needsWidening(t))
        return t.type;
    const TypeTraits* traits = typeTraits(t.type);
    if (!traits || !traits->canDequantize || t.dims[0] % vk::ops::matVecColumnMultiple(GgmlType::F32) != 0)
        throw Error(std::string("The tensor ") + t.name + " is stored as " + typeName(t.type) +
                    ", which Hearth cannot compute with yet.");
    return GgmlType::F32;
}

std::uint64_t deviceBytes(const GgufTensorInfo& t)
{
    return needsWidening(t) ? t.elements() * 4 : t.nbytes;
}

std::uint64_t alignUp(std::uint64_t v, std::uint64_t a) { return (v + a - 1) / a * a; }

} // namespace

std::uint64_t DeviceWeights::plannedBytes(const GgufFile& file)
{
    std::uint64_t total = 0;
    for (const GgufTensorInfo& t : file.tensors())
        total += alignUp(deviceBytes(t), kAlignment);
    return total;
}

DeviceWeights::DeviceWeights(vk::Context& context, std::mutex& gpu, const GgufFile& file,
                             const std::function<bool(std::uint64_t, std::uint64_t)>& progress)
{
    const std::uint64_t blockLimit = std::min<std::uint64_t>(
        kMaxBlockBytes, context.info().maxMemoryAllocationSize ? context.info().maxMemoryAllocationSize : kMaxBlockBytes);

    // Plan: consecutive tensors share a buffer until it would pass the limit.
    struct Placement {
        const GgufTensorInfo* tensor;
        std::size_t block;
        std::uint64_t offset;
    };
    std::vector<Placement> placements;
    std::vector<std::uint64_t> blockSizes;
    for (const GgufTensorInfo& t : file.tensors()) {
        const std::uint64_t size = deviceBytes(t);
        if (blockSizes.empty() || alignUp(blockSizes.back(), kAlignment) + size > blockLimit)
            blockSizes.push_back(0);
        const std::uint64_t offset = alignUp(blockSizes.back(), kAlignment);
        placements.push_back({&t, blockSizes.size() - 1, offset});
        blockSizes.back() = offset + size;
    }
    for (std::uint64_t size : blockSizes)
        buffers_.emplace_back(context, std::max<std::uint64_t>(size, 4), vk::MemoryUse::DeviceLocal);

    std::uint64_t total = 0, done = 0;
    for (const Placement& p : placements)
        total += deviceBytes(*p.tensor);
    const auto report = [&] {
        if (progress && !progress(done, total))
            throw LoadCancelled();
    };
    report();

    std::vector<float> widened;
    for (const Placement& p : placements) {
        const GgufTensorInfo& t = *p.tensor;
        vk::Buffer& buffer = buffers_[p.block];
        std::span<const std::byte> bytes = file.tensorData(t);
        if (needsWidening(t)) {
            widened.resize(t.elements());
            dequantize(t.type, bytes.data(), widened.data(), t.elements());
            bytes = std::as_bytes(std::span(widened));
        }
        for (std::uint64_t at = 0; at < bytes.size(); at += kChunkBytes) {
            const std::uint64_t n = std::min<std::uint64_t>(kChunkBytes, bytes.size() - at);
            {
                std::lock_guard lock(gpu);
                buffer.upload(bytes.subspan(at, n), p.offset + at);
            }
            done += n;
            report();
        }
        vk::TensorView view;
        view.buffer = &buffer;
        view.offset = p.offset;
        view.type = deviceType(t);
        for (std::size_t d = 0; d < t.dims.size() && d < 4; ++d)
            view.shape[d] = t.dims[d];
        views_[&t] = view;
        bytes_ += bytes.size();
    }
}

const vk::TensorView& DeviceWeights::operator[](const GgufTensorInfo* tensor) const
{
    const auto it = views_.find(tensor);
    if (it == views_.end())
        throw Error("Internal error: a weight was not uploaded");
    return it->second;
}

} // namespace hearth::engine
