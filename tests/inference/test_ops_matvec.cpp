// Decode mat-vec y = W x on Vulkan for each weight type, with both the
// subgroupAdd and the shared-memory reduction, against dequantise + dot in
// double on the CPU.

#include "ops/cpu_reference.h"
#include "test_ops_util.h"
#include "vulkan/instance.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_matvec.h"

#include <QtTest>

using namespace hearth;
using testing::DeviceTensor;

namespace {

struct Case {
    std::uint64_t rows, cols;
};

std::vector<float> runMatVec(vk::Context& context, GgmlType type, const std::vector<std::byte>& w,
                             const std::vector<float>& x, Case shape, const vk::ops::MatVecOptions& options,
                             std::uint32_t* dispatches = nullptr)
{
    DeviceTensor dw(context, w, type, {shape.cols, shape.rows, 1, 1});
    auto dx = DeviceTensor::of(context, x, GgmlType::F32, {shape.cols, 1, 1, 1});
    auto dy = DeviceTensor::zeros(context, {shape.rows, 1, 1, 1});
    vk::OpRecorder rec(context);
    vk::ops::matVec(rec, dw.view, dx.view, dy.view, options);
    if (dispatches)
        *dispatches = rec.dispatchCount();
    rec.submitAndWait();
    return dy.download();
}

// fp32 accumulation over `cols` products of magnitude <= ~1: error grows
// like sqrt(cols) ulps; the absolute term covers rows that sum to ~0.
double tolerance(std::uint64_t cols)
{
    return 2e-6 * std::sqrt(double(cols)) * 8;
}

} // namespace

class OpsMatVecTest : public QObject {
    Q_OBJECT

    std::unique_ptr<vk::Context> context_;

private slots:
    void initTestCase() { context_ = std::make_unique<vk::Context>(); }
    void cleanupTestCase() { context_.reset(); }
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void matchesReference_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("reduction");
        const GgmlType types[] = {GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q8_0,
                                  GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1,
                                  GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};
        for (GgmlType t : types) {
            QTest::addRow("%s subgroup", typeName(t)) << int(t) << int(vk::ops::Reduction::Subgroup);
            QTest::addRow("%s shared", typeName(t)) << int(t) << int(vk::ops::Reduction::Shared);
        }
    }
    void matchesReference()
    {
        QFETCH(int, type);
        QFETCH(int, reduction);
        const auto t = static_cast<GgmlType>(type);
        const auto red = static_cast<vk::ops::Reduction>(reduction);
        if (red == vk::ops::Reduction::Subgroup && !context_->info().subgroupArithmetic)
            QSKIP("the device has no subgroup arithmetic");
        // 256x4096 would take seconds under validation on lavapipe; 64x4096
        // covers the long-row path, the others odd row counts, one super-block,
        // and row lengths that are not multiples of 256 (288, 896).
        const Case cases[] = {{1, 256}, {7, 512}, {33, 768}, {64, 4096}, {3, 288}, {5, 896}};
        std::uint32_t seed = 100;
        for (const Case c : cases) {
            if (c.cols % vk::ops::matVecColumnMultiple(t) != 0)
                continue;
            const auto values = testing::randomFloats(c.rows * c.cols, seed++, -1, 1);
            const auto x = testing::randomFloats(c.cols, seed++, -1, 1);
            std::vector<std::byte> w(rowBytes(t, c.rows * c.cols));
            quantize(t, values.data(), w.data(), c.rows * c.cols);
            const auto want = ops::cpu::matVec(t, w, std::uint32_t(c.rows), std::uint32_t(c.cols), x);
            for (std::uint32_t rowsPerGroup : {1u, 2u, 4u}) {
                vk::ops::MatVecOptions options;
                options.reduction = red;
                options.rowsPerGroup = rowsPerGroup;
                const auto got = runMatVec(*context_, t, w, x, c, options);
                const std::string problem = testing::compare(got, want, tolerance(c.cols), 1e-5);
                QVERIFY2(problem.empty(), (std::to_string(c.rows) + "x" + std::to_string(c.cols) + " rows/group " +
                                           std::to_string(rowsPerGroup) + ": " + problem)
                                              .c_str());
            }
        }
    }

    void workgroupSizesAgree()
    {
        const Case c{9, 1024};
        const auto values = testing::randomFloats(c.rows * c.cols, 7, -1, 1);
        const auto x = testing::randomFloats(c.cols, 8, -1, 1);
        std::vector<std::byte> w(rowBytes(GgmlType::Q4_K, c.rows * c.cols));
        quantize(GgmlType::Q4_K, values.data(), w.data(), c.rows * c.cols);
        const auto want = ops::cpu::matVec(GgmlType::Q4_K, w, 9, 1024, x);
        for (std::uint32_t wg : {8u, 16u, 64u, 128u}) {
            for (auto red : {vk::ops::Reduction::Shared, vk::ops::Reduction::Auto}) {
                vk::ops::MatVecOptions options;
                options.workgroup = wg;
                options.reduction = red;
                const auto got = runMatVec(*context_, GgmlType::Q4_K, w, x, c, options);
                const std::string problem = testing::compare(got, want, tolerance(c.cols), 1e-5);
                QVERIFY2(problem.empty(), ("workgroup " + std::to_string(wg) + ": " + problem).c_str());
            }
        }
    }

    void bigWeightsAreBoundInRowChunks_data()
    {
        QTest::addColumn<int>("type");
        for (GgmlType t : {GgmlType::F32, GgmlType::F16, GgmlType::Q6_K, GgmlType::Q4_0, GgmlType::Q5_0})
            QTest::addRow("%s", typeName(t)) << int(t);
    }
    void bigWeightsAreBoundInRowChunks()
    {
        QFETCH(int, type);
        const auto t = static_cast<GgmlType>(type);
        // 37 rows of 256 with a binding limit of ~5 rows: 8 dispatches whose
        // first rows start at offsets that are not binding-aligned (Q6_K rows
        // are 210 B), exercising the in-shader base offset.
        const Case c{37, 256};
        const auto values = testing::randomFloats(c.rows * c.cols, 9, -1, 1);
        const auto x = testing::randomFloats(c.cols, 10, -1, 1);
        std::vector<std::byte> w(rowBytes(t, c.rows * c.cols));
        quantize(t, values.data(), w.data(), c.rows * c.cols);
        const auto want = ops::cpu::matVec(t, w, 37, 256, x);
        vk::ops::MatVecOptions options;
        options.maxBindingBytes = 5 * rowBytes(t, c.cols) + 256;
        std::uint32_t dispatches = 0;
        const auto got = runMatVec(*context_, t, w, x, c, options, &dispatches);
        QVERIFY(dispatches >= 7);
        const std::string problem = testing::compare(got, want, tolerance(c.cols), 1e-5);
        QVERIFY2(problem.empty(), problem.c_str());
    }
};

QTEST_APPLESS_MAIN(OpsMatVecTest)
#include "test_ops_matvec.moc"
