// The op layer's plumbing: pipeline cache, hazard-tracked barriers,
// descriptor pools that grow, submission in bounded chunks, the fp32 switch.

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
            QCOMPARE(rec.chunksSubmitted(), 600u / rec.chunkLimits().maxOps); // flushed on its own
            rec.submitAndWait();
            QCOMPARE(rec.chunksSubmitted(), 0u);
        }
        for (float v : x.download())
            QCOMPARE(v, 1200.0f);
    }

    // A dependent chain split into chunks of 3 ops: every read-after-write
    // and write-after-read crosses chunk boundaries somewhere, and the
    // result is only right if the order held.
    void orderingHoldsAcrossChunkBoundaries()
    {
        vk::Context context;
        const std::uint64_t n = 4096;
        const auto ones = std::vector<float>(n, 1.0f);
        auto step = DeviceTensor::of(context, ones, GgmlType::F32, {n, 1, 1, 1});
        auto x = DeviceTensor::zeros(context, {n, 1, 1, 1});
        auto y = DeviceTensor::zeros(context, {n, 1, 1, 1});
        auto z = DeviceTensor::zeros(context, {n, 1, 1, 1});
        const auto record = [&](vk::OpRecorder& rec) {
            for (int i = 0; i < 25; ++i) {
                vk::ops::binary(rec, ops::BinaryOp::Add, x.view, step.view, y.view); // y = x + 1
                vk::ops::scale(rec, y.view, 2.0f, x.view);                          // x = 2y (WAR on x)
                rec.copy(x.view.range(), z.view.range());                            // z = x (RAW)
                vk::ops::binary(rec, ops::BinaryOp::Add, z.view, step.view, z.view); // z += 1 in place
            }
        };
        // The hazard tracking carries over chunk boundaries: the same
        // barriers as in one command buffer.
        vk::OpRecorder whole(context);
        record(whole);
        QCOMPARE(whole.chunksSubmitted(), 0u);
        const std::uint32_t barriers = whole.barrierCount();
        QVERIFY(barriers >= 75u); // nearly every op depends on the one before
        whole.submitAndWait();
        const std::vector<float> zero(n, 0.0f);
        x.buffer.upload(std::as_bytes(std::span(zero)));

        vk::OpRecorder rec(context);
        rec.setChunkLimits({3, ~std::uint64_t(0)});
        record(rec);
        QCOMPARE(rec.barrierCount(), barriers);
        QCOMPARE(rec.dispatchCount(), 75u);
        QCOMPARE(rec.chunksSubmitted(), 100u / 3);
        rec.submitAndWait();
        float want = 0;
        for (int i = 0; i < 25; ++i)
            want = 2 * (want + 1);
        for (float v : x.download())
            QCOMPARE(v, want);
        for (float v : z.download())
            QCOMPARE(v, want + 1);
    }

    // Consecutive dispatches of one pipeline bind it once per command
    // buffer: with one op per chunk each new chunk must bind it again.
    void onePipelineRunsRightWhenEveryOpIsItsOwnChunk()
    {
        vk::Context context;
        const std::uint64_t n = 1024;
        auto x = DeviceTensor::of(context, std::vector<float>(n, 1.0f), GgmlType::F32, {n, 1, 1, 1});
        auto y = DeviceTensor::zeros(context, {n, 1, 1, 1});
        for (std::uint32_t maxOps : {1u, 1000u}) {
            const std::vector<float> one(n, 1.0f);
            x.buffer.upload(std::as_bytes(std::span(one)));
            vk::OpRecorder rec(context);
            rec.setChunkLimits({maxOps, ~std::uint64_t(0)});
            for (int i = 0; i < 5; ++i) {
                vk::ops::scale(rec, x.view, 2.0f, y.view); // y = 2x
                vk::ops::scale(rec, y.view, 2.0f, x.view); // x = 2y
            }
            QCOMPARE(rec.chunksSubmitted(), maxOps == 1 ? 10u : 0u);
            rec.submitAndWait();
            for (float v : x.download())
                QCOMPARE(v, 1024.0f);
        }
    }

    void chunksAlsoCloseOnBoundBytesAndOnFlush()
    {
        vk::Context context;
        const std::uint64_t n = 1024; // 4 KiB per tensor, 12 KiB bound per add
        auto a = DeviceTensor::zeros(context, {n, 1, 1, 1});
        auto one = DeviceTensor::of(context, std::vector<float>(n, 1.0f), GgmlType::F32, {n, 1, 1, 1});
        vk::OpRecorder rec(context);
        rec.setChunkLimits({1000, 30 * 1024}); // a chunk closes after the third add
        for (int i = 0; i < 9; ++i)
            vk::ops::binary(rec, ops::BinaryOp::Add, a.view, one.view, a.view);
        QCOMPARE(rec.chunksSubmitted(), 3u);
        vk::ops::binary(rec, ops::BinaryOp::Add, a.view, one.view, a.view);
        rec.flush(); // the engine starts the GPU early
        QCOMPARE(rec.chunksSubmitted(), 4u);
        rec.flush(); // nothing new: no empty submission
        QCOMPARE(rec.chunksSubmitted(), 4u);
        vk::ops::binary(rec, ops::BinaryOp::Add, a.view, one.view, a.view);
        rec.submitAndWait();
        for (float v : a.download())
            QCOMPARE(v, 11.0f);
    }

    void destroyingARecorderWithWorkInFlightIsSafe()
    {
        vk::Context context;
        auto a = DeviceTensor::zeros(context, {256, 1, 1, 1});
        {
            vk::OpRecorder rec(context);
            rec.setChunkLimits({2, ~std::uint64_t(0)});
            for (int i = 0; i < 7; ++i)
                vk::ops::scale(rec, a.view, 1.0f, a.view);
            QCOMPARE(rec.chunksSubmitted(), 3u);
        } // waits for the submitted chunks before freeing their pools
        QCOMPARE(a.download()[0], 0.0f);
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
        QVERIFY_THROWS_EXCEPTION(Error, rec.copy(tooLong.range(), a.view.range()));
        QVERIFY_THROWS_EXCEPTION(Error, rec.copy(a.view.range(), {}));
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
