// Tensor types: the type table, f16/bf16 conversion, and quantise /
// dequantise round trips with per-type error bounds. Known-answer tests of
// each block layout are in test_quant_blocks.cpp.

#include "hearth/error.h"
#include "hearth/tensor_types.h"

#include <QtTest>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <vector>

using namespace hearth;

namespace {

std::vector<float> gaussian(size_t n, unsigned seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, 1.0f);
    std::vector<float> v(n);
    for (float& x : v)
        x = dist(rng);
    return v;
}

double relativeRms(const std::vector<float>& ref, const std::vector<float>& got)
{
    double err = 0, norm = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
        err += double(ref[i] - got[i]) * double(ref[i] - got[i]);
        norm += double(ref[i]) * double(ref[i]);
    }
    return norm > 0 ? std::sqrt(err / norm) : std::sqrt(err);
}

std::vector<float> roundTrip(GgmlType type, const std::vector<float>& x)
{
    std::vector<uint8_t> q(rowBytes(type, x.size()));
    quantize(type, x.data(), q.data(), x.size());
    std::vector<float> y(x.size());
    dequantize(type, q.data(), y.data(), y.size());
    return y;
}

} // namespace

class TestQuant : public QObject {
    Q_OBJECT

private slots:
    void typeTableMatchesReference()
    {
        struct Row {
            uint32_t id;
            const char* name;
            uint32_t block, bytes;
        };
        // Reference notes §5.1.
        const Row rows[] = {{0, "F32", 1, 4},        {1, "F16", 1, 2},       {2, "Q4_0", 32, 18},
                            {3, "Q4_1", 32, 20},     {6, "Q5_0", 32, 22},    {7, "Q5_1", 32, 24},
                            {8, "Q8_0", 32, 34},     {9, "Q8_1", 32, 36},    {10, "Q2_K", 256, 84},
                            {11, "Q3_K", 256, 110},  {12, "Q4_K", 256, 144}, {13, "Q5_K", 256, 176},
                            {14, "Q6_K", 256, 210},  {15, "Q8_K", 256, 292}, {16, "IQ2_XXS", 256, 66},
                            {17, "IQ2_XS", 256, 74}, {18, "IQ3_XXS", 256, 98}, {19, "IQ1_S", 256, 50},
                            {20, "IQ4_NL", 32, 18},  {21, "IQ3_S", 256, 110}, {22, "IQ2_S", 256, 82},
                            {23, "IQ4_XS", 256, 136}, {24, "I8", 1, 1},      {25, "I16", 1, 2},
                            {26, "I32", 1, 4},       {27, "I64", 1, 8},      {28, "F64", 1, 8},
                            {29, "IQ1_M", 256, 56},  {30, "BF16", 1, 2},     {34, "TQ1_0", 256, 54},
                            {35, "TQ2_0", 256, 66},  {39, "MXFP4", 32, 17}};
        for (const Row& r : rows) {
            const TypeTraits* t = typeTraits(GgmlType(r.id));
            QVERIFY2(t, r.name);
            QCOMPARE(QString(t->name), QString(r.name));
            QCOMPARE(t->blockSize, r.block);
            QCOMPARE(t->bytesPerBlock, r.bytes);
            QCOMPARE(typeFromName(r.name), std::optional<GgmlType>(GgmlType(r.id)));
        }
        for (uint32_t removed : {4u, 5u, 31u, 32u, 33u, 36u, 37u, 38u, 40u, 1000u})
            QVERIFY(!typeTraits(GgmlType(removed)));
        QCOMPARE(typeFromName("q4_k"), std::optional<GgmlType>(GgmlType::Q4_K));
        QCOMPARE(typeFromName("bf16"), std::optional<GgmlType>(GgmlType::BF16));
        QVERIFY(!typeFromName("Q4_K_M"));
        QVERIFY(!typeFromName(""));
        QCOMPARE(QString(typeName(GgmlType(4))), QString("unknown"));

        // Required capabilities.
        for (GgmlType t : {GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q4_0, GgmlType::Q4_1,
                           GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q8_0, GgmlType::Q2_K, GgmlType::Q3_K,
                           GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K, GgmlType::IQ4_NL, GgmlType::IQ4_XS,
                           GgmlType::MXFP4})
            QVERIFY2(typeTraits(t)->canDequantize, typeTraits(t)->name);
        for (GgmlType t : {GgmlType::F32, GgmlType::F16, GgmlType::BF16, GgmlType::Q4_0, GgmlType::Q4_1,
                           GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::Q8_0, GgmlType::Q4_K, GgmlType::Q5_K,
                           GgmlType::Q6_K})
            QVERIFY2(typeTraits(t)->canQuantize, typeTraits(t)->name);
        QVERIFY(!typeTraits(GgmlType::IQ2_XXS)->canDequantize);
    }

    void rowBytesChecksBlocks()
    {
        QCOMPARE(rowBytes(GgmlType::Q4_K, 512), uint64_t(288));
        QCOMPARE(rowBytes(GgmlType::Q4_0, 64), uint64_t(36));
        QCOMPARE(rowBytes(GgmlType::F16, 3), uint64_t(6));
        QCOMPARE(rowBytes(GgmlType::MXFP4, 0), uint64_t(0));
        QVERIFY_THROWS_EXCEPTION(Error, rowBytes(GgmlType::Q4_0, 33));
        QVERIFY_THROWS_EXCEPTION(Error, rowBytes(GgmlType(5), 32));
        QVERIFY_THROWS_EXCEPTION(Error, rowBytes(GgmlType::F64, uint64_t(1) << 62));
        float out[32];
        const uint8_t zeros[64] = {};
        QVERIFY_THROWS_EXCEPTION(Error, dequantize(GgmlType::IQ2_XXS, zeros, out, 256));
        QVERIFY_THROWS_EXCEPTION(Error, dequantize(GgmlType::Q4_0, zeros, out, 16));
        QVERIFY_THROWS_EXCEPTION(Error, dequantize(GgmlType(99), zeros, out, 32));
        uint8_t dst[64];
        QVERIFY_THROWS_EXCEPTION(Error, quantize(GgmlType::Q2_K, out, dst, 256));
        QVERIFY_THROWS_EXCEPTION(Error, quantize(GgmlType::Q8_0, out, dst, 31));
    }

    void halfConversionKnownValues()
    {
        const std::pair<float, uint16_t> exact[] = {
            {0.0f, 0x0000},  {-0.0f, 0x8000},      {1.0f, 0x3C00},         {-2.0f, 0xC000},
            {0.5f, 0x3800},  {65504.0f, 0x7BFF},   {0x1p-14f, 0x0400},     {0x1p-24f, 0x0001},
            {0x1.ff8p-15f, 0x03FF} /* largest subnormal */, {0.333251953125f, 0x3555}};
        for (const auto& [f, h] : exact) {
            QCOMPARE(floatToHalf(f), h);
            QCOMPARE(halfToFloat(h), f);
        }
        QCOMPARE(floatToHalf(1.0f / 3.0f), uint16_t(0x3555));
        QCOMPARE(floatToHalf(1.0f + 0x1p-11f), uint16_t(0x3C00));     // tie -> even
        QCOMPARE(floatToHalf(1.0f + 3 * 0x1p-11f), uint16_t(0x3C02)); // tie -> even (up)
        QCOMPARE(floatToHalf(65519.0f), uint16_t(0x7BFF));
        QCOMPARE(floatToHalf(65520.0f), uint16_t(0x7C00)); // rounds to infinity
        QCOMPARE(floatToHalf(1e10f), uint16_t(0x7C00));
        QCOMPARE(floatToHalf(-std::numeric_limits<float>::infinity()), uint16_t(0xFC00));
        QCOMPARE(floatToHalf(0x1p-25f), uint16_t(0x0000));         // tie -> even zero
        QCOMPARE(floatToHalf(0x1.8p-25f), uint16_t(0x0001));
        QCOMPARE(floatToHalf(0x1.ffcp-15f), uint16_t(0x0400));     // subnormal rounds up into normal
        QVERIFY(std::isnan(halfToFloat(floatToHalf(std::numeric_limits<float>::quiet_NaN()))));
        QVERIFY(std::isinf(halfToFloat(0x7C00)));
        // Every half survives half -> float -> half.
        for (uint32_t h = 0; h < 0x10000; ++h) {
            const float f = halfToFloat(uint16_t(h));
            if (std::isnan(f))
                QVERIFY(std::isnan(halfToFloat(floatToHalf(f))));
            else if (floatToHalf(f) != h)
                QFAIL(qPrintable(QString("half 0x%1 does not round-trip").arg(h, 4, 16, QChar('0'))));
        }
    }

    void bf16ConversionKnownValues()
    {
        QCOMPARE(floatToBf16(1.0f), uint16_t(0x3F80));
        QCOMPARE(floatToBf16(-2.0f), uint16_t(0xC000));
        QCOMPARE(bf16ToFloat(0x4049), 3.140625f);
        QCOMPARE(floatToBf16(1.0f + 0x1p-8f), uint16_t(0x3F80));     // tie -> even
        QCOMPARE(floatToBf16(1.0f + 3 * 0x1p-8f), uint16_t(0x3F82)); // tie -> even (up)
        QCOMPARE(floatToBf16(1.0f + 0x1.8p-8f), uint16_t(0x3F81));   // above half -> up
        QVERIFY(std::isnan(bf16ToFloat(floatToBf16(std::numeric_limits<float>::quiet_NaN()))));
        QVERIFY(std::isnan(bf16ToFloat(floatToBf16(std::bit_cast<float>(0x7F800001u))))); // low-payload NaN
    }

    void roundTripsWithinBounds_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<double>("bound");
        // Relative RMS error on N(0,1) data (measured about 20% below these).
        QTest::newRow("F32") << int(GgmlType::F32) << 0.0;
        QTest::newRow("F16") << int(GgmlType::F16) << 0.0003;
        QTest::newRow("BF16") << int(GgmlType::BF16) << 0.0025;
        QTest::newRow("Q8_0") << int(GgmlType::Q8_0) << 0.0065;
        QTest::newRow("Q6_K") << int(GgmlType::Q6_K) << 0.021;
        QTest::newRow("Q5_1") << int(GgmlType::Q5_1) << 0.045;
        QTest::newRow("Q5_0") << int(GgmlType::Q5_0) << 0.05;
        QTest::newRow("Q5_K") << int(GgmlType::Q5_K) << 0.046;
        QTest::newRow("Q4_1") << int(GgmlType::Q4_1) << 0.087;
        QTest::newRow("Q4_0") << int(GgmlType::Q4_0) << 0.1;
        QTest::newRow("Q4_K") << int(GgmlType::Q4_K) << 0.088;
    }
    void roundTripsWithinBounds()
    {
        QFETCH(int, type);
        QFETCH(double, bound);
        const auto t = GgmlType(type);
        const auto x = gaussian(256 * 32, 7);
        const double err = relativeRms(x, roundTrip(t, x));
        QVERIFY2(err <= bound, qPrintable(QString("relative RMS error %1 > %2").arg(err).arg(bound)));

        // Scaled data (tiny and large magnitudes) quantises just as well.
        for (float scale : {1e-3f, 100.0f}) {
            auto xs = x;
            for (float& v : xs)
                v *= scale;
            QVERIFY(relativeRms(xs, roundTrip(t, xs)) <= bound * 1.05 + 1e-7);
        }
        // All zeros stay zeros.
        const std::vector<float> zeros(512, 0.0f);
        QCOMPARE(roundTrip(t, zeros), zeros);
    }

    void scaleSearchBeatsPlainRounding_data()
    {
        QTest::addColumn<float>("outlier");
        QTest::addColumn<double>("ratio");
        // Measured ratios: 0.936 (plain Gaussian) and 0.965 (4x outlier).
        QTest::newRow("gaussian") << 1.0f << 0.95;
        QTest::newRow("outlier per block") << 4.0f << 0.98;
    }
    void scaleSearchBeatsPlainRounding()
    {
        // Plain Q4_0 rounding, computed here independently: d = peak / -8
        // (as f16), q = round(x / d). The scale search must beat it.
        QFETCH(float, outlier);
        QFETCH(double, ratio);
        auto x = gaussian(32 * 256, 11);
        for (size_t b = 0; b < x.size(); b += 32)
            x[b] *= outlier;
        double naiveErr = 0, norm = 0;
        for (size_t b = 0; b < x.size(); b += 32) {
            float peak = 0;
            for (size_t j = 0; j < 32; ++j)
                if (std::fabs(x[b + j]) > std::fabs(peak))
                    peak = x[b + j];
            const float d = halfToFloat(floatToHalf(peak / -8.0f));
            for (size_t j = 0; j < 32; ++j) {
                const float q = std::clamp(std::nearbyint(x[b + j] / d), -8.0f, 7.0f);
                naiveErr += double(x[b + j] - q * d) * double(x[b + j] - q * d);
                norm += double(x[b + j]) * double(x[b + j]);
            }
        }
        const double naive = std::sqrt(naiveErr / norm);
        const double searched = relativeRms(x, roundTrip(GgmlType::Q4_0, x));
        QVERIFY2(searched < ratio * naive, qPrintable(QString("searched %1 vs naive %2").arg(searched).arg(naive)));
    }

    void representableValuesAreExact()
    {
        // Multiples of 0.25 within ±127 steps are exactly representable in Q8_0.
        std::vector<float> x(64);
        for (size_t i = 0; i < x.size(); ++i)
            x[i] = 0.25f * float(int(i * 37 % 255) - 127);
        x[0] = -31.75f; // every block reaches the full range
        x[32] = 31.75f;
        QCOMPARE(roundTrip(GgmlType::Q8_0, x), x);
        // Q4_0: the codes -8..7 times 0.5.
        std::vector<float> y(32);
        for (size_t i = 0; i < y.size(); ++i)
            y[i] = 0.5f * float(int(i % 16) - 8);
        QCOMPARE(roundTrip(GgmlType::Q4_0, y), y);
    }
};

QTEST_APPLESS_MAIN(TestQuant)
#include "test_quant.moc"
