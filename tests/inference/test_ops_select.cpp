// Argmax and top-k on Vulkan against the CPU reference (ops/cpu_select.h).
// Both pick existing values, so results must match exactly, including which
// of several equal logits wins (the lowest index).

#include "ops/cpu_select.h"
#include "test_ops_util.h"
#include "vulkan/instance.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_select.h"

#include <QtTest>

#include <cmath>

using namespace hearth;
using testing::DeviceTensor;

namespace {

// Random logits; `coarse` rounds them to quarters so many values repeat and
// ties straddle workgroup chunks.
std::vector<float> logits(std::size_t n, std::uint32_t seed, bool coarse)
{
    auto v = testing::randomFloats(n, seed, -8, 8);
    if (coarse) {
        for (float& f : v)
            f = std::round(f * 4) / 4;
    }
    return v;
}

DeviceTensor scratch(vk::Context& context, std::uint64_t bytes)
{
    const std::vector<std::byte> zero(bytes);
    return DeviceTensor(context, zero, GgmlType::F32, {bytes / 4, 1, 1, 1});
}

std::vector<std::int32_t> downloadInts(const DeviceTensor& t)
{
    std::vector<std::int32_t> out(t.view.elements());
    t.buffer.download(std::as_writable_bytes(std::span(out)));
    return out;
}

} // namespace

class OpsSelectTest : public QObject {
    Q_OBJECT

    std::unique_ptr<vk::Context> context_;

    void addShapes()
    {
        QTest::addColumn<int>("n");
        QTest::addColumn<bool>("coarse");
        QTest::newRow("1") << 1 << false;
        QTest::newRow("512") << 512 << false;
        QTest::newRow("512 ties") << 512 << true;
        QTest::newRow("1000") << 1000 << false;
        QTest::newRow("1000 ties") << 1000 << true;
        QTest::newRow("32001") << 32001 << false;
        QTest::newRow("32001 ties") << 32001 << true;
        QTest::newRow("151936 ties") << 151936 << true;
    }

private slots:
    void initTestCase() { context_ = std::make_unique<vk::Context>(); }
    void cleanupTestCase() { context_.reset(); }
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void argmax_data() { addShapes(); }
    void argmax()
    {
        QFETCH(int, n);
        QFETCH(bool, coarse);
        const std::uint64_t c = n;
        auto x = logits(c, 100 + n, coarse);
        if (coarse && n > 2)
            x[c - 1] = x[c / 2] = 9; // the max twice, in different chunks: the earlier one wins
        const auto want = ops::cpu::argmax(x);
        auto dx = DeviceTensor::of(*context_, x, GgmlType::F32, {c, 1, 1, 1});
        auto ds = scratch(*context_, vk::ops::argmaxScratchBytes(c));
        auto index = DeviceTensor(*context_, std::vector<std::byte>(4), GgmlType::I32, {1, 1, 1, 1});
        auto value = DeviceTensor::zeros(*context_, {1, 1, 1, 1});
        vk::OpRecorder rec(*context_);
        vk::ops::argmax(rec, dx.view, ds.view.range(), index.view, value.view);
        rec.submitAndWait();
        QCOMPARE(downloadInts(index)[0], std::int32_t(want.index));
        QCOMPARE(value.download()[0], want.value);
    }

    void topK_data() { addShapes(); }
    void topK()
    {
        QFETCH(int, n);
        QFETCH(bool, coarse);
        const std::uint64_t c = n;
        const auto x = logits(c, 200 + n, coarse);
        auto dx = DeviceTensor::of(*context_, x, GgmlType::F32, {c, 1, 1, 1});
        for (std::uint32_t k : {1u, 40u, 64u}) {
            if (k > c)
                continue;
            const auto want = ops::cpu::topK(x, k);
            auto ds = scratch(*context_, vk::ops::topKScratchBytes(c, k));
            auto indices = DeviceTensor(*context_, std::vector<std::byte>(4 * k), GgmlType::I32, {k, 1, 1, 1});
            auto values = DeviceTensor::zeros(*context_, {k, 1, 1, 1});
            vk::OpRecorder rec(*context_);
            vk::ops::topK(rec, dx.view, k, ds.view.range(), indices.view, values.view);
            rec.submitAndWait();
            const auto gotIndices = downloadInts(indices);
            const auto gotValues = values.download();
            for (std::uint32_t i = 0; i < k; ++i) {
                QCOMPARE(gotIndices[i], std::int32_t(want[i].index));
                QCOMPARE(gotValues[i], want[i].value);
            }
        }
    }
};

QTEST_APPLESS_MAIN(OpsSelectTest)
#include "test_ops_select.moc"
