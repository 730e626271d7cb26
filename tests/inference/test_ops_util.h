#pragma once

// Helpers for the GPU op tests: random data, device tensors, comparisons.

#include "vulkan/buffer.h"
#include "vulkan/context.h"
#include "vulkan/tensor.h"

#include <cmath>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace hearth::testing {

inline std::vector<float> randomFloats(std::size_t n, std::uint32_t seed, float lo = -1.0f, float hi = 1.0f)
{
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> dist(lo, hi);
    std::vector<float> v(n);
    for (float& f : v)
        f = dist(rng);
    return v;
}

// A device-local buffer holding `bytes`, and a view of it.
struct DeviceTensor {
    vk::Buffer buffer;
    vk::TensorView view;

    DeviceTensor(vk::Context& context, std::span<const std::byte> bytes, GgmlType type,
                 std::array<std::uint64_t, 4> shape)
        : buffer(context, std::max<std::size_t>(bytes.size(), 4), vk::MemoryUse::DeviceLocal)
    {
        if (!bytes.empty())
            buffer.upload(bytes);
        view = {&buffer, 0, type, shape};
    }

    template <typename T>
    static DeviceTensor of(vk::Context& context, const std::vector<T>& data, GgmlType type,
                           std::array<std::uint64_t, 4> shape)
    {
        return DeviceTensor(context, std::as_bytes(std::span(data)), type, shape);
    }

    // An F32 tensor of `shape`, zero-filled.
    static DeviceTensor zeros(vk::Context& context, std::array<std::uint64_t, 4> shape)
    {
        std::vector<float> z(shape[0] * shape[1] * shape[2] * shape[3], 0.0f);
        return of(context, z, GgmlType::F32, shape);
    }

    std::vector<float> download() const
    {
        std::vector<float> out(view.elements());
        buffer.download(std::as_writable_bytes(std::span(out)));
        return out;
    }

    // The raw f16 bits of an F16 tensor (KV caches).
    std::vector<std::uint16_t> downloadHalves() const
    {
        std::vector<std::uint16_t> out(view.elements());
        buffer.download(std::as_writable_bytes(std::span(out)));
        return out;
    }
};

// Largest |got - want| / (atol + rtol |want|); <= 1 means within tolerance.
template <typename T>
double worstError(std::span<const float> got, std::span<const T> want, double atol, double rtol, std::size_t* at)
{
    double worst = 0;
    for (std::size_t i = 0; i < got.size(); ++i) {
        const double diff = std::abs(double(got[i]) - double(want[i]));
        const double e = diff == 0 ? 0 : diff / (atol + rtol * std::abs(double(want[i])));
        if (!(e <= worst)) { // also catches NaN
            worst = std::isnan(e) ? 1e30 : e;
            *at = i;
        }
    }
    return worst;
}

template <typename T>
std::string compare(const std::vector<float>& got, const std::vector<T>& want, double atol, double rtol)
{
    if (got.size() != want.size())
        return "size " + std::to_string(got.size()) + " != " + std::to_string(want.size());
    std::size_t at = 0;
    const double worst = worstError(std::span<const float>(got), std::span<const T>(want), atol, rtol, &at);
    if (worst <= 1.0)
        return {};
    return "element " + std::to_string(at) + ": got " + std::to_string(got[at]) + ", want " +
           std::to_string(double(want[at]));
}

} // namespace hearth::testing
