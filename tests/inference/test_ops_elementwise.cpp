// Small ops on Vulkan against the CPU reference (ops/cpu_reference.h), on
// random data with odd, non-power-of-two and block-edge shapes.

#include "ops/cpu_reference.h"
#include "test_ops_util.h"
#include "vulkan/instance.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_elementwise.h"

#include <QtTest>

using namespace hearth;
using testing::DeviceTensor;

namespace {

#define EXPECT_CLOSE(got, want, atol, rtol)                                                                 \
    do {                                                                                                     \
        const std::string problem = testing::compare(got, want, atol, rtol);                                 \
        QVERIFY2(problem.empty(), problem.c_str());                                                          \
    } while (0)

} // namespace

class OpsElementwiseTest : public QObject {
    Q_OBJECT

    std::unique_ptr<vk::Context> context_;

private slots:
    void initTestCase() { context_ = std::make_unique<vk::Context>(); }
    void cleanupTestCase() { context_.reset(); }
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void rmsNormWithWeight_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("n");
        QTest::newRow("1x1") << 1 << 1;
        QTest::newRow("3x127") << 3 << 127;
        QTest::newRow("5x896") << 5 << 896;
        QTest::newRow("2x4097") << 2 << 4097;
    }
    void rmsNormWithWeight()
    {
        QFETCH(int, rows);
        QFETCH(int, n);
        const std::uint64_t r = rows, c = n;
        const auto x = testing::randomFloats(r * c, 10, -3, 3);
        const auto w = testing::randomFloats(c, 11, 0.5f, 1.5f);
        std::vector<float> want(x.size());
        ops::cpu::rmsNorm(x, w, want, n, 1e-6f);
        auto dx = DeviceTensor::of(*context_, x, GgmlType::F32, {c, r, 1, 1});
        auto dw = DeviceTensor::of(*context_, w, GgmlType::F32, {c, 1, 1, 1});
        auto out = DeviceTensor::zeros(*context_, {c, r, 1, 1});
        vk::OpRecorder rec(*context_);
        vk::ops::rmsNorm(rec, dx.view, dw.view, out.view, 1e-6f);
        rec.submitAndWait();
        EXPECT_CLOSE(out.download(), want, 1e-5, 1e-5);
    }

    void binaryOpsAndScale()
    {
        const std::uint64_t rows = 7, n = 333;
        const auto a = testing::randomFloats(rows * n, 20, -5, 5);
        const auto full = testing::randomFloats(rows * n, 21, -5, 5);
        const auto row = testing::randomFloats(n, 22, -5, 5);
        auto da = DeviceTensor::of(*context_, a, GgmlType::F32, {n, rows, 1, 1});
        auto dfull = DeviceTensor::of(*context_, full, GgmlType::F32, {n, rows, 1, 1});
        auto drow = DeviceTensor::of(*context_, row, GgmlType::F32, {n, 1, 1, 1});
        for (auto op : {ops::BinaryOp::Add, ops::BinaryOp::Mul}) {
            for (const auto* b : {&full, &row}) {
                std::vector<float> want(a.size());
                ops::cpu::binary(op, a, *b, want);
                auto out = DeviceTensor::zeros(*context_, {n, rows, 1, 1});
                vk::OpRecorder rec(*context_);
                vk::ops::binary(rec, op, da.view, b == &full ? dfull.view : drow.view, out.view);
                rec.submitAndWait();
                EXPECT_CLOSE(out.download(), want, 0, 0); // one rounding, same as the CPU
            }
        }
        std::vector<float> want(a.size());
        ops::cpu::scale(a, -0.37f, want);
        auto out = DeviceTensor::zeros(*context_, {n, rows, 1, 1});
        vk::OpRecorder rec(*context_);
        vk::ops::scale(rec, da.view, -0.37f, out.view);
        rec.submitAndWait();
        EXPECT_CLOSE(out.download(), want, 0, 0);
    }

    void gatedUnits()
    {
        const std::uint64_t n = 4864 + 3;
        // Wide range: silu/gelu saturate on both sides and must not overflow.
        const auto gate = testing::randomFloats(n, 30, -30, 30);
        const auto up = testing::randomFloats(n, 31, -2, 2);
        auto dg = DeviceTensor::of(*context_, gate, GgmlType::F32, {n, 1, 1, 1});
        auto du = DeviceTensor::of(*context_, up, GgmlType::F32, {n, 1, 1, 1});
        for (auto kind : {ops::GluKind::SwiGlu, ops::GluKind::GeGlu}) {
            std::vector<float> want(n);
            ops::cpu::glu(kind, gate, up, want);
            auto out = DeviceTensor::zeros(*context_, {n, 1, 1, 1});
            vk::OpRecorder rec(*context_);
            vk::ops::glu(rec, kind, dg.view, du.view, out.view);
            rec.submitAndWait();
            EXPECT_CLOSE(out.download(), want, 1e-5, 1e-4);
        }
    }

    void softmaxRows_data()
    {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("n");
        QTest::newRow("1x1") << 1 << 1;
        QTest::newRow("4x129") << 4 << 129;
        QTest::newRow("3x1000") << 3 << 1000;
    }
    void softmaxRows()
    {
        QFETCH(int, rows);
        QFETCH(int, n);
        const std::uint64_t r = rows, c = n;
        const auto x = testing::randomFloats(r * c, 40, -20, 20);
        std::vector<float> want(x.size());
        ops::cpu::softmax(x, want, n);
        auto dx = DeviceTensor::of(*context_, x, GgmlType::F32, {c, r, 1, 1});
        auto out = DeviceTensor::zeros(*context_, {c, r, 1, 1});
        vk::OpRecorder rec(*context_);
        vk::ops::softmax(rec, dx.view, out.view);
        rec.submitAndWait();
        EXPECT_CLOSE(out.download(), want, 1e-7, 1e-4);
    }

    void rope_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("headDim");
        QTest::addColumn<int>("nRot");
        QTest::addColumn<float>("freqBase");
        QTest::addColumn<float>("freqScale");
        QTest::addColumn<bool>("factors");
        QTest::newRow("normal full") << 0 << 64 << 64 << 10000.0f << 1.0f << false;
        QTest::newRow("neox full") << 2 << 128 << 128 << 1000000.0f << 1.0f << false;
        QTest::newRow("normal partial scaled") << 0 << 80 << 32 << 10000.0f << 0.25f << false;
        QTest::newRow("neox partial") << 2 << 96 << 48 << 500000.0f << 0.5f << false;
        QTest::newRow("neox tiny") << 2 << 6 << 2 << 10000.0f << 1.0f << false;
        QTest::newRow("normal llama3 factors") << 0 << 64 << 64 << 500000.0f << 1.0f << true;
        QTest::newRow("neox partial factors") << 2 << 96 << 48 << 10000.0f << 1.0f << true;
    }
    void rope()
    {
        QFETCH(int, mode);
        QFETCH(int, headDim);
        QFETCH(int, nRot);
        QFETCH(float, freqBase);
        QFETCH(float, freqScale);
        QFETCH(bool, factors);
        const ops::RopeParams p{static_cast<ops::RopeMode>(mode), std::uint32_t(headDim), std::uint32_t(nRot),
                                freqBase, freqScale};
        const std::uint64_t heads = 3, tokens = 5;
        const std::vector<std::int32_t> positions = {0, 1, 17, 300, 1023};
        const auto x = testing::randomFloats(tokens * heads * headDim, 50, -2, 2);
        // Llama 3.1-style factors: 1 for high frequencies up to 8 for low ones.
        const auto freqFactors = factors ? testing::randomFloats(std::size_t(nRot / 2), 51, 1, 8) : std::vector<float>{};
        std::vector<float> want(x.size());
        ops::cpu::rope(p, x, positions, want, heads, freqFactors);
        auto dx = DeviceTensor::of(*context_, x, GgmlType::F32, {std::uint64_t(headDim), heads, tokens, 1});
        auto dp = DeviceTensor::of(*context_, positions, GgmlType::I32, {tokens, 1, 1, 1});
        auto df = DeviceTensor::of(*context_, factors ? freqFactors : std::vector<float>{1}, GgmlType::F32,
                                   {std::uint64_t(factors ? nRot / 2 : 1), 1, 1, 1});
        auto out = DeviceTensor::zeros(*context_, {std::uint64_t(headDim), heads, tokens, 1});
        vk::OpRecorder rec(*context_);
        vk::ops::rope(rec, p, dx.view, dp.view, out.view, factors ? &df.view : nullptr);
        rec.submitAndWait();
        // fp32 angle of pos ~1000 rad carries ~1e-4 absolute error.
        EXPECT_CLOSE(out.download(), want, 1e-3, 1e-3);
    }

    void embeddingRows_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("n");
        QTest::newRow("F32 odd") << int(GgmlType::F32) << 37;
        QTest::newRow("F16 odd") << int(GgmlType::F16) << 71;
        QTest::newRow("Q8_0") << int(GgmlType::Q8_0) << 96;
        QTest::newRow("Q4_0") << int(GgmlType::Q4_0) << 160;
        QTest::newRow("Q4_K") << int(GgmlType::Q4_K) << 512;
    }
    void embeddingRows()
    {
        QFETCH(int, type);
        QFETCH(int, n);
        const auto t = static_cast<GgmlType>(type);
        const std::uint64_t vocab = 23, c = n;
        const auto values = testing::randomFloats(vocab * c, 60, -1, 1);
        std::vector<std::byte> matrix(rowBytes(t, vocab * c));
        quantize(t, values.data(), matrix.data(), vocab * c);
        const std::vector<std::int32_t> ids = {0, 22, 5, 5, 13, 1, 21};
        std::vector<float> want(ids.size() * c);
        ops::cpu::getRows(t, matrix, n, ids, want);
        DeviceTensor dm(*context_, matrix, t, {c, vocab, 1, 1});
        auto di = DeviceTensor::of(*context_, ids, GgmlType::I32, {ids.size(), 1, 1, 1});
        auto out = DeviceTensor::zeros(*context_, {c, ids.size(), 1, 1});
        vk::OpRecorder rec(*context_);
        vk::ops::getRows(rec, dm.view, di.view, out.view);
        rec.submitAndWait();
        // Dequantisation is exact up to float rounding of d * q - m.
        EXPECT_CLOSE(out.download(), want, 1e-6, 1e-6);
    }
};

QTEST_APPLESS_MAIN(OpsElementwiseTest)
#include "test_ops_elementwise.moc"
