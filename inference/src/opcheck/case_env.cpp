#include "opcheck/op_case.h"

#include "vulkan/context.h"

#include <algorithm>

namespace hearth::opcheck {

// Small blocks: every case's tensors share one or two, and the memory goes
// back when the case ends.
CaseEnv::CaseEnv(vk::Context& context, std::uint32_t seed)
    : context_(context), memory_(context, {.blockBytes = VkDeviceSize(16) << 20}), rng_(seed)
{
}

std::vector<float> CaseEnv::random(std::size_t n, float lo, float hi)
{
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(n);
    for (float& f : v)
        f = dist(rng_);
    return v;
}

vk::Allocation CaseEnv::allocate(std::uint64_t bytes)
{
    return memory_.allocate(std::max<std::uint64_t>(bytes, 4));
}

vk::TensorView CaseEnv::tensor(std::span<const std::byte> data, GgmlType type, std::array<std::uint64_t, 4> shape)
{
    const vk::Allocation a = allocate(data.size());
    memory_.upload(a, data);
    vk::TensorView view{a.buffer, a.offset, type, shape};
    return view;
}

vk::TensorView CaseEnv::zeros(GgmlType type, std::array<std::uint64_t, 4> shape)
{
    const vk::TensorView probe{nullptr, 0, type, shape};
    return tensor(std::vector<std::byte>(probe.bytes()), type, shape);
}

vk::BufferRange CaseEnv::scratch(std::uint64_t bytes)
{
    return allocate(bytes).range();
}

std::vector<float> CaseEnv::readF32(const vk::TensorView& t)
{
    std::vector<float> out(t.elements());
    t.buffer->download(std::as_writable_bytes(std::span(out)), t.offset);
    return out;
}

std::vector<std::int32_t> CaseEnv::readI32(const vk::TensorView& t)
{
    std::vector<std::int32_t> out(t.elements());
    t.buffer->download(std::as_writable_bytes(std::span(out)), t.offset);
    return out;
}

std::vector<std::uint16_t> CaseEnv::readU16(const vk::TensorView& t)
{
    std::vector<std::uint16_t> out(t.elements());
    t.buffer->download(std::as_writable_bytes(std::span(out)), t.offset);
    return out;
}

} // namespace hearth::opcheck
