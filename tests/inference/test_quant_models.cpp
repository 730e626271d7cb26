// Tensor types against real data: the stories260K model in F32, F16, Q8_0,
// Q4_0 and "Q4_K_M" (Q5_0/Q8_0/F16) as written by llama.cpp. Dequantised
// weights must be close to the F32 weights, and re-quantising the F32
// weights with Hearth's quantiser must be at least as accurate as the
// reference files (and bit-identical for F16).

#include "fixtures.h"

#include "hearth/gguf.h"
#include "hearth/tensor_types.h"

#include <QtTest>

#include <cmath>
#include <cstring>
#include <vector>

using namespace hearth;

namespace {

std::vector<float> weights(const GgufFile& f, const GgufTensorInfo& t)
{
    std::vector<float> out(t.elements());
    dequantize(t.type, f.tensorData(t).data(), out.data(), out.size());
    return out;
}

double relativeRms(const std::vector<float>& ref, const std::vector<float>& got)
{
    double err = 0, norm = 0;
    for (size_t i = 0; i < ref.size(); ++i) {
        err += double(ref[i] - got[i]) * double(ref[i] - got[i]);
        norm += double(ref[i]) * double(ref[i]);
    }
    return std::sqrt(err / norm);
}

// Worst relative RMS error the reference quantiser reaches on this model,
// with some margin.
double boundFor(GgmlType type)
{
    switch (type) {
    case GgmlType::F32: return 0.0;
    case GgmlType::F16: return 3e-4;
    case GgmlType::Q8_0: return 0.008;
    case GgmlType::Q5_0: return 0.06;
    case GgmlType::Q4_0: return 0.11;
    default: return -1;
    }
}

} // namespace

class TestQuantModels : public QObject {
    Q_OBJECT

private slots:
    void quantisedFilesMatchF32_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<int>("quantisedTensors"); // tensors not stored as F32/F16
        QTest::newRow("F16") << "models/stories260K-F16.gguf" << 0;
        QTest::newRow("Q8_0") << "models/stories260K-Q8_0.gguf" << 32; // ffn_down stays F16
        QTest::newRow("Q4_0") << "models/stories260K-Q4_0.gguf" << 32;
        QTest::newRow("Q4_K_M") << "models/stories260K-Q4_K_M.gguf" << 32;
    }

    void quantisedFilesMatchF32()
    {
        QFETCH(QString, file);
        QFETCH(int, quantisedTensors);
        HEARTH_REQUIRE_SHARED(refPath, "models/stories260K-f32.gguf");
        const QString path = hearth::test::sharedPath(file);
        if (!QFileInfo::exists(path)) {
            if (hearth::test::fixturesRequired())
                QFAIL(qPrintable("shared fixture missing: " + path));
            QSKIP(qPrintable("shared fixture missing: " + path));
        }
        const GgufFile ref = GgufFile::open(refPath);
        const GgufFile f = GgufFile::open(path.toStdString());
        QCOMPARE(f.tensors().size(), ref.tensors().size());
        int quantised = 0;
        for (const GgufTensorInfo& t : f.tensors()) {
            const GgufTensorInfo* r = ref.findTensor(t.name);
            QVERIFY2(r, t.name.c_str());
            QVERIFY(r->dims == t.dims);
            QCOMPARE(r->type, GgmlType::F32);
            const auto expected = weights(ref, *r);
            const auto actual = weights(f, t);
            const double err = relativeRms(expected, actual);
            const double bound = boundFor(t.type);
            QVERIFY2(bound >= 0, typeName(t.type));
            QVERIFY2(err <= bound, qPrintable(QString("%1 (%2): relative RMS error %3 > %4")
                                                  .arg(t.name.c_str(), typeName(t.type))
                                                  .arg(err)
                                                  .arg(bound)));
            if (t.type != GgmlType::F32 && t.type != GgmlType::F16)
                ++quantised;

            // Hearth's own quantiser on the same weights, same type.
            std::vector<uint8_t> mine(t.nbytes);
            quantize(t.type, expected.data(), mine.data(), expected.size());
            if (t.type == GgmlType::F16 || t.type == GgmlType::F32) {
                const auto theirs = f.tensorData(t);
                QVERIFY2(std::memcmp(mine.data(), theirs.data(), t.nbytes) == 0, t.name.c_str());
            } else {
                std::vector<float> back(expected.size());
                dequantize(t.type, mine.data(), back.data(), back.size());
                const double ours = relativeRms(expected, back);
                QVERIFY2(ours <= err * 1.02 + 1e-6, qPrintable(QString("%1 (%2): ours %3, reference %4")
                                                                   .arg(t.name.c_str(), typeName(t.type))
                                                                   .arg(ours)
                                                                   .arg(err)));
            }
        }
        QCOMPARE(quantised, quantisedTensors);
    }
};

QTEST_APPLESS_MAIN(TestQuantModels)
#include "test_quant_models.moc"
