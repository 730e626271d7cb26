// KV cache write and attention on Vulkan against the CPU reference
// (ops/cpu_attention.h): decode and causal prefill, grouped-query heads,
// head_dim 6/8/40/64/128, kv lengths 1, 17, 300; the shared-memory tiled
// kernel and the lanes kernel for CPU drivers.

#include "ops/cpu_attention.h"
#include "test_ops_util.h"
#include "vulkan/instance.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_attention.h"
#include "vulkan/ops_matmul.h"
#include "hearth/error.h"

#include <QtTest>

using namespace hearth;
using testing::DeviceTensor;
using vk::ops::AttentionKernel;

class OpsAttentionTest : public QObject {
    Q_OBJECT

    std::unique_ptr<vk::Context> context_;

private slots:
    void initTestCase() { context_ = std::make_unique<vk::Context>(); }
    void cleanupTestCase() { context_.reset(); }
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void attention_data()
    {
        QTest::addColumn<int>("headDim");
        QTest::addColumn<int>("nHead");
        QTest::addColumn<int>("nKvHead");
        QTest::addColumn<int>("nQ");
        QTest::addColumn<int>("kvLen");
        QTest::addColumn<float>("qRange"); // large: peaky softmax, the running max moves between tiles
        QTest::addColumn<int>("kernel");
        for (const auto& [name, kernel] : {std::pair{"tiled", AttentionKernel::Tiled}, {"lanes", AttentionKernel::Lanes}}) {
            const auto row = [&](const char* what) -> QTestData& { return QTest::addRow("%s %s", what, name); };
            row("decode d64 kv1") << 64 << 4 << 2 << 1 << 1 << 2.0f << int(kernel);
            row("decode d40 kv17") << 40 << 2 << 1 << 1 << 17 << 2.0f << int(kernel);
            row("decode d128 gqa4 kv300") << 128 << 8 << 2 << 1 << 300 << 2.0f << int(kernel);
            row("decode d64 kv300 peaky") << 64 << 4 << 4 << 1 << 300 << 20.0f << int(kernel);
            row("prefill d8 kv17 from 0") << 8 << 6 << 3 << 17 << 17 << 2.0f << int(kernel);
            row("prefill d64 kv300 continued") << 64 << 4 << 1 << 13 << 300 << 2.0f << int(kernel);
            row("prefill d64 kv300 peaky") << 64 << 2 << 1 << 40 << 300 << 20.0f << int(kernel);
            row("prefill d128 kv17 continued") << 128 << 2 << 2 << 5 << 17 << 2.0f << int(kernel);
        }
        // Not a multiple of 8: the tiled kernel, whatever is asked.
        QTest::newRow("prefill d6 kv17 auto") << 6 << 2 << 1 << 4 << 17 << 2.0f << int(AttentionKernel::Auto);
    }
    // Writes positions [0, p0) and then [p0, kvLen) (the new queries' rows)
    // through kvWrite, then attends; the last nQ positions are the queries.
    void attention()
    {
        QFETCH(int, headDim);
        QFETCH(int, nHead);
        QFETCH(int, nKvHead);
        QFETCH(int, nQ);
        QFETCH(int, kvLen);
        QFETCH(float, qRange);
        QFETCH(int, kernel);
        if (AttentionKernel(kernel) == AttentionKernel::Lanes && !vk::ops::matMulLanesSupported(context_->info()))
            QSKIP("the lanes kernel needs a CPU driver with 8-lane subgroups");
        const std::uint64_t D = headDim, H = nHead, KH = nKvHead, Q = nQ, L = kvLen, ctx = L + 3;
        const std::uint32_t p0 = kvLen - nQ;
        const ops::cpu::AttentionShape shape{std::uint32_t(headDim), std::uint32_t(nHead), std::uint32_t(nKvHead)};
        const auto k = testing::randomFloats(L * KH * D, 300 + kvLen, -1, 1);
        const auto v = testing::randomFloats(L * KH * D, 400 + kvLen, -1, 1);
        const auto q = testing::randomFloats(Q * H * D, 500 + kvLen, -qRange, qRange);

        // f16 NaN everywhere first: a read past the causal/kv limit poisons the output.
        std::vector<std::uint16_t> kWant(ctx * KH * D, 0x7E00), vWant(ctx * KH * D, 0x7E00);
        ops::cpu::kvWrite(k, kWant, shape, 0);
        ops::cpu::kvWrite(v, vWant, shape, 0);
        std::vector<float> want(q.size());
        ops::cpu::attention(shape, q, kWant, vWant, kvLen, p0, want);

        const std::vector<std::uint16_t> poison(ctx * KH * D, 0x7E00);
        auto kc = DeviceTensor::of(*context_, poison, GgmlType::F16, {D, KH, ctx, 1});
        auto vc = DeviceTensor::of(*context_, poison, GgmlType::F16, {D, KH, ctx, 1});
        const std::size_t split = std::size_t(p0) * KH * D;
        const std::vector<float> kOld(k.begin(), k.begin() + split), vOld(v.begin(), v.begin() + split);
        const std::vector<float> kNew(k.begin() + split, k.end()), vNew(v.begin() + split, v.end());
        auto dkOld = DeviceTensor::of(*context_, kOld, GgmlType::F32, {D, KH, p0, 1});
        auto dvOld = DeviceTensor::of(*context_, vOld, GgmlType::F32, {D, KH, p0, 1});
        auto dkNew = DeviceTensor::of(*context_, kNew, GgmlType::F32, {D, KH, Q, 1});
        auto dvNew = DeviceTensor::of(*context_, vNew, GgmlType::F32, {D, KH, Q, 1});
        auto dq = DeviceTensor::of(*context_, q, GgmlType::F32, {D, H, Q, 1});
        auto out = DeviceTensor::zeros(*context_, {D, H, Q, 1});
        vk::OpRecorder rec(*context_);
        if (p0 > 0)
            vk::ops::kvWrite(rec, dkOld.view, dvOld.view, kc.view, vc.view, 0);
        vk::ops::kvWrite(rec, dkNew.view, dvNew.view, kc.view, vc.view, p0);
        vk::ops::attention(rec, dq.view, kc.view, vc.view, kvLen, p0, out.view, AttentionKernel(kernel));
        rec.submitAndWait();

        QVERIFY(kc.downloadHalves() == kWant); // same round-to-nearest-even, untouched rows still poison
        QVERIFY(vc.downloadHalves() == vWant);
        const std::string problem = testing::compare(out.download(), want, 2e-5, 2e-4);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void lanesKernelRefusesWhatItCannotRead()
    {
        // head_dim 6: a cache row of one head is not whole texels.
        const std::vector<std::uint16_t> cache(6 * 4, 0);
        auto kc = DeviceTensor::of(*context_, cache, GgmlType::F16, {6, 1, 4, 1});
        auto vc = DeviceTensor::of(*context_, cache, GgmlType::F16, {6, 1, 4, 1});
        auto q = DeviceTensor::zeros(*context_, {6, 1, 1, 1});
        auto out = DeviceTensor::zeros(*context_, {6, 1, 1, 1});
        QVERIFY(!vk::ops::attentionLanesFit(*context_, kc.view, vc.view));
        vk::OpRecorder rec(*context_);
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::attention(rec, q.view, kc.view, vc.view, 4, 3, out.view,
                                                           AttentionKernel::Lanes));
        QCOMPARE(rec.dispatchCount(), 0u);
    }
};

QTEST_APPLESS_MAIN(OpsAttentionTest)
#include "test_ops_attention.moc"
