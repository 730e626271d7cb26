// Device memory: sub-allocation (alignment, reuse, dedicated blocks), the
// staging ring (uploads and read-backs larger than the ring), tensors larger
// than maxStorageBufferRange, the out-of-memory error, and per-op profiling.

#include "hearth/error.h"
#include "ops/cpu_reference.h"
#include "test_ops_util.h"
#include "vulkan/device_allocator.h"
#include "vulkan/instance.h"
#include "vulkan/memory_budget.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_elementwise.h"
#include "vulkan/ops_matvec.h"
#include "vulkan/staging_ring.h"

#include <QtTest>

#include <numeric>

using namespace hearth;

namespace {

std::vector<std::byte> randomBytes(std::size_t n, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::vector<std::byte> out(n);
    for (std::byte& b : out)
        b = std::byte(rng() & 0xFF);
    return out;
}

bool overlaps(const vk::Allocation& a, const vk::Allocation& b)
{
    return a.range().overlaps(b.range());
}

} // namespace

class VulkanMemoryTest : public QObject {
    Q_OBJECT

    std::unique_ptr<vk::Context> context_;

private slots:
    void initTestCase() { context_ = std::make_unique<vk::Context>(); }
    void cleanupTestCase() { context_.reset(); }
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void subAllocationsAreAlignedDisjointAndReused()
    {
        vk::DeviceAllocator memory(*context_, {.blockBytes = 1 << 20});
        QCOMPARE(memory.blockBytes(), VkDeviceSize(1 << 20));
        const VkDeviceSize deviceAlignment = context_->storageOffsetAlignment();
        std::vector<vk::Allocation> all;
        for (VkDeviceSize bytes : {1, 100, 4097, 256, 3000})
            all.push_back(memory.allocate(bytes));
        all.push_back(memory.allocate(10, 4096));
        all.push_back(memory.allocate(10, 3 * 256)); // not a power of two: lcm with the device's
        for (std::size_t i = 0; i < all.size(); ++i) {
            QVERIFY(all[i]);
            QCOMPARE(all[i].offset % deviceAlignment, VkDeviceSize(0));
            for (std::size_t j = 0; j < i; ++j)
                QVERIFY(!overlaps(all[i], all[j]));
        }
        QCOMPARE(all[5].offset % 4096, VkDeviceSize(0));
        QCOMPARE(all[6].offset % 768, VkDeviceSize(0));
        QCOMPARE(memory.blockCount(), std::size_t(1)); // all in one block
        QCOMPARE(all[2].bytes, VkDeviceSize(4097));

        // A freed hole is reused by a request that fits it.
        const vk::Allocation hole = all[2];
        memory.free(hole);
        all.erase(all.begin() + 2);
        const vk::Allocation again = memory.allocate(4000);
        QCOMPARE(again.offset, hole.offset);
        QCOMPARE(again.buffer, hole.buffer);
        all.push_back(again);

        QVERIFY_THROWS_EXCEPTION(Error, memory.free(hole)); // hole was re-handed with another size
        for (const auto& a : all)
            memory.free(a);
        QCOMPARE(memory.usedBytes(), VkDeviceSize(0));
        QVERIFY_THROWS_EXCEPTION(Error, memory.free(all[0])); // freed twice
        // Coalesced: the whole block is one free range again.
        const vk::Allocation whole = memory.allocate(1 << 20);
        QCOMPARE(whole.offset, VkDeviceSize(0));
        QCOMPARE(memory.blockCount(), std::size_t(1));
    }

    void bigRequestsGetTheirOwnBlock()
    {
        vk::DeviceAllocator memory(*context_, {.blockBytes = 1 << 20});
        const auto small = memory.allocate(1000);
        const auto big = memory.allocate(3 << 20);
        QCOMPARE(memory.blockCount(), std::size_t(2));
        QVERIFY(big.buffer != small.buffer);
        QCOMPARE(big.offset, VkDeviceSize(0));
        QVERIFY(memory.reservedBytes() >= VkDeviceSize(4 << 20));
        memory.free(big); // a dedicated block is released at once
        QCOMPARE(memory.blockCount(), std::size_t(1));
        // Data round-trips through an allocation at a non-zero offset.
        const auto second = memory.allocate(5000);
        QVERIFY(second.offset > 0);
        const auto bytes = randomBytes(5000, 1);
        memory.upload(second, bytes);
        std::vector<std::byte> back(5000);
        memory.download(second, back);
        QVERIFY(back == bytes);
        QVERIFY_THROWS_EXCEPTION(Error, memory.upload(second, randomBytes(5001, 2)));
        QVERIFY_THROWS_EXCEPTION(Error, memory.download(second, back, 1));
    }

    void uploadsLargerThanTheStagingRingRoundTrip()
    {
        vk::StagingRing ring(*context_, 1 << 20); // two 512 KiB halves
        vk::Buffer buffer(*context_, (5 << 20) + 64, vk::MemoryUse::DeviceLocal);
        const auto bytes = randomBytes((5 << 20) + 13, 3);
        ring.upload(buffer, 16, bytes);
        QCOMPARE(ring.chunksCopied(), std::uint64_t(11));
        std::vector<std::byte> back(bytes.size());
        ring.download(buffer, 16, back);
        QCOMPARE(ring.chunksCopied(), std::uint64_t(22));
        QVERIFY(back == bytes);
        QVERIFY_THROWS_EXCEPTION(Error, ring.upload(buffer, 60, bytes)); // past the end
    }

    void allocatorStreamsThroughTheContextRing()
    {
        // forceStaging takes the discrete-GPU path even on UMA (lavapipe).
        vk::DeviceAllocator memory(*context_, {.forceStaging = true});
        const std::size_t n = vk::StagingRing::kDefaultBytes + (3 << 20) + 5;
        const auto pad = memory.allocate(100);
        const auto a = memory.allocate(n);
        const auto bytes = randomBytes(n, 4);
        const std::uint64_t before = context_->staging().chunksCopied();
        memory.upload(a, bytes);
        QElapsedTimer timer;
        timer.start();
        memory.upload(a, bytes); // again, timed: memory already touched
        const double uploadMs = double(timer.nsecsElapsed()) / 1e6;
        QCOMPARE(context_->staging().chunksCopied() - before, std::uint64_t(6)); // 2 x (16 + 16 + 3 MiB)
        std::vector<std::byte> back(n);
        timer.restart();
        memory.download(a, back);
        const double downloadMs = double(timer.nsecsElapsed()) / 1e6;
        QVERIFY(back == bytes);
        qInfo("staged upload %.0f MB/s, read-back %.0f MB/s", double(n) / 1e3 / uploadMs,
              double(n) / 1e3 / downloadMs);
        memory.free(a);
        memory.free(pad);
    }

    void tensorsLargerThanTheStorageBufferRangeWork()
    {
        // A weight just over maxStorageBufferRange (128 MiB on lavapipe),
        // allocated whole and multiplied with the row-chunked mat-vec.
        const std::uint64_t range = context_->info().maxStorageBufferRange;
        if (range > (512ull << 20))
            QSKIP("the device's storage buffer range is too large to exceed cheaply");
        const std::uint64_t cols = 256, rowBytes = cols * 4, rows = range / rowBytes + 37;
        vk::DeviceAllocator memory(*context_);
        const auto w = memory.allocate(rows * rowBytes);
        QVERIFY(w.bytes > range);
        // Rows cycle through 13 random patterns: cheap to fill and to check.
        constexpr std::uint64_t kPatterns = 13;
        const auto patterns = testing::randomFloats(kPatterns * cols, 5);
        std::vector<float> slab(cols * kPatterns * 512);
        for (std::size_t i = 0; i < slab.size(); ++i)
            slab[i] = patterns[i % (kPatterns * cols)];
        const std::uint64_t slabRows = kPatterns * 512;
        for (std::uint64_t r = 0; r < rows; r += slabRows) {
            const std::uint64_t n = std::min(slabRows, rows - r);
            memory.upload(w, std::as_bytes(std::span(slab)).first(n * rowBytes), r * rowBytes);
        }
        const auto x = testing::randomFloats(cols, 6);
        const auto dx = memory.allocate(cols * 4);
        const auto dy = memory.allocate(rows * 4);
        memory.upload(dx, std::as_bytes(std::span(x)));
        const auto want = ops::cpu::matVec(GgmlType::F32, std::as_bytes(std::span(patterns)),
                                           std::uint32_t(kPatterns), std::uint32_t(cols), x);
        // The generic kernel binds storage buffers: in pieces. The default
        // kernel on a CPU driver (texel views, a far larger range) may not.
        for (const auto kernel : {vk::ops::MatVecKernel::Generic, vk::ops::MatVecKernel::Auto}) {
            vk::ops::MatVecOptions options;
            options.kernel = kernel;
            vk::OpRecorder rec(*context_);
            vk::ops::matVec(rec, w.view(GgmlType::F32, {cols, rows, 1, 1}), dx.view(GgmlType::F32, {cols, 1, 1, 1}),
                            dy.view(GgmlType::F32, {rows, 1, 1, 1}), options);
            if (kernel == vk::ops::MatVecKernel::Generic)
                QVERIFY(rec.dispatchCount() >= 2); // bound in pieces
            rec.submitAndWait();
            std::vector<float> y(rows);
            memory.download(dy, std::as_writable_bytes(std::span(y)));
            for (std::uint64_t r = 0; r < rows; r += 997) // every 997th row, plus the last
                QVERIFY2(std::abs(y[r] - want[r % kPatterns]) < 1e-4, ("row " + std::to_string(r)).c_str());
            QVERIFY(std::abs(y[rows - 1] - want[(rows - 1) % kPatterns]) < 1e-4);
        }
    }

    void absurdAllocationsGiveAClearError()
    {
        vk::DeviceAllocator memory(*context_);
        const std::string device = context_->info().name;
        for (VkDeviceSize bytes : {VkDeviceSize(1) << 50, context_->info().deviceLocalBytes + (1 << 20)}) {
            try {
                memory.allocate(bytes);
                QFAIL("the allocation should have failed");
            } catch (const Error& e) {
                const std::string message = e.what();
                QVERIFY2(message.find("Not enough GPU memory: needed " + vk::formatBytes(bytes)) == 0, e.what());
                QVERIFY2(message.find(" available on " + device) != std::string::npos, e.what());
            }
        }
        QVERIFY_THROWS_EXCEPTION(Error, vk::Buffer(*context_, VkDeviceSize(1) << 50, vk::MemoryUse::DeviceLocal));
        QCOMPARE(vk::formatBytes(VkDeviceSize(1) << 50), std::string("1.0 PiB"));
        QCOMPARE(vk::formatBytes(3435973837), std::string("3.2 GiB"));
        // Nothing leaked into the accounting, and the allocator still works.
        QCOMPARE(memory.blockCount(), std::size_t(0));
        QVERIFY(memory.allocate(1024));
    }

    void budgetCountsOurAllocations()
    {
        const int type = context_->findMemoryType(~0u, VK_MEMORY_PROPERTY_DEVICE_LOCAL_BIT);
        QVERIFY(type >= 0);
        const std::uint32_t heap = context_->heapOfMemoryType(std::uint32_t(type));
        const vk::HeapBudget before = vk::heapBudget(*context_, heap);
        QVERIFY(before.heapBytes > 0);
        QVERIFY(before.availableBytes() <= before.budgetBytes);
        const std::uint64_t held = context_->allocatedBytes(heap);
        {
            vk::Buffer b(*context_, 8 << 20, vk::MemoryUse::DeviceLocal);
            QVERIFY(context_->allocatedBytes(heap) >= held + (8 << 20));
        }
        QCOMPARE(context_->allocatedBytes(heap), held);
    }

    void profilingProducesATableOfTheOpsRun()
    {
        vk::Context& context = *context_;
        const std::uint64_t n = 4096;
        auto a = testing::DeviceTensor::of(context, testing::randomFloats(n, 7), GgmlType::F32, {n, 1, 1, 1});
        auto w = testing::DeviceTensor::of(context, testing::randomFloats(n, 8), GgmlType::F32, {n, 1, 1, 1});
        auto b = testing::DeviceTensor::zeros(context, {n, 1, 1, 1});
        vk::OpRecorder rec(context);
        if (!rec.setProfiling(true))
            QSKIP("the device cannot write timestamps on its compute queue");
        for (int i = 0; i < 3; ++i)
            vk::ops::scale(rec, a.view, 2.0f, b.view);
        vk::ops::rmsNorm(rec, b.view, w.view, a.view, 1e-6f);
        rec.copy(a.view.range(), b.view.range());
        rec.submitAndWait();
        const auto table = rec.profile().table();
        QCOMPARE(table.size(), std::size_t(3));
        std::map<std::string, std::uint64_t> calls;
        for (const auto& row : table) {
            calls[row.op] = row.calls;
            QVERIFY(row.totalMs >= 0 && row.totalMs < 10000);
        }
        QCOMPARE(calls["elementwise"], std::uint64_t(3));
        QCOMPARE(calls["rms_norm"], std::uint64_t(1));
        QCOMPARE(calls["copy"], std::uint64_t(1));
        QVERIFY(rec.profile().totalMs() > 0);
        const std::string text = rec.profile().format();
        QVERIFY(text.find("rms_norm") != std::string::npos && text.find("mean us") != std::string::npos);

        // A second submission accumulates; turning it off stops the timing.
        vk::ops::scale(rec, a.view, 2.0f, b.view);
        rec.submitAndWait();
        rec.setProfiling(false);
        vk::ops::scale(rec, a.view, 2.0f, b.view);
        rec.submitAndWait();
        for (const auto& row : rec.profile().table())
            if (row.op == "elementwise")
                QCOMPARE(row.calls, std::uint64_t(4));
        rec.resetProfile();
        QVERIFY(rec.profile().empty());

        // HEARTH_PROFILE=1 turns it on for new recorders.
        qputenv("HEARTH_PROFILE", "1");
        vk::OpRecorder fromEnv(context);
        qunsetenv("HEARTH_PROFILE");
        QVERIFY(fromEnv.profiling());
    }
};

QTEST_APPLESS_MAIN(VulkanMemoryTest)
#include "test_vulkan_memory.moc"
