#pragma once

// One row of the op check table: an op at one type and shape, run on the
// GPU and on the CPU reference. Adding an op to `hearth-cli test-ops` is
// adding an OpCase in one of the cases_*.cpp files.

#include "hearth/tensor_types.h"
#include "vulkan/device_allocator.h"
#include "vulkan/tensor.h"

#include <cstdint>
#include <functional>
#include <random>
#include <span>
#include <string>
#include <vector>

namespace hearth::vk {
class Context;
}

namespace hearth::opcheck {

// Outputs of the GPU run and of the reference, element by element.
struct CaseOutput {
    std::vector<float> got;
    std::vector<double> want;
    // > 0: replaces the case's tolerance, for a kernel the device picked
    // that computes in half precision (a GPU's fp16 mat-vec).
    double tolerance = 0;
};

// What a case gets to run with: the device, an allocator whose memory is
// released after the case, and a seeded random source.
class CaseEnv {
public:
    CaseEnv(vk::Context& context, std::uint32_t seed);

    vk::Context& context() { return context_; }
    std::vector<float> random(std::size_t n, float lo = -1.0f, float hi = 1.0f);

    // A device tensor holding `data` (bytes, floats, ints, halves).
    vk::TensorView tensor(std::span<const std::byte> data, GgmlType type, std::array<std::uint64_t, 4> shape);
    template <typename T>
    vk::TensorView tensor(const std::vector<T>& data, GgmlType type, std::array<std::uint64_t, 4> shape)
    {
        return tensor(std::as_bytes(std::span(data)), type, shape);
    }
    vk::TensorView zeros(GgmlType type, std::array<std::uint64_t, 4> shape);
    vk::BufferRange scratch(std::uint64_t bytes);

    std::vector<float> readF32(const vk::TensorView& t);
    std::vector<std::int32_t> readI32(const vk::TensorView& t);
    std::vector<std::uint16_t> readU16(const vk::TensorView& t);

private:
    vk::Allocation allocate(std::uint64_t bytes);

    vk::Context& context_;
    vk::DeviceAllocator memory_;
    std::mt19937 rng_;
};

struct OpCase {
    std::string op;
    GgmlType type = GgmlType::F32;
    std::string shape;
    double tolerance = 0;
    std::function<CaseOutput(CaseEnv&)> run;
};

// The table, one function per op family (cases_*.cpp), gathered by allCases().
void addElementwiseCases(std::vector<OpCase>& cases);
void addMatVecCases(std::vector<OpCase>& cases);
void addMatMulCases(std::vector<OpCase>& cases);
void addSelectCases(std::vector<OpCase>& cases);
void addAttentionCases(std::vector<OpCase>& cases);
std::vector<OpCase> allCases();

template <typename T>
std::vector<double> toDouble(const std::vector<T>& v)
{
    return std::vector<double>(v.begin(), v.end());
}

} // namespace hearth::opcheck
