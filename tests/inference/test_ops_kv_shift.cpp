// Removing a span of KV cache positions on Vulkan against the CPU reference
// (ops/cpu_kv_shift.h): normal and NeoX RoPE, partial rotation, frequency
// factors, spans shorter and longer than the rows moved after them. The
// reference itself is checked against keys roped afresh at their new
// positions, which is what the shift stands in for.

#include "hearth/error.h"
#include "hearth/tensor_types.h"
#include "ops/cpu_kv_shift.h"
#include "ops/cpu_reference.h"
#include "test_ops_util.h"
#include "vulkan/instance.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_kv_shift.h"

#include <QtTest>

using namespace hearth;
using ops::RopeMode;
using ops::RopeParams;
using testing::DeviceTensor;

namespace {

std::vector<std::uint16_t> toHalves(const std::vector<float>& x)
{
    std::vector<std::uint16_t> out(x.size());
    for (std::size_t i = 0; i < x.size(); ++i)
        out[i] = floatToHalf(x[i]);
    return out;
}

std::vector<float> toFloats(std::span<const std::uint16_t> h)
{
    std::vector<float> out(h.size());
    for (std::size_t i = 0; i < h.size(); ++i)
        out[i] = halfToFloat(h[i]);
    return out;
}


} // namespace

class OpsKvShiftTest : public QObject {
    Q_OBJECT

    std::unique_ptr<vk::Context> context_;

private slots:
    void initTestCase() { context_ = std::make_unique<vk::Context>(); }
    void cleanupTestCase() { context_.reset(); }
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void shift_data()
    {
        QTest::addColumn<int>("mode");
        QTest::addColumn<int>("headDim");
        QTest::addColumn<int>("nRot");
        QTest::addColumn<int>("kvHeads");
        QTest::addColumn<int>("begin");
        QTest::addColumn<int>("end");
        QTest::addColumn<int>("length");
        QTest::addColumn<bool>("factors");
        for (const auto& [name, mode] : {std::pair{"normal", RopeMode::Normal}, {"neox", RopeMode::NeoX}}) {
            const auto row = [&](const char* what) -> QTestData& { return QTest::addRow("%s %s", name, what); };
            // delta 3 < 40 moved rows: sources overlap their destinations.
            row("d64 small span") << int(mode) << 64 << 64 << 2 << 5 << 8 << 48 << false;
            // delta 30 > 10 moved rows.
            row("d64 large span") << int(mode) << 64 << 64 << 2 << 4 << 34 << 44 << false;
            // delta 1: one chain walks all 26 moved rows.
            row("d16 one-row span") << int(mode) << 16 << 16 << 2 << 3 << 4 << 30 << false;
            row("d32 partial rot16") << int(mode) << 32 << 16 << 3 << 1 << 2 << 29 << false;
            row("d128 factors") << int(mode) << 128 << 128 << 1 << 7 << 19 << 60 << true;
            row("d8 span at the start") << int(mode) << 8 << 8 << 4 << 0 << 6 << 20 << false;
            // delta 1000: angles of hundreds of radians, reduced before sin and cos.
            row("d8 span of 1000") << int(mode) << 8 << 8 << 1 << 2 << 1002 << 1030 << false;
            row("d64 nothing after the span") << int(mode) << 64 << 64 << 1 << 10 << 20 << 20 << false;
        }
    }
    void shift()
    {
        QFETCH(int, mode);
        QFETCH(int, headDim);
        QFETCH(int, nRot);
        QFETCH(int, kvHeads);
        QFETCH(int, begin);
        QFETCH(int, end);
        QFETCH(int, length);
        QFETCH(bool, factors);
        const RopeParams p{RopeMode(mode), std::uint32_t(headDim), std::uint32_t(nRot), 10000.0f, 1.0f};
        const std::uint64_t D = headDim, KH = kvHeads, ctx = std::uint64_t(length) + 5;
        const std::size_t row = D * KH;
        const auto freqFactors = factors ? testing::randomFloats(nRot / 2, 7, 1.0f, 8.0f) : std::vector<float>{};

        // Keys roped at their positions 0 .. ctx-1, as the forward pass writes them.
        const auto raw = testing::randomFloats(ctx * row, 100 + length, -1, 1);
        std::vector<std::int32_t> positions(ctx);
        for (std::size_t i = 0; i < ctx; ++i)
            positions[i] = std::int32_t(i);
        std::vector<float> roped(raw.size());
        ops::cpu::rope(p, raw, positions, roped, kvHeads, freqFactors);
        const auto k0 = toHalves(roped);
        const auto v0 = toHalves(testing::randomFloats(ctx * row, 200 + length, -1, 1));

        auto kWant = k0, vWant = v0;
        ops::cpu::kvShift(p, kWant, vWant, kvHeads, begin, end, length, freqFactors);

        auto kc = DeviceTensor::of(*context_, k0, GgmlType::F16, {D, KH, ctx, 1});
        auto vc = DeviceTensor::of(*context_, v0, GgmlType::F16, {D, KH, ctx, 1});
        auto df = DeviceTensor::of(*context_, factors ? freqFactors : std::vector<float>{0.0f}, GgmlType::F32,
                                   {std::uint64_t(factors ? nRot / 2 : 1), 1, 1, 1});
        vk::OpRecorder rec(*context_);
        vk::ops::kvShift(rec, p, kc.view, vc.view, begin, end, length, factors ? &df.view : nullptr);
        rec.submitAndWait();

        // Values only move: exact. Rows outside the moved range stay as they were.
        QVERIFY(vc.downloadHalves() == vWant);
        const auto kGot = kc.downloadHalves();
        const std::size_t newLength = std::size_t(length - (end - begin));
        for (const auto& [from, to] : {std::pair{std::size_t(0), std::size_t(begin)}, {newLength, std::size_t(ctx)}})
            QVERIFY(std::equal(kGot.begin() + from * row, kGot.begin() + to * row, kWant.begin() + from * row));
        // Moved keys: f32 on the GPU against double, both rounded to f16.
        const std::string problem = testing::compare(toFloats(kGot), toFloats(kWant), 2e-3, 2e-3);
        QVERIFY2(problem.empty(), problem.c_str());

        // The reference stands for roping afresh at the new position (within
        // f16 rounding): new row i >= begin holds the key of old row i + delta.
        std::vector<float> movedRaw(newLength * row);
        for (std::size_t i = 0; i < newLength; ++i) {
            const std::size_t from = i < std::size_t(begin) ? i : i + std::size_t(end - begin);
            std::copy_n(raw.begin() + std::ptrdiff_t(from * row), row, movedRaw.begin() + std::ptrdiff_t(i * row));
        }
        std::vector<float> freshRows(movedRaw.size());
        ops::cpu::rope(p, movedRaw, std::span(positions).first(newLength), freshRows, kvHeads, freqFactors);
        const auto kWantFloats = toFloats(kWant);
        const std::vector<float> wantRows(kWantFloats.begin(), kWantFloats.begin() + newLength * row);
        const std::string drift = testing::compare(wantRows, freshRows, 3e-3, 3e-3);
        QVERIFY2(drift.empty(), drift.c_str());
    }

    void refusesNeoxWithOddHalfRotation()
    {
        QVERIFY(!vk::ops::kvShiftSupported({RopeMode::NeoX, 8, 6, 10000.0f, 1.0f}));
        QVERIFY(vk::ops::kvShiftSupported({RopeMode::Normal, 8, 6, 10000.0f, 1.0f}));
        const std::vector<std::uint16_t> cache(8 * 4, 0);
        auto kc = DeviceTensor::of(*context_, cache, GgmlType::F16, {8, 1, 4, 1});
        auto vc = DeviceTensor::of(*context_, cache, GgmlType::F16, {8, 1, 4, 1});
        vk::OpRecorder rec(*context_);
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::kvShift(rec, {RopeMode::NeoX, 8, 6, 10000.0f, 1.0f}, kc.view,
                                                         vc.view, 0, 1, 4));
        QCOMPARE(rec.dispatchCount(), 0u);
    }
};

QTEST_APPLESS_MAIN(OpsKvShiftTest)
#include "test_ops_kv_shift.moc"
