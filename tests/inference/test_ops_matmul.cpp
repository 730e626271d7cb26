// Prompt-processing mat-mat Y = X W^T on Vulkan for each weight type, with
// the shared-memory tiled kernel in f32 and f16 and the register (lanes)
// and texel kernels for CPU drivers, against dequantise + dot in double on the CPU: odd
// shapes and tile edges, several tile configurations, row-chunked binding
// of big weights, and the errors it gives for what it cannot do.

#include "hearth/error.h"
#include "ops/cpu_matmul.h"
#include "test_ops_util.h"
#include "vulkan/instance.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_matmul.h"
#include "vulkan/texel_weights.h"

#include <QtTest>

using namespace hearth;
using testing::DeviceTensor;
using vk::ops::MatMulKernel;
using vk::ops::MatMulPrecision;

namespace {

struct Shape {
    std::uint32_t m, n, k; // weight rows, tokens, row length
};

std::string describe(Shape s)
{
    return "m=" + std::to_string(s.m) + " n=" + std::to_string(s.n) + " k=" + std::to_string(s.k);
}

// Random weights quantised to `type`, random activations and the CPU result.
struct Problem {
    Shape shape;
    std::vector<std::byte> w;
    std::vector<float> x;
    std::vector<double> want;

    Problem(GgmlType type, Shape s, std::uint32_t seed) : shape(s), w(rowBytes(type, std::uint64_t(s.m) * s.k))
    {
        const auto values = testing::randomFloats(std::size_t(s.m) * s.k, seed, -1, 1);
        quantize(type, values.data(), w.data(), std::uint64_t(s.m) * s.k);
        x = testing::randomFloats(std::size_t(s.n) * s.k, seed + 1, -1, 1);
        want = ops::cpu::matMul(type, w, s.m, s.k, x, s.n);
    }
};

std::vector<float> runMatMul(vk::Context& context, GgmlType type, const Problem& p,
                             const vk::ops::MatMulOptions& options, std::uint32_t* dispatches = nullptr)
{
    const Shape s = p.shape;
    // The texel kernel needs the last texel inside the buffer (the engine's
    // allocator rounds blocks up to 256 bytes); the others get the weights'
    // exact size, so a read past the end would show.
    std::vector<std::byte> w = p.w;
    if (options.kernel == MatMulKernel::Texel)
        w.resize(w.size() + 16);
    DeviceTensor dw(context, w, type, {s.k, s.m, 1, 1});
    auto dx = DeviceTensor::of(context, p.x, GgmlType::F32, {s.k, s.n, 1, 1});
    auto dy = DeviceTensor::zeros(context, {s.m, s.n, 1, 1});
    vk::OpRecorder rec(context);
    vk::ops::matMul(rec, dw.view, dx.view, dy.view, options);
    if (dispatches)
        *dispatches = rec.dispatchCount();
    rec.submitAndWait();
    return dy.download();
}

// Weights and activations are in [-1, 1], so each product is at most 1 and
// a row's sum has a spread of about sqrt(k) / 3.
// f32 tiles: the weights dequantise exactly as on the CPU (to an ulp), and
// the f32 sum's rounding error grows like sqrt(k) ulps.
// f16 tiles: weight, activation and product are each rounded to 11 bits
// (relative error <= 2^-11 each, so <= ~3 * 2^-11 per product, random in
// sign); summed in f32 over k products that is a random walk of about
// 3 * 2^-11 * sqrt(k) / 3 -- six times that leaves room for the tail while
// one mis-decoded weight (an error of ~0.3 or more) still fails.
double absoluteTolerance(std::uint32_t k, bool fp16)
{
    return fp16 ? 6 * std::ldexp(1.0, -11) * std::sqrt(double(k)) : 2e-6 * std::sqrt(double(k)) * 8;
}

double relativeTolerance(bool fp16)
{
    return fp16 ? 2e-3 : 1e-5;
}

// K-quants hold 256 weights per block, the rest 32 (or 1, but the kernel
// steps in chunks of 32).
std::uint32_t blockK(GgmlType type)
{
    return type == GgmlType::Q4_K || type == GgmlType::Q5_K || type == GgmlType::Q6_K ? 256 : 32;
}

// The row length the kernel steps in: a block, or for the texel kernel its
// unit of columns where that is longer (64 for the 32-wide legacy blocks).
std::uint32_t stepK(GgmlType type, MatMulKernel kernel)
{
    return kernel == MatMulKernel::Texel ? std::max(vk::ops::texelUnit(type), blockK(type)) : blockK(type);
}

// Whether the device can run `kernel` (the lanes and texel kernels need a CPU
// driver with 8-lane subgroups); the reason to skip when not.
const char* unsupportedReason(const vk::Context& context, MatMulKernel kernel)
{
    if ((kernel == MatMulKernel::Lanes || kernel == MatMulKernel::Texel) &&
        !vk::ops::matMulLanesSupported(context.info()))
        return "the device is not a CPU driver with 8-lane subgroups";
    return nullptr;
}

const GgmlType kTypes[] = {GgmlType::F32,  GgmlType::F16,  GgmlType::BF16, GgmlType::Q8_0,
                           GgmlType::Q4_0, GgmlType::Q4_1, GgmlType::Q5_0, GgmlType::Q5_1,
                           GgmlType::Q4_K, GgmlType::Q5_K, GgmlType::Q6_K};

} // namespace

class OpsMatMulTest : public QObject {
    Q_OBJECT

    std::unique_ptr<vk::Context> context_;

    // Skips fp16 cases on devices (or runs) without fp16.
    bool fp16Usable() const { return context_->fp16Allowed(); }

private slots:
    void initTestCase() { context_ = std::make_unique<vk::Context>(); }
    void cleanupTestCase() { context_.reset(); }
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void matchesReference_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("kernel");
        QTest::addColumn<bool>("fp16");
        for (GgmlType t : kTypes) {
            QTest::addRow("%s tiled fp32", typeName(t)) << int(t) << int(MatMulKernel::Tiled) << false;
            QTest::addRow("%s tiled fp16", typeName(t)) << int(t) << int(MatMulKernel::Tiled) << true;
            QTest::addRow("%s lanes", typeName(t)) << int(t) << int(MatMulKernel::Lanes) << false;
            if (vk::ops::texelUnit(t) != 0)
                QTest::addRow("%s texel", typeName(t)) << int(t) << int(MatMulKernel::Texel) << false;
        }
    }
    void matchesReference()
    {
        QFETCH(int, type);
        QFETCH(int, kernel);
        QFETCH(bool, fp16);
        const auto t = static_cast<GgmlType>(type);
        if (fp16 && !fp16Usable())
            QSKIP("fp16 is off on this device");
        if (const char* reason = unsupportedReason(*context_, MatMulKernel(kernel)))
            QSKIP(reason);
        vk::ops::MatMulOptions options;
        options.kernel = MatMulKernel(kernel);
        options.precision = fp16 ? MatMulPrecision::Fp16 : MatMulPrecision::Fp32;
        // Rows and tokens below, at and across the tile edges (1, 7, 33, 96
        // rows; 1, 5, 17, 64 tokens), one and two blocks of k, and one
        // bigger case with several tiles in each direction.
        const std::pair<std::uint32_t, std::uint32_t> sizes[] = {{1, 1}, {7, 5}, {33, 17}, {96, 64}, {33, 64}, {96, 1}};
        std::vector<Shape> shapes;
        for (const auto& [m, n] : sizes)
            for (std::uint32_t blocks : {1u, 2u})
                shapes.push_back({m, n, blocks * stepK(t, options.kernel)});
        shapes.push_back({256, 70, 512});
        std::uint32_t seed = 100;
        for (const Shape s : shapes) {
            const Problem p(t, s, seed += 2);
            const auto got = runMatMul(*context_, t, p, options);
            const std::string problem =
                testing::compare(got, p.want, absoluteTolerance(s.k, fp16), relativeTolerance(fp16));
            QVERIFY2(problem.empty(), (describe(s) + ": " + problem).c_str());
        }
    }

    void tileConfigurationsAgree_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<bool>("fp16");
        // Each tile configuration is a pipeline to compile (about a second on
        // lavapipe with a cold cache): a legacy, a K-quant and a float type.
        QTest::addRow("Q4_0 fp32") << int(GgmlType::Q4_0) << false;
        QTest::addRow("Q4_0 fp16") << int(GgmlType::Q4_0) << true;
        QTest::addRow("Q6_K fp32") << int(GgmlType::Q6_K) << false;
        QTest::addRow("F16 fp16") << int(GgmlType::F16) << true;
    }
    void tileConfigurationsAgree()
    {
        QFETCH(int, type);
        QFETCH(bool, fp16);
        const auto t = static_cast<GgmlType>(type);
        if (fp16 && !fp16Usable())
            QSKIP("fp16 is off on this device");
        // k = 3 blocks of 32 for the legacy types: a 64-wide k step ends
        // half outside the row (zero-filled tail).
        const Shape s{45, 23, t == GgmlType::Q6_K ? 256u : 96u};
        const Problem p(t, s, 7);
        const vk::ops::MatMulTiles tiles[] = {
            {8, 8, 32, 1, 1}, {16, 64, 32, 2, 8}, {64, 16, 64, 8, 2}, {64, 64, 32, 4, 4},
        };
        for (const auto& tile : tiles) {
            vk::ops::MatMulOptions options;
            options.kernel = MatMulKernel::Tiled;
            options.precision = fp16 ? MatMulPrecision::Fp16 : MatMulPrecision::Fp32;
            options.tiles = tile;
            const auto got = runMatMul(*context_, t, p, options);
            const std::string problem =
                testing::compare(got, p.want, absoluteTolerance(s.k, fp16), relativeTolerance(fp16));
            QVERIFY2(problem.empty(), ("tiles " + tile.label() + ": " + problem).c_str());
        }
    }

    void groupConfigurationsAgree_data()
    {
        QTest::addColumn<int>("kernel");
        QTest::addRow("lanes") << int(MatMulKernel::Lanes);
        QTest::addRow("texel") << int(MatMulKernel::Texel);
    }
    void groupConfigurationsAgree()
    {
        QFETCH(int, kernel);
        const bool texel = MatMulKernel(kernel) == MatMulKernel::Texel;
        if (const char* reason = unsupportedReason(*context_, MatMulKernel(kernel)))
            QSKIP(reason);
        // Texel: 10 units of 64, so the second step of 8 lanes has lanes past
        // the end.
        const GgmlType type = texel ? GgmlType::Q5_0 : GgmlType::Q5_1;
        const Shape s{45, 23, texel ? 640u : 96u};
        const Problem p(type, s, texel ? 13 : 9);
        // Each configuration (rows per lane or per workgroup x tokens) is a
        // pipeline to compile (seconds on lavapipe with a cold cache): a few
        // that cover 1 row / 1 token, odd counts and the largest.
        const std::vector<std::pair<std::uint32_t, std::uint32_t>> configs =
            texel ? std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 1}, {3, 5}, {8, 8}, {32, 8}}
                  : std::vector<std::pair<std::uint32_t, std::uint32_t>>{{1, 5}, {2, 16}, {4, 1}, {8, 32}};
        for (const auto& [rows, tokens] : configs) {
            vk::ops::MatMulOptions options;
            options.kernel = MatMulKernel(kernel);
            (texel ? options.texelRows : options.laneRows) = rows;
            (texel ? options.texelTokens : options.laneTokens) = tokens;
            const auto got = runMatMul(*context_, type, p, options);
            const std::string problem = testing::compare(got, p.want, absoluteTolerance(s.k, false), 1e-5);
            QVERIFY2(problem.empty(),
                     (std::to_string(rows) + " rows x " + std::to_string(tokens) + " tokens: " + problem).c_str());
        }
    }

    void bigWeightsAreBoundInRowChunks_data()
    {
        QTest::addColumn<int>("type");
        QTest::addColumn<int>("kernel");
        for (GgmlType t : {GgmlType::F32, GgmlType::F16, GgmlType::Q6_K, GgmlType::Q4_0, GgmlType::Q5_K}) {
            QTest::addRow("%s tiled", typeName(t)) << int(t) << int(MatMulKernel::Tiled);
            QTest::addRow("%s lanes", typeName(t)) << int(t) << int(MatMulKernel::Lanes);
            if (vk::ops::texelUnit(t) != 0)
                QTest::addRow("%s texel", typeName(t)) << int(t) << int(MatMulKernel::Texel);
        }
    }
    void bigWeightsAreBoundInRowChunks()
    {
        QFETCH(int, type);
        QFETCH(int, kernel);
        const auto t = static_cast<GgmlType>(type);
        if (const char* reason = unsupportedReason(*context_, MatMulKernel(kernel)))
            QSKIP(reason);
        // 37 rows of 256 with a binding limit of ~5 rows: 8 dispatches whose
        // first rows start at offsets that are not binding-aligned (Q6_K rows
        // are 210 B), each writing its own columns of Y.
        const Shape s{37, 9, 256};
        const Problem p(t, s, 11);
        vk::ops::MatMulOptions options;
        options.kernel = MatMulKernel(kernel);
        options.precision = MatMulPrecision::Fp32;
        options.maxBindingBytes = 5 * rowBytes(t, s.k) + 256;
        std::uint32_t dispatches = 0;
        const auto got = runMatMul(*context_, t, p, options, &dispatches);
        QVERIFY(dispatches >= 7);
        const std::string problem = testing::compare(got, p.want, absoluteTolerance(s.k, false), 1e-5);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void forceFp32SelectsTheFp32Kernel()
    {
        vk::ops::MatMulOptions options;
        // Auto picks f16 tiles exactly when fp16 is allowed, unless the
        // (f32-only) texel or lanes kernels suit the device better: texel
        // where the rows split into its units, lanes where they do not.
        const bool lanes = vk::ops::matMulLanesSupported(context_->info());
        QCOMPARE(vk::ops::matMulKernel(*context_, options), lanes ? MatMulKernel::Texel : MatMulKernel::Tiled);
        QCOMPARE(vk::ops::matMulKernel(*context_, options, GgmlType::Q5_1, 256),
                 lanes ? MatMulKernel::Lanes : MatMulKernel::Tiled);
        QCOMPARE(vk::ops::matMulKernel(*context_, options, GgmlType::Q8_0, 96),
                 lanes ? MatMulKernel::Lanes : MatMulKernel::Tiled);
        QCOMPARE(vk::ops::matMulUsesFp16(*context_, options), context_->fp16Allowed() && !lanes);
        options.kernel = MatMulKernel::Tiled;
        QCOMPARE(vk::ops::matMulUsesFp16(*context_, options), context_->fp16Allowed());
        const bool before = context_->forceFp32();
        context_->setForceFp32(true);
        QVERIFY(!vk::ops::matMulUsesFp16(*context_, options));
        // An explicit fp16 request is refused with a message, not run.
        const Problem p(GgmlType::Q8_0, {4, 3, 64}, 5);
        options.precision = MatMulPrecision::Fp16;
        QVERIFY_THROWS_EXCEPTION(Error, runMatMul(*context_, GgmlType::Q8_0, p, options));
        // Auto under the switch still computes the right result.
        options.precision = MatMulPrecision::Auto;
        const auto got = runMatMul(*context_, GgmlType::Q8_0, p, options);
        context_->setForceFp32(before);
        const std::string problem = testing::compare(got, p.want, absoluteTolerance(64, false), 1e-5);
        QVERIFY2(problem.empty(), problem.c_str());
    }

    void rejectsWhatItCannotDo()
    {
        const auto x = DeviceTensor::zeros(*context_, {64, 2, 1, 1});
        const auto y = DeviceTensor::zeros(*context_, {4, 2, 1, 1});
        std::vector<std::byte> bytes(1024);
        DeviceTensor w(*context_, bytes, GgmlType::Q2_K, {256, 4, 1, 1});
        vk::OpRecorder rec(*context_);
        // A type without a kernel.
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::matMul(rec, w.view, x.view, y.view));
        // Mismatched shapes.
        DeviceTensor w8(*context_, bytes, GgmlType::Q8_0, {64, 4, 1, 1});
        const auto yWrong = DeviceTensor::zeros(*context_, {5, 2, 1, 1});
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::matMul(rec, w8.view, x.view, yWrong.view));
        // Tiles that do not divide, or need more shared memory than there is.
        vk::ops::MatMulOptions options;
        options.kernel = MatMulKernel::Tiled;
        options.tiles = {30, 32, 32, 4, 4};
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::matMul(rec, w8.view, x.view, y.view, options));
        options.tiles = {256, 256, 256, 8, 8};
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::matMul(rec, w8.view, x.view, y.view, options));
        // The lanes kernel has no f16 variant.
        options = {};
        options.kernel = MatMulKernel::Lanes;
        options.precision = MatMulPrecision::Fp16;
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::matMul(rec, w8.view, x.view, y.view, options));
        // Nor has the texel kernel; and it needs types and rows it has
        // units for, and a sane number of rows x tokens per workgroup.
        options.kernel = MatMulKernel::Texel;
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::matMul(rec, w8.view, x.view, y.view, options));
        options.precision = MatMulPrecision::Fp32;
        DeviceTensor w51(*context_, bytes, GgmlType::Q5_1, {64, 4, 1, 1});
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::matMul(rec, w51.view, x.view, y.view, options));
        const auto x32 = DeviceTensor::zeros(*context_, {32, 2, 1, 1});
        DeviceTensor w8short(*context_, bytes, GgmlType::Q8_0, {32, 4, 1, 1});
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::matMul(rec, w8short.view, x32.view, y.view, options));
        options.texelRows = 32;
        options.texelTokens = 16;
        QVERIFY_THROWS_EXCEPTION(Error, vk::ops::matMul(rec, w8.view, x.view, y.view, options));
        QCOMPARE(rec.dispatchCount(), 0u);
        // The default tiles fit the device in both precisions.
        for (bool fp16 : {false, true}) {
            const auto tiles = vk::ops::defaultMatMulTiles(context_->info(), fp16);
            QCOMPARE(vk::ops::matMulTilesProblem(context_->info(), tiles, fp16), std::string());
        }
    }
};

QTEST_APPLESS_MAIN(OpsMatMulTest)
#include "test_ops_matmul.moc"
