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
    : memory_(context)
{
    std::uint64_t total = 0, done = 0;
    for (const GgufTensorInfo& t : file.tensors())
        total += deviceBytes(t);
    const auto report = [&] {
        if (progress && !progress(done, total))
            throw LoadCancelled();
    };
    report();

    std::vector<float> widened;
    for (const GgufTensorInfo& t : file.tensors()) {
        std::span<const std::byte> bytes = file.tensorData(t);
        if (needsWidening(t)) {
            widened.resize(t.elements());
            dequantize(t.type, bytes.data(), widened.data(), t.elements());
            bytes = std::as_bytes(std::span(widened));
        }
        const vk::Allocation allocation = memory_.allocate(std::max<std::uint64_t>(bytes.size(), 4), kAlignment);
        for (std::uint64_t at = 0; at < bytes.size(); at += kChunkBytes) {
            const std::uint64_t n = std::min<std::uint64_t>(kChunkBytes, bytes.size() - at);
            {
                std::lock_guard lock(gpu);
                memory_.upload(allocation, bytes.subspan(at, n), at);
            }
            done += n;
            report();
        }
        std::array<std::uint64_t, 4> shape{1, 1, 1, 1};
        for (std::size_t d = 0; d < t.dims.size() && d < 4; ++d)
            shape[d] = t.dims[d];
        views_[&t] = allocation.view(deviceType(t), shape);
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
