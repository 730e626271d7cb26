// Decode mat-vec y = W x on Vulkan for each weight type and each kernel
// variant (generic kernel with subgroupAdd or shared-memory reduction, the
// 32-bit-words-only build for devices without 8/16-bit storage, the lanes
// and texel kernels for CPU drivers) against dequantise + dot in double on the CPU.

#include "hearth/error.h"
#include "ops/cpu_reference.h"
#include "test_ops_util.h"
#include "vulkan/instance.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_matvec.h"
#include "vulkan/texel_weights.h"

#include <QtTest>

#include <optional>

using namespace hearth;
using testing::DeviceTensor;
using vk::ops::MatVecKernel;
using vk::ops::Reduction;

namespace {

struct Case {
    std::uint64_t rows, cols;
};

struct Variant {
    const char* name;
    MatVecKernel kernel;
    Reduction reduction;
    bool wordsOnly;
    bool fp16;
};

const Variant kVariants[] = {
    {"subgroup", MatVecKernel::Generic, Reduction::Subgroup, false, false},
    {"shared", MatVecKernel::Generic, Reduction::Shared, false, false},
    {"words", MatVecKernel::Generic, Reduction::Auto, true, false},
    {"words shared", MatVecKernel::Generic, Reduction::Shared, true, false},
    {"lanes", MatVecKernel::Lanes, Reduction::Auto, false, false},
    {"lanes words", MatVecKernel::Lanes, Reduction::Auto, true, false},
    {"fp16", MatVecKernel::Generic, Reduction::Auto, false, true},
    {"texel", MatVecKernel::Texel, Reduction::Auto, false, false},
};

bool hasFp16Build(GgmlType t)
{
    return t == GgmlType::Q8_0 || t == GgmlType::Q4_K;
}

// `padding` extra bytes after the weight: the buffer need not end with it.
std::vector<float> runMatVec(vk::Context& context, GgmlType type, const std::vector<std::byte>& w,
                             const std::vector<float>& x, Case shape, const vk::ops::MatVecOptions& options,
                             std::uint32_t* dispatches = nullptr, std::size_t padding = 0)
{
    std::vector<std::byte> padded(w);
    padded.resize(w.size() + padding);
    DeviceTensor dw(context, padded, type, {shape.cols, shape.rows, 1, 1});
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

// Half-precision products: x rounded to 11 bits, each product too.
double fp16Tolerance(std::uint64_t cols)
{
    return 6 * std::ldexp(1.0, -11) * std::sqrt(double(cols));
}

struct Problem {
    std::vector<std::byte> w;
    std::vector<float> x;
    std::vector<double> want;
};

Problem makeProblem(GgmlType t, Case c, std::uint32_t seed)
{
    Problem p;
    const auto values = testing::randomFloats(c.rows * c.cols, seed, -1, 1);
    p.x = testing::randomFloats(c.cols, seed + 1, -1, 1);
    p.w.resize(rowBytes(t, c.rows * c.cols));
    quantize(t, values.data(), p.w.data(), c.rows * c.cols);
    p.want = ops::cpu::matVec(t, p.w, std::uint32_t(c.rows), std::uint32_t(c.cols), p.x);
    return p;
}

} // namespace

class OpsMatVecTest : public QObject {
    Q_OBJECT

    std::unique_ptr<vk::Context> context_;

    bool lanesDevice() const { return context_->info().subgroupSize == 8; }
    // The texel kernel's own condition: a CPU driver with 8-lane subgroups
    // (not a GPU, nor lavapipe under HEARTH_DEVICE_PROFILE=discrete).
    bool texelDevice() const { return vk::ops::cpuSubgroupKernelsFit(context_->info()); }

    // Whether `kernel` can run rows of `cols` weights of type `t` (Generic takes every supported row).
    static bool kernelTakes(MatVecKernel kernel, GgmlType t, std::uint64_t cols)
    {
        if (kernel == MatVecKernel::Lanes)
            return vk::ops::matVecLanesSupported(t, cols);
        if (kernel == MatVecKernel::Texel)
            return vk::ops::matVecTexelSupported(t, cols);
        return true;
    }

    std::optional<QString> skipReason(MatVecKernel kernel) const
    {
        if (kernel == MatVecKernel::Lanes && !lanesDevice())
            return "the lanes kernel needs 8-lane subgroups";
        if (kernel == MatVecKernel::Texel && !texelDevice())
            return "the texel kernel is for CPU drivers with 8-lane subgroups and subgroup arithmetic";
        return std::nullopt;
    }

private slots:
    void initTestCase() { context_ = std::make_unique<vk::Context>(); }
    void cleanupTestCase() { context_.reset(); }
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void matchesReference_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("variant");
        const GgmlType types[] = {GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q8_0,
                                  GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1,
                                  GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};
        for (GgmlType t : types)
            for (int v = 0; v < int(std::size(kVariants)); ++v)
                if (kernelTakes(kVariants[v].kernel, t, 256) &&
                    (!kVariants[v].fp16 || hasFp16Build(t)))
                    QTest::addRow("%s %s", typeName(t), kVariants[v].name) << int(t) << v;
    }
    void matchesReference()
    {
        QFETCH(int, type);
        QFETCH(int, variant);
        const auto t = static_cast<GgmlType>(type);
        const Variant& v = kVariants[variant];
        if (v.reduction == Reduction::Subgroup && !context_->info().subgroupArithmetic)
            QSKIP("the device has no subgroup arithmetic");
        if (const auto reason = skipReason(v.kernel))
            QSKIP(qPrintable(*reason));
        if (v.fp16 && !context_->fp16Allowed())
            QSKIP("the device has no fp16 arithmetic (or HEARTH_FORCE_FP32=1)");
        // 256x4096 would take seconds under validation on lavapipe; 64x4096
        // covers the long-row path, the others odd row counts, one super-block,
        // row lengths that are not multiples of 256 (288, 896) and, for
        // 32-blocks, not multiples of 64 (96, 160). Weights end exactly where
        // the buffer does (5 x 96 Q8_0 ends half-way into a word). For the
        // texel kernel's 8 lanes x units: 3 units (768), 16 (4096) and 19
        // (4864 columns of 256-column units: a last step with 5 idle lanes).
        const Case cases[] = {{1, 256}, {7, 512}, {33, 768}, {64, 4096}, {3, 288},
                              {5, 896}, {5, 96},  {3, 160}, {3, 4864}};
        std::uint32_t seed = 100;
        for (const Case c : cases) {
            seed += 2;
            if (c.cols % vk::ops::matVecColumnMultiple(t) != 0)
                continue;
            if (!kernelTakes(v.kernel, t, c.cols))
                continue;
            const Problem p = makeProblem(t, c, seed);
            const std::vector<std::uint32_t> rowCounts = v.kernel == MatVecKernel::Lanes   ? std::vector<std::uint32_t>{8, 128}
                                                         : v.kernel == MatVecKernel::Texel ? std::vector<std::uint32_t>{1, 3, 16}
                                                                                           : std::vector<std::uint32_t>{1, 2, 4};
            for (std::uint32_t rowsPerGroup : rowCounts) {
                vk::ops::MatVecOptions options;
                options.kernel = v.kernel;
                options.reduction = v.reduction;
                options.wordsOnly = v.wordsOnly;
                options.rowsPerGroup = rowsPerGroup;
                options.fp16 = v.fp16 ? vk::ops::MatVecFp16::On : vk::ops::MatVecFp16::Off;
                std::vector<float> got;
                // The words-only build cannot read a half word at the very
                // end of a buffer: padding stands in for the weight
                // allocator's (see raggedEndOfBuffer for the error path).
                // The texel kernel needs the last texel inside the buffer
                // (the allocator's 256-byte granules give it that).
                const std::size_t padding = v.kernel == MatVecKernel::Texel ? 16 : v.wordsOnly ? 2 : 0;
                got = runMatVec(*context_, t, p.w, p.x, c, options, nullptr, padding);
                const std::string problem = v.fp16 ? testing::compare(got, p.want, fp16Tolerance(c.cols), 2e-3)
                                                   : testing::compare(got, p.want, tolerance(c.cols), 1e-5);
                QVERIFY2(problem.empty(), (std::to_string(c.rows) + "x" + std::to_string(c.cols) + " rows/group " +
                                           std::to_string(rowsPerGroup) + ": " + problem)
                                              .c_str());
            }
        }
    }

    // HEARTH_FORCE_FP32 (Context::setForceFp32) wins over a request for fp16:
    // the result then has fp32 accuracy, which the fp16 build does not reach
    // on a 4096-long row.
    void forceFp32OverridesFp16()
    {
        const Case c{16, 4096};
        const Problem p = makeProblem(GgmlType::Q4_K, c, 11);
        vk::ops::MatVecOptions options;
        options.kernel = MatVecKernel::Generic;
        options.fp16 = vk::ops::MatVecFp16::On;
        const bool before = context_->forceFp32();
        context_->setForceFp32(true);
        const auto got = runMatVec(*context_, GgmlType::Q4_K, p.w, p.x, c, options);
        context_->setForceFp32(before);
        QVERIFY(testing::compare(got, p.want, tolerance(c.cols), 1e-5).empty());
        if (!context_->fp16Allowed())
            return;
        const auto half = runMatVec(*context_, GgmlType::Q4_K, p.w, p.x, c, options);
        QVERIFY(testing::compare(half, p.want, fp16Tolerance(c.cols), 2e-3).empty());
        QVERIFY2(!testing::compare(half, p.want, 1e-7, 1e-7).empty(), "the fp16 build gave fp32 results");
    }

    void workgroupSizesAgree()
    {
        const Case c{9, 1024};
        const Problem p = makeProblem(GgmlType::Q4_K, c, 7);
        for (std::uint32_t wg : {8u, 16u, 64u, 128u}) {
            for (auto red : {Reduction::Shared, Reduction::Auto}) {
                vk::ops::MatVecOptions options;
                options.kernel = MatVecKernel::Generic;
                options.workgroup = wg;
                options.reduction = red;
                options.fp16 = vk::ops::MatVecFp16::Off; // fp32, so the fp32 tolerance holds on GPUs too
                const auto got = runMatVec(*context_, GgmlType::Q4_K, p.w, p.x, c, options);
                const std::string problem = testing::compare(got, p.want, tolerance(c.cols), 1e-5);
                QVERIFY2(problem.empty(), ("workgroup " + std::to_string(wg) + ": " + problem).c_str());
            }
        }
    }

    // A 2-byte-block weight whose last row ends half-way into a 32-bit word
    // at the very end of its buffer: the last row is dispatched alone to a
    // build that reads the half word with a 16-bit load; without 16-bit
    // storage it is a clear error, not a crash or a wrong answer.
    void raggedEndOfBuffer_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("cols");
        QTest::addRow("Q8_0 5x96") << int(GgmlType::Q8_0) << 5 << 96;
        QTest::addRow("Q8_0 1x32") << int(GgmlType::Q8_0) << 1 << 32;
        QTest::addRow("Q4_0 7x32") << int(GgmlType::Q4_0) << 7 << 32;
        QTest::addRow("Q5_0 3x32") << int(GgmlType::Q5_0) << 3 << 32;
        QTest::addRow("Q6_K 3x256") << int(GgmlType::Q6_K) << 3 << 256;
    }
    void raggedEndOfBuffer()
    {
        QFETCH(int, type);
        QFETCH(int, rows);
        QFETCH(int, cols);
        const auto t = static_cast<GgmlType>(type);
        const Case c{std::uint64_t(rows), std::uint64_t(cols)};
        QVERIFY(rowBytes(t, c.rows * c.cols) % 4 == 2);
        const Problem p = makeProblem(t, c, 40);
        for (auto kernel : {MatVecKernel::Auto, MatVecKernel::Generic}) {
            vk::ops::MatVecOptions options;
            options.kernel = kernel;
            options.fp16 = vk::ops::MatVecFp16::Off; // fp32, so the fp32 tolerance holds on GPUs too
            std::uint32_t dispatches = 0;
            const auto got = runMatVec(*context_, t, p.w, p.x, c, options, &dispatches);
            QCOMPARE(dispatches, c.rows > 1 ? 2u : 1u);
            const std::string problem = testing::compare(got, p.want, tolerance(c.cols), 1e-5);
            QVERIFY2(problem.empty(), problem.c_str());
            // With 2 bytes to spare the binding covers whole words: one dispatch.
            runMatVec(*context_, t, p.w, p.x, c, options, &dispatches, 2);
            QCOMPARE(dispatches, 1u);
        }
        vk::ops::MatVecOptions words;
        words.wordsOnly = true;
        QVERIFY_THROWS_EXCEPTION(Error, runMatVec(*context_, t, p.w, p.x, c, words));
    }

    void lanesNeedsItsRowLength()
    {
        if (!lanesDevice())
            QSKIP("the lanes kernel needs 8-lane subgroups");
        // F32 rows of 20: the generic kernel takes multiples of 4, lanes of 32.
        const Problem p = makeProblem(GgmlType::F32, {2, 20}, 3);
        QVERIFY(!vk::ops::matVecLanesSupported(GgmlType::F32, 20));
        vk::ops::MatVecOptions lanes;
        lanes.kernel = MatVecKernel::Lanes;
        QVERIFY_THROWS_EXCEPTION(Error, runMatVec(*context_, GgmlType::F32, p.w, p.x, {2, 20}, lanes));
        QVERIFY(!vk::ops::matVecTexelSupported(GgmlType::F32, 20));
        vk::ops::MatVecOptions texel;
        texel.kernel = MatVecKernel::Texel;
        QVERIFY_THROWS_EXCEPTION(Error, runMatVec(*context_, GgmlType::F32, p.w, p.x, {2, 20}, texel));
        // Auto falls back to the generic kernel.
        const auto got = runMatVec(*context_, GgmlType::F32, p.w, p.x, {2, 20}, {});
        QVERIFY(testing::compare(got, p.want, tolerance(20), 1e-5).empty());
    }

    void bigWeightsAreBoundInRowChunks_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("kernel");
        for (GgmlType t : {GgmlType::F32, GgmlType::F16, GgmlType::Q6_K, GgmlType::Q4_0, GgmlType::Q5_0})
            QTest::addRow("%s", typeName(t)) << int(t) << int(MatVecKernel::Generic);
        // Lanes Q6_K / Q4_0 / Q5_0: 2-byte-aligned rows, blocks start half-way into a word.
        for (GgmlType t : {GgmlType::F16, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q5_0, GgmlType::Q4_K,
                           GgmlType::Q6_K})
            QTest::addRow("%s lanes", typeName(t)) << int(t) << int(MatVecKernel::Lanes);
        // Texel: units at 16-byte (F32, F16, Q4_K), 4-byte (Q8_0, Q4_0, Q5_0) and 2-byte (Q6_K) offsets.
        for (GgmlType t : {GgmlType::F32, GgmlType::F16, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q5_0,
                           GgmlType::Q4_K, GgmlType::Q6_K})
            QTest::addRow("%s texel", typeName(t)) << int(t) << int(MatVecKernel::Texel);
    }
    void bigWeightsAreBoundInRowChunks()
    {
        QFETCH(int, type);
        QFETCH(int, kernel);
        const auto t = static_cast<GgmlType>(type);
        if (const auto reason = skipReason(MatVecKernel(kernel)))
            QSKIP(qPrintable(*reason));
        // 37 rows of 256 with a binding limit of ~5 rows: 8 dispatches whose
        // first rows start at offsets that are not binding-aligned (Q6_K rows
        // are 210 B), exercising the in-shader base offset.
        const Case c{37, 256};
        const Problem p = makeProblem(t, c, 9);
        vk::ops::MatVecOptions options;
        options.kernel = MatVecKernel(kernel);
        options.maxBindingBytes = 5 * rowBytes(t, c.cols) + 256;
        options.fp16 = vk::ops::MatVecFp16::Off; // fp32, so the fp32 tolerance holds on GPUs too
        std::uint32_t dispatches = 0;
        const std::size_t padding = MatVecKernel(kernel) == MatVecKernel::Texel ? 16 : 0;
        const auto got = runMatVec(*context_, t, p.w, p.x, c, options, &dispatches, padding);
        QVERIFY(dispatches >= 7);
        const std::string problem = testing::compare(got, p.want, tolerance(c.cols), 1e-5);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void epilogueAddsBiasAndResidual_data()
    {
        QTest::addColumn<int>("kernel");
        QTest::addColumn<int>("reduction");
        QTest::addRow("subgroup") << int(MatVecKernel::Generic) << int(Reduction::Subgroup);
        QTest::addRow("shared") << int(MatVecKernel::Generic) << int(Reduction::Shared);
        QTest::addRow("lanes") << int(MatVecKernel::Lanes) << int(Reduction::Auto);
        QTest::addRow("texel") << int(MatVecKernel::Texel) << int(Reduction::Auto);
    }
    // y = W x + bias + y (each part on or off), over row chunks, so the
    // bias and y are indexed from each chunk's first row.
    void epilogueAddsBiasAndResidual()
    {
        QFETCH(int, kernel);
        QFETCH(int, reduction);
        if (const auto reason = skipReason(MatVecKernel(kernel)))
            QSKIP(qPrintable(*reason));
        const GgmlType t = GgmlType::Q8_0;
        const Case c{37, 256};
        const Problem p = makeProblem(t, c, 21);
        const auto bias = testing::randomFloats(c.rows, 22, -4, 4);
        const auto before = testing::randomFloats(c.rows, 23, -4, 4);
        std::vector<std::byte> w = p.w;
        w.resize(w.size() + 16); // the texel kernel's last texel
        DeviceTensor dw(*context_, w, t, {c.cols, c.rows, 1, 1});
        auto dx = DeviceTensor::of(*context_, p.x, GgmlType::F32, {c.cols, 1, 1, 1});
        auto db = DeviceTensor::of(*context_, bias, GgmlType::F32, {c.rows, 1, 1, 1});
        vk::ops::MatVecOptions options;
        options.kernel = MatVecKernel(kernel);
        options.reduction = Reduction(reduction);
        options.maxBindingBytes = 5 * rowBytes(t, c.cols) + 256;
        options.fp16 = vk::ops::MatVecFp16::Off; // fp32, so the fp32 tolerance holds on GPUs too
        for (const bool withBias : {false, true}) {
            for (const bool accumulate : {false, true}) {
                auto dy = DeviceTensor::of(*context_, before, GgmlType::F32, {c.rows, 1, 1, 1});
                vk::OpRecorder rec(*context_);
                vk::ops::matVec(rec, dw.view, dx.view, dy.view, options,
                                {withBias ? &db.view : nullptr, accumulate});
                QVERIFY(rec.dispatchCount() >= 7);
                rec.submitAndWait();
                std::vector<double> want = p.want;
                for (std::size_t r = 0; r < want.size(); ++r)
                    want[r] += (withBias ? bias[r] : 0.0) + (accumulate ? before[r] : 0.0);
                const std::string problem = testing::compare(dy.download(), want, tolerance(c.cols), 1e-5);
                QVERIFY2(problem.empty(), (std::string(withBias ? "bias" : "no bias") +
                                           (accumulate ? ", accumulate: " : ": ") + problem)
                                              .c_str());
            }
        }
    }
};

QTEST_APPLESS_MAIN(OpsMatVecTest)
#include "test_ops_matvec.moc"
