// Elementwise and row ops: RMSNorm, add/mul (full and broadcast), scale,
// SwiGLU/GeGLU, softmax, RoPE (normal, NeoX, partial, frequency factors),
// embedding rows per type.

#include "opcheck/op_case.h"
#include "ops/cpu_reference.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_elementwise.h"

namespace hearth::opcheck {
namespace {

using Shape = std::array<std::uint64_t, 4>;

std::string dims(std::uint64_t a, std::uint64_t b)
{
    return std::to_string(a) + "x" + std::to_string(b);
}

OpCase rmsNormCase(std::uint64_t n, std::uint64_t rows)
{
    return {"rms_norm", GgmlType::F32, dims(n, rows), 1e-5, [=](CaseEnv& env) {
                const auto x = env.random(n * rows, -3, 3), w = env.random(n, 0.5f, 1.5f);
                std::vector<float> want(x.size());
                ops::cpu::rmsNorm(x, w, want, std::uint32_t(n), 1e-6f);
                const Shape shape{n, rows, 1, 1};
                const auto out = env.zeros(GgmlType::F32, shape);
                vk::OpRecorder rec(env.context());
                vk::ops::rmsNorm(rec, env.tensor(x, GgmlType::F32, shape), env.tensor(w, GgmlType::F32, {n, 1, 1, 1}),
                                 out, 1e-6f);
                rec.submitAndWait();
                return CaseOutput{env.readF32(out), toDouble(want)};
            }};
}

OpCase binaryCase(ops::BinaryOp op, std::uint64_t n, std::uint64_t rows, bool broadcast)
{
    const std::string name = op == ops::BinaryOp::Add ? "add" : "mul";
    return {name, GgmlType::F32, dims(n, rows) + (broadcast ? " bcast" : ""), 0, [=](CaseEnv& env) {
                const auto a = env.random(n * rows, -5, 5), b = env.random(broadcast ? n : n * rows, -5, 5);
                std::vector<float> want(a.size());
                ops::cpu::binary(op, a, b, want);
                const Shape shape{n, rows, 1, 1};
                const auto out = env.zeros(GgmlType::F32, shape);
                vk::OpRecorder rec(env.context());
                vk::ops::binary(rec, op, env.tensor(a, GgmlType::F32, shape),
                                env.tensor(b, GgmlType::F32, {n, broadcast ? 1 : rows, 1, 1}), out);
                rec.submitAndWait();
                return CaseOutput{env.readF32(out), toDouble(want)}; // one rounding, as on the CPU
            }};
}

OpCase scaleCase(std::uint64_t n)
{
    return {"scale", GgmlType::F32, std::to_string(n), 0, [=](CaseEnv& env) {
                const auto x = env.random(n, -5, 5);
                std::vector<float> want(n);
                ops::cpu::scale(x, -0.37f, want);
                const auto out = env.zeros(GgmlType::F32, {n, 1, 1, 1});
                vk::OpRecorder rec(env.context());
                vk::ops::scale(rec, env.tensor(x, GgmlType::F32, {n, 1, 1, 1}), -0.37f, out);
                rec.submitAndWait();
                return CaseOutput{env.readF32(out), toDouble(want)};
            }};
}

OpCase gluCase(ops::GluKind kind, std::uint64_t n)
{
    return {kind == ops::GluKind::SwiGlu ? "swiglu" : "geglu", GgmlType::F32, std::to_string(n), 1e-5,
            [=](CaseEnv& env) {
                // Wide gate range: the activations saturate on both sides.
                const auto gate = env.random(n, -30, 30), up = env.random(n, -2, 2);
                std::vector<float> want(n);
                ops::cpu::glu(kind, gate, up, want);
                const Shape shape{n, 1, 1, 1};
                const auto out = env.zeros(GgmlType::F32, shape);
                vk::OpRecorder rec(env.context());
                vk::ops::glu(rec, kind, env.tensor(gate, GgmlType::F32, shape), env.tensor(up, GgmlType::F32, shape),
                             out);
                rec.submitAndWait();
                return CaseOutput{env.readF32(out), toDouble(want)};
            }};
}

OpCase softmaxCase(std::uint64_t n, std::uint64_t rows)
{
    return {"softmax", GgmlType::F32, dims(n, rows), 1e-6, [=](CaseEnv& env) {
                const auto x = env.random(n * rows, -20, 20);
                std::vector<float> want(x.size());
                ops::cpu::softmax(x, want, std::uint32_t(n));
                const Shape shape{n, rows, 1, 1};
                const auto out = env.zeros(GgmlType::F32, shape);
                vk::OpRecorder rec(env.context());
                vk::ops::softmax(rec, env.tensor(x, GgmlType::F32, shape), out);
                rec.submitAndWait();
                return CaseOutput{env.readF32(out), toDouble(want)};
            }};
}

OpCase ropeCase(ops::RopeMode mode, std::uint32_t headDim, std::uint32_t nRot, float freqScale, bool factors)
{
    const std::string name = mode == ops::RopeMode::NeoX ? "rope_neox" : "rope_normal";
    std::string shape = std::to_string(headDim) + "x3x5";
    if (nRot < headDim)
        shape += " rot " + std::to_string(nRot);
    if (factors)
        shape += " factors";
    // fp32 angles of positions ~1000 carry ~1e-4 absolute error.
    return {name, GgmlType::F32, shape, 1e-3, [=](CaseEnv& env) {
                const ops::RopeParams p{mode, headDim, nRot, 10000.0f, freqScale};
                const std::uint64_t heads = 3, tokens = 5;
                const std::vector<std::int32_t> positions = {0, 1, 17, 300, 1023};
                const auto x = env.random(tokens * heads * headDim, -2, 2);
                const auto freqFactors = factors ? env.random(nRot / 2, 1, 8) : std::vector<float>{};
                std::vector<float> want(x.size());
                ops::cpu::rope(p, x, positions, want, std::uint32_t(heads), freqFactors);
                const Shape xShape{headDim, heads, tokens, 1};
                const auto out = env.zeros(GgmlType::F32, xShape);
                vk::TensorView ff;
                if (factors)
                    ff = env.tensor(freqFactors, GgmlType::F32, {nRot / 2, 1, 1, 1});
                vk::OpRecorder rec(env.context());
                vk::ops::rope(rec, p, env.tensor(x, GgmlType::F32, xShape),
                              env.tensor(positions, GgmlType::I32, {tokens, 1, 1, 1}), out, factors ? &ff : nullptr);
                rec.submitAndWait();
                return CaseOutput{env.readF32(out), toDouble(want)};
            }};
}

OpCase getRowsCase(GgmlType type, std::uint64_t n)
{
    return {"get_rows", type, dims(n, 23) + " ids 7", 1e-6, [=](CaseEnv& env) {
                const std::uint64_t vocab = 23;
                const auto values = env.random(vocab * n);
                std::vector<std::byte> matrix(rowBytes(type, vocab * n));
                quantize(type, values.data(), matrix.data(), vocab * n);
                const std::vector<std::int32_t> ids = {0, 22, 5, 5, 13, 1, 21};
                std::vector<float> want(ids.size() * n);
                ops::cpu::getRows(type, matrix, std::uint32_t(n), ids, want);
                const auto out = env.zeros(GgmlType::F32, {n, ids.size(), 1, 1});
                vk::OpRecorder rec(env.context());
                vk::ops::getRows(rec, env.tensor(matrix, type, {n, vocab, 1, 1}),
                                 env.tensor(ids, GgmlType::I32, {ids.size(), 1, 1, 1}), out);
                rec.submitAndWait();
                return CaseOutput{env.readF32(out), toDouble(want)};
            }};
}

} // namespace

void addElementwiseCases(std::vector<OpCase>& cases)
{
    cases.push_back(rmsNormCase(4097, 2));
    cases.push_back(rmsNormCase(896, 5));
    for (auto op : {ops::BinaryOp::Add, ops::BinaryOp::Mul}) {
        cases.push_back(binaryCase(op, 333, 7, false));
        cases.push_back(binaryCase(op, 333, 7, true));
    }
    cases.push_back(scaleCase(2331));
    cases.push_back(gluCase(ops::GluKind::SwiGlu, 4867));
    cases.push_back(gluCase(ops::GluKind::GeGlu, 4867));
    cases.push_back(softmaxCase(129, 4));
    cases.push_back(softmaxCase(1000, 3));
    cases.push_back(ropeCase(ops::RopeMode::Normal, 64, 64, 1.0f, false));
    cases.push_back(ropeCase(ops::RopeMode::NeoX, 128, 128, 1.0f, false));
    cases.push_back(ropeCase(ops::RopeMode::Normal, 80, 32, 0.25f, false));
    cases.push_back(ropeCase(ops::RopeMode::NeoX, 96, 48, 0.5f, false));
    cases.push_back(ropeCase(ops::RopeMode::Normal, 64, 64, 1.0f, true));
    // Every type the gather kernel takes, at a row length its blocks allow.
    for (std::uint32_t id = 0; id < 64; ++id) {
        const auto type = static_cast<GgmlType>(id);
        const TypeTraits* traits = typeTraits(type);
        if (!traits || !vk::ops::getRowsSupported(type) || !traits->canQuantize)
            continue;
        const std::uint32_t block = traits->blockSize;
        cases.push_back(getRowsCase(type, block == 1 ? 71 : block * (block >= 256 ? 2 : 5)));
    }
}

} // namespace hearth::opcheck
