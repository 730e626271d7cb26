// Decode mat-vec per weight type: a few shapes each (the kernel the device
// would pick), one weight bound in row chunks, and the epilogue (bias and
// residual added in the kernel).

#include "opcheck/op_case.h"
#include "ops/cpu_reference.h"
#include "vulkan/context.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_matvec.h"

#include <cmath>

namespace hearth::opcheck {
namespace {

OpCase matVecCase(GgmlType type, std::uint64_t rows, std::uint64_t cols, bool chunked, bool epilogue = false)
{
    std::string shape = std::to_string(rows) + "x" + std::to_string(cols);
    if (chunked)
        shape += " row chunks";
    if (epilogue)
        shape += " + bias + y";
    // fp32 accumulation of `cols` products: error grows like sqrt(cols)
    // ulps (lavapipe measures ~1e-7 sqrt(cols); a wrong block decode ~1e-1).
    const double tolerance = 1e-6 * std::sqrt(double(cols));
    return {"mat_vec", type, shape, tolerance, [=](CaseEnv& env) {
                const auto values = env.random(rows * cols);
                const auto x = env.random(cols);
                std::vector<std::byte> w(rowBytes(type, rows * cols));
                quantize(type, values.data(), w.data(), rows * cols);
                auto want = ops::cpu::matVec(type, w, std::uint32_t(rows), std::uint32_t(cols), x);
                auto y = env.zeros(GgmlType::F32, {rows, 1, 1, 1});
                vk::TensorView bias;
                if (epilogue) { // y = W x + bias + what y held
                    const auto biasValues = env.random(rows), before = env.random(rows);
                    for (std::size_t r = 0; r < rows; ++r)
                        want[r] += double(biasValues[r]) + double(before[r]);
                    y = env.tensor(before, GgmlType::F32, {rows, 1, 1, 1});
                    bias = env.tensor(biasValues, GgmlType::F32, {rows, 1, 1, 1});
                }
                vk::ops::MatVecOptions options;
                if (chunked) // a binding limit of ~5 rows: several dispatches at unaligned row starts
                    options.maxBindingBytes = 5 * hearth::rowBytes(type, cols) + 256;
                const vk::TensorView weights = env.tensor(w, type, {cols, rows, 1, 1});
                vk::OpRecorder rec(env.context());
                vk::ops::matVec(rec, weights, env.tensor(x, GgmlType::F32, {cols, 1, 1, 1}), y, options,
                                {epilogue ? &bias : nullptr, epilogue});
                rec.submitAndWait();
                // A GPU's fp16 build rounds x and each product to 11 bits:
                // about half an ulp of 2^-11 per product, growing like sqrt(cols).
                const bool half = vk::ops::matVecInHalfPrecision(env.context(), weights, options);
                return CaseOutput{env.readF32(y), want, half ? std::ldexp(1.0, -11) * std::sqrt(double(cols)) : 0.0};
            }};
}

} // namespace

void addMatVecCases(std::vector<OpCase>& cases)
{
    const std::pair<std::uint64_t, std::uint64_t> shapes[] = {{7, 512}, {33, 768}, {5, 896}}; // rows, cols
    for (std::uint32_t id = 0; id < 64; ++id) {
        const auto type = static_cast<GgmlType>(id);
        const TypeTraits* traits = typeTraits(type);
        if (!traits || !vk::ops::matVecSupported(type) || !traits->canQuantize)
            continue;
        for (const auto& [rows, cols] : shapes)
            if (cols % vk::ops::matVecColumnMultiple(type) == 0)
                cases.push_back(matVecCase(type, rows, cols, false));
        cases.push_back(matVecCase(type, 37, 256, true));
    }
    cases.push_back(matVecCase(GgmlType::Q8_0, 37, 256, true, true));
    cases.push_back(matVecCase(GgmlType::F32, 33, 768, false, true));
}

} // namespace hearth::opcheck
