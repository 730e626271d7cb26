// Prompt-processing mat-mat per weight type, in f32 (the f16 tiles are
// covered by test_ops_matmul): two shapes with the kernel the device would
// pick, one weight bound in row chunks, and the shared-memory tiled kernel
// (the one GPUs get) forced, so CPU drivers run it too.

#include "opcheck/op_case.h"
#include "ops/cpu_matmul.h"
#include "vulkan/context.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_matmul.h"

#include <cmath>

namespace hearth::opcheck {
namespace {

struct MatMulSetup {
    std::uint64_t m, n, k; // weight rows, tokens, row length
    bool chunked = false;
    bool tiled = false;

    std::string label() const
    {
        std::string s = std::to_string(m) + "x" + std::to_string(k) + " x " + std::to_string(n) + " tok";
        if (chunked)
            s += " row chunks";
        if (tiled)
            s += " tiled";
        return s;
    }
};

OpCase matMulCase(GgmlType type, MatMulSetup s)
{
    // fp32 sums of k products err like sqrt(k) ulps (a wrong block decode
    // ~1e-1), as for mat-vec.
    const double tolerance = 1e-6 * std::sqrt(double(s.k));
    return {"mat_mul", type, s.label(), tolerance, [=](CaseEnv& env) {
                const auto values = env.random(s.m * s.k);
                const auto x = env.random(s.n * s.k);
                std::vector<std::byte> w(rowBytes(type, s.m * s.k));
                quantize(type, values.data(), w.data(), s.m * s.k);
                const auto want = ops::cpu::matMul(type, w, std::uint32_t(s.m), std::uint32_t(s.k), x,
                                                   std::uint32_t(s.n));
                const auto y = env.zeros(GgmlType::F32, {s.m, s.n, 1, 1});
                vk::ops::MatMulOptions options;
                options.precision = vk::ops::MatMulPrecision::Fp32;
                if (s.chunked) // a binding limit of ~5 rows: several dispatches at unaligned row starts
                    options.maxBindingBytes = 5 * hearth::rowBytes(type, s.k) + 256;
                if (s.tiled)
                    options.kernel = vk::ops::MatMulKernel::Tiled;
                vk::OpRecorder rec(env.context());
                vk::ops::matMul(rec, env.tensor(w, type, {s.k, s.m, 1, 1}),
                                env.tensor(x, GgmlType::F32, {s.k, s.n, 1, 1}), y, options);
                rec.submitAndWait();
                return CaseOutput{env.readF32(y), want};
            }};
}

} // namespace

void addMatMulCases(std::vector<OpCase>& cases)
{
    for (std::uint32_t id = 0; id < 64; ++id) {
        const auto type = static_cast<GgmlType>(id);
        const TypeTraits* traits = typeTraits(type);
        if (!traits || !vk::ops::matMulSupported(type) || !traits->canQuantize)
            continue;
        for (const MatMulSetup s : {MatMulSetup{7, 5, 256}, MatMulSetup{33, 17, 512}, MatMulSetup{37, 9, 256, true},
                                    MatMulSetup{33, 17, 512, false, true}})
            cases.push_back(matMulCase(type, s));
    }
}

} // namespace hearth::opcheck
