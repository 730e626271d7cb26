#include "vulkan/texel_weights.h"

#include "hearth/devices.h"
#include "vulkan/buffer.h"
#include "vulkan/context.h"

#include <algorithm>

namespace hearth::vk::ops {

bool cpuSubgroupKernelsFit(const DeviceInfo& info)
{
    constexpr std::uint32_t kLanes = 8;
    // subgroupArithmetic stands in for the ballot (broadcast) feature: every
    // driver we know with one has the other.
    return info.type == DeviceType::Cpu && info.subgroupSize == kLanes && info.subgroupArithmetic &&
           (info.maxSubgroupSize == 0 || info.maxSubgroupSize == kLanes) &&
           (info.minSubgroupSize == 0 || info.minSubgroupSize == kLanes);
}

std::uint32_t texelUnit(GgmlType type)
{
    switch (type) {
    case GgmlType::F32: return 32;
    case GgmlType::F16: case GgmlType::Q8_0: case GgmlType::Q4_0: case GgmlType::Q5_0: return 64;
    case GgmlType::Q4_K: return 64; // a quarter super-block
    case GgmlType::Q6_K: return 256;
    default: return 0;
    }
}

std::uint32_t texelUnitAlignment(GgmlType type)
{
    switch (type) {
    case GgmlType::Q8_0: case GgmlType::Q4_0: case GgmlType::Q5_0: return 4;
    case GgmlType::Q6_K: return 2;
    default: return 16;
    }
}

bool texelRowsFit(GgmlType type, std::uint64_t cols)
{
    const std::uint32_t unit = texelUnit(type);
    const TypeTraits* traits = typeTraits(type);
    return unit != 0 && cols % unit == 0 && cols % traits->blockSize == 0 &&
           rowBytes(type, cols) % texelUnitAlignment(type) == 0;
}

bool texelWeightsFit(const Context& context, const TensorView& w)
{
    const DeviceInfo& info = context.info();
    return texelRowsFit(w.type, w.shape[0]) && cpuSubgroupKernelsFit(info) &&
           w.offset % texelUnitAlignment(w.type) == 0 && (w.offset + w.bytes() + 15) / 16 * 16 <= w.buffer->size();
}

bool texelActivationsFit(const Context& context, std::uint64_t offset, std::uint64_t floats)
{
    return offset % std::max<VkDeviceSize>(context.texelOffsetAlignment(), 16) == 0 &&
           floats / 4 <= context.info().maxTexelBufferElements;
}

std::uint64_t texelBindingBytes(const TensorView& w, std::uint64_t bound, std::uint64_t bytes)
{
    return std::min<std::uint64_t>((bytes + 15) / 16 * 16 + 32, (w.buffer->size() - bound) / 16 * 16);
}

} // namespace hearth::vk::ops
