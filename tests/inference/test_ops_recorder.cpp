// The op layer's plumbing: pipeline cache, hazard-tracked barriers,
// descriptor pools that grow, the fp32 switch.

#include "hearth/error.h"
#include "test_ops_util.h"
#include "vulkan/instance.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_elementwise.h"
#include "vulkan/pipeline_cache.h"

#include <QtTest>

using namespace hearth;
using testing::DeviceTensor;

class OpsRecorderTest : public QObject {
    Q_OBJECT

private slots:
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void pipelineCacheBuildsOncePerSpecialization()
    {
        vk::Context context;
        auto& cache = context.pipelines();
        QCOMPARE(cache.size(), std::size_t(0)); // nothing is compiled up front
        const vk::PipelineSpec a{"add_f32", 3, 4, {64}};
        const vk::ComputePipeline* first = &cache.get(a);
        QCOMPARE(&cache.get(a), first);
        QCOMPARE(cache.size(), std::size_t(1));
        const vk::ComputePipeline* other = &cache.get({"add_f32", 3, 4, {128}});
        QVERIFY(other != first);
        QCOMPARE(cache.size(), std::size_t(2));
        QVERIFY_THROWS_EXCEPTION(Error, cache.get({"no_such_shader", 1, 0, {}}));
    }

    void barriersOnlyWhereADispatchDependsOnAnEarlierWrite()
    {
        vk::Context context;
        const std::uint64_t n = 1000;
        auto a = DeviceTensor::of(context, testing::randomFloats(n, 1), GgmlType::F32, {n, 1, 1, 1});
        auto b = DeviceTensor::of(context, testing::randomFloats(n, 2), GgmlType::F32, {n, 1, 1, 1});
        auto c = DeviceTensor::zeros(context, {n, 1, 1, 1});
        auto d = DeviceTensor::zeros(context, {n, 1, 1, 1});
        auto e = DeviceTensor::zeros(context, {n, 1, 1, 1});
        vk::OpRecorder rec(context);
        vk::ops::binary(rec, ops::BinaryOp::Add, a.view, b.view, c.view); // c = a + b
        vk::ops::binary(rec, ops::BinaryOp::Mul, a.view, b.view, d.view); // independent: no barrier
        QCOMPARE(rec.barrierCount(), 0u);
        vk::ops::binary(rec, ops::BinaryOp::Add, c.view, d.view, e.view); // reads c, d: barrier (RAW)
        QCOMPARE(rec.barrierCount(), 1u);
        vk::ops::scale(rec, b.view, 2.0f, a.view); // writes a, read before the last barrier only: none
        QCOMPARE(rec.barrierCount(), 1u);
        vk::ops::scale(rec, b.view, 0.5f, d.view); // writes d, which the e dispatch read (WAR): barrier
        QCOMPARE(rec.barrierCount(), 2u);
        QCOMPARE(rec.dispatchCount(), 5u);
        rec.submitAndWait();

        const auto av = testing::randomFloats(n, 1), bv = testing::randomFloats(n, 2);
        const auto sum = e.download(), half = d.download(), twice = a.download();
        for (std::uint64_t i = 0; i < n; ++i) {
            QCOMPARE(sum[i], (av[i] + bv[i]) + av[i] * bv[i]);
            QCOMPARE(half[i], bv[i] * 0.5f);
            QCOMPARE(twice[i], bv[i] * 2.0f);
        }
    }

    void disjointRangesOfOneBufferDoNotConflict()
    {
        vk::Context context;
        const std::uint64_t n = 256; // 1 KiB halves: aligned for any device
        auto src = DeviceTensor::of(context, testing::randomFloats(2 * n, 3), GgmlType::F32, {2 * n, 1, 1, 1});
        auto dst = DeviceTensor::zeros(context, {2 * n, 1, 1, 1});
        vk::TensorView lo = src.view, hi = src.view, outLo = dst.view, outHi = dst.view;
        lo.shape[0] = hi.shape[0] = outLo.shape[0] = outHi.shape[0] = n;
        hi.offset = outHi.offset = n * 4;
        vk::OpRecorder rec(context);
        vk::ops::scale(rec, lo, 3.0f, outLo);
        vk::ops::scale(rec, hi, 5.0f, outHi);
        QCOMPARE(rec.barrierCount(), 0u);
        vk::ops::scale(rec, outLo, 1.0f, lo); // reads what the first dispatch wrote
        QCOMPARE(rec.barrierCount(), 1u);
        rec.submitAndWait();
        const auto v = testing::randomFloats(2 * n, 3);
        const auto out = dst.download();
        for (std::uint64_t i = 0; i < n; ++i) {
            QCOMPARE(out[i], v[i] * 3.0f);
            QCOMPARE(out[n + i], v[n + i] * 5.0f);
        }
    }

    void manyDispatchesGrowTheDescriptorPoolsAndTheRecorderIsReusable()
    {
        vk::Context context;
        const std::uint64_t n = 64;
        const auto ones = std::vector<float>(n, 1.0f);
        auto step = DeviceTensor::of(context, ones, GgmlType::F32, {n, 1, 1, 1});
        auto x = DeviceTensor::zeros(context, {n, 1, 1, 1});
        auto y = DeviceTensor::zeros(context, {n, 1, 1, 1});
        vk::OpRecorder rec(context);
        for (int round = 0; round < 2; ++round) {
            // 600 dispatches: more sets than one pool holds.
            for (int i = 0; i < 300; ++i) {
                vk::ops::binary(rec, ops::BinaryOp::Add, x.view, step.view, y.view);
                vk::ops::binary(rec, ops::BinaryOp::Add, y.view, step.view, x.view);
            }
            QCOMPARE(rec.dispatchCount(), 600u);
            QCOMPARE(rec.barrierCount(), 599u);
            rec.submitAndWait();
        }
        for (float v : x.download())
            QCOMPARE(v, 1200.0f);
    }

    void misalignedOrOutOfRangeBindingsAreRejected()
    {
        vk::Context context;
        auto a = DeviceTensor::zeros(context, {64, 1, 1, 1});
        vk::OpRecorder rec(context);
        vk::TensorView shifted = a.view;
        shifted.shape[0] = 8;
        shifted.offset = 4; // below any device's minStorageBufferOffsetAlignment > 4...
        if (rec.offsetAlignment() > 4)
            QVERIFY_THROWS_EXCEPTION(Error, vk::ops::scale(rec, shifted, 1.0f, shifted));
        vk::TensorView tooLong = a.view;
        tooLong.shape[0] = 65;
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::scale(rec, tooLong, 1.0f, a.view));
        QCOMPARE(rec.dispatchCount(), 0u);
    }

    void forceFp32ComesFromTheEnvironment()
    {
        qputenv("HEARTH_FORCE_FP32", "1");
        {
            vk::Context context;
            QVERIFY(context.forceFp32());
            QVERIFY(!context.fp16Allowed());
        }
        qunsetenv("HEARTH_FORCE_FP32");
        vk::Context context;
        QVERIFY(!context.forceFp32());
        QCOMPARE(context.fp16Allowed(), context.info().float16Arithmetic);
    }
};

QTEST_APPLESS_MAIN(OpsRecorderTest)
#include "test_ops_recorder.moc"
