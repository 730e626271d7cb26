// hearth::benchOps: copy bandwidth and mat-vec bandwidth on one device.
#include "hearth/op_bench.h"

#include "hearth/error.h"
#include "hearth/tensor_types.h"
#include "vulkan/buffer.h"
#include "vulkan/context.h"
#include "vulkan/copy_bandwidth.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_bench_matmul.h"
#include "vulkan/ops_matvec.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <random>

#include <nlohmann/json.hpp>

namespace hearth {
namespace {

using Clock = std::chrono::steady_clock;

// Runs `record` (which records one repetition) enough times to fill about
// `seconds`, after one untimed warm-up; returns seconds per repetition.
double timePerRun(vk::OpRecorder& rec, double seconds, const std::function<void()>& record)
{
    record();
    auto start = Clock::now();
    rec.submitAndWait(); // warm-up: pipeline creation, first touch of memory
    record();
    start = Clock::now();
    rec.submitAndWait();
    const double once = std::chrono::duration<double>(Clock::now() - start).count();
    const int reps = std::clamp(int(seconds / std::max(once, 1e-6)), 1, 100000);
    for (int i = 0; i < reps; ++i)
        record();
    start = Clock::now();
    rec.submitAndWait();
    return std::chrono::duration<double>(Clock::now() - start).count() / reps;
}

// A weight of `rows` x `cols`: one quantised row of random values repeated,
// so big matrices cost no quantisation time and hold no NaNs or denormals.
vk::Buffer makeWeight(vk::Context& context, GgmlType type, std::uint64_t rows, std::uint64_t cols)
{
    std::mt19937 rng(1);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> values(cols);
    for (float& v : values)
        v = dist(rng);
    const std::uint64_t rowSize = rowBytes(type, cols);
    const std::uint64_t rowsPerPiece = std::max<std::uint64_t>(1, (16u << 20) / rowSize);
    std::vector<std::byte> piece(rowSize * std::min(rows, rowsPerPiece));
    quantize(type, values.data(), piece.data(), cols);
    for (std::uint64_t r = 1; r < piece.size() / rowSize; ++r)
        std::copy_n(piece.begin(), rowSize, piece.begin() + std::ptrdiff_t(r * rowSize));
    vk::Buffer buffer(context, rowSize * rows, vk::MemoryUse::DeviceLocal);
    for (std::uint64_t r = 0; r < rows; r += rowsPerPiece) {
        const std::uint64_t n = std::min(rowsPerPiece, rows - r);
        buffer.upload(std::span(piece).first(n * rowSize), r * rowSize);
    }
    return buffer;
}


// Kernel experiments without a rebuild: HEARTH_BENCH_MATVEC_KERNEL=generic|lanes|texel,
// HEARTH_BENCH_MATVEC_ROWS=<rows per workgroup>, HEARTH_BENCH_MATVEC_WG=<threads>.
vk::ops::MatVecOptions matVecBenchOptions()
{
    vk::ops::MatVecOptions mv;
    if (const char* kernel = std::getenv("HEARTH_BENCH_MATVEC_KERNEL")) {
        const std::string k = kernel;
        mv.kernel = k == "lanes" ? vk::ops::MatVecKernel::Lanes
                    : k == "texel" ? vk::ops::MatVecKernel::Texel
                    : k == "generic" ? vk::ops::MatVecKernel::Generic
                                     : vk::ops::MatVecKernel::Auto;
    }
    mv.rowsPerGroup = vk::benchSetting("HEARTH_BENCH_MATVEC_ROWS");
    mv.workgroup = vk::benchSetting("HEARTH_BENCH_MATVEC_WG");
    return mv;
}

} // namespace

namespace vk {

double copyBandwidth(Context& context, double seconds)
{
    const std::uint64_t bytes = std::min<std::uint64_t>(256ull << 20, context.info().maxMemoryAllocationSize);
    Buffer a(context, bytes, MemoryUse::DeviceLocal);
    Buffer b(context, bytes, MemoryUse::DeviceLocal);
    OpRecorder rec(context);
    const double perRun = timePerRun(rec, seconds, [&] { rec.copy({&a, 0, bytes}, {&b, 0, bytes}); });
    return double(bytes) / perRun / 1e9;
}

} // namespace vk

nlohmann::ordered_json benchOps(const OpBenchOptions& options, const std::function<void(const std::string&)>& progress)
{
    vk::Context context(options.device);
    std::vector<GgmlType> types;
    for (const std::string& name : options.types) {
        const auto type = typeFromName(name);
        if (!type || !vk::ops::matVecSupported(*type))
            throw Error("bench-ops: no mat-vec kernel for type '" + name + "'");
        types.push_back(*type);
    }
    if (types.empty())
        types = {GgmlType::Q4_K, GgmlType::Q8_0, GgmlType::Q4_0, GgmlType::Q6_K, GgmlType::Q5_K, GgmlType::Q4_1,
                 GgmlType::Q5_0, GgmlType::Q5_1, GgmlType::F16, GgmlType::BF16, GgmlType::F32};

    nlohmann::ordered_json out;
    out["device"] = context.info().name;
    const double copy = vk::copyBandwidth(context, options.secondsPerCase);
    out["copy_gbps"] = copy;
    if (progress)
        progress("copy " + std::to_string(copy) + " GB/s");
    out["matvec"] = nlohmann::ordered_json::array();

    const std::pair<std::uint64_t, std::uint64_t> shapes[] = {
        {4096, 4096}, {4096, 14336}, {14336, 4096}, {896, 4864}, {151936, 896}}; // rows, cols
    const vk::ops::MatVecOptions mv = matVecBenchOptions();
    for (GgmlType type : types) {
        for (const auto& [rows, cols] : shapes) {
            nlohmann::ordered_json entry{{"type", typeName(type)}, {"rows", rows}, {"cols", cols}};
            if (cols % vk::ops::matVecColumnMultiple(type) != 0) {
                // e.g. K-quants at 896 columns: real files use a 32-block type there.
                entry["skipped"] = "row length not a multiple of the kernel's unit (" +
                                   std::to_string(vk::ops::matVecColumnMultiple(type)) + ")";
                out["matvec"].push_back(entry);
                continue;
            }
            if (mv.kernel == vk::ops::MatVecKernel::Texel && !vk::ops::matVecTexelSupported(type, cols)) {
                entry["skipped"] = "the texel kernel cannot take this row length";
                out["matvec"].push_back(entry);
                continue;
            }
            const std::uint64_t bytes = rowBytes(type, rows * cols);
            if (bytes > context.info().maxMemoryAllocationSize) {
                entry["skipped"] = "weight larger than one allocation";
                out["matvec"].push_back(entry);
                continue;
            }
            vk::Buffer w = makeWeight(context, type, rows, cols);
            std::vector<float> ones(cols, 1.0f);
            vk::Buffer x(context, cols * 4, vk::MemoryUse::DeviceLocal);
            x.upload(std::as_bytes(std::span(ones)));
            vk::Buffer y(context, rows * 4, vk::MemoryUse::DeviceLocal);
            const vk::TensorView wv{&w, 0, type, {cols, rows, 1, 1}};
            const vk::TensorView xv{&x, 0, GgmlType::F32, {cols, 1, 1, 1}};
            const vk::TensorView yv{&y, 0, GgmlType::F32, {rows, 1, 1, 1}};
            vk::OpRecorder rec(context);
            const double perRun =
                timePerRun(rec, options.secondsPerCase, [&] { vk::ops::matVec(rec, wv, xv, yv, mv); });
            const double gbps = double(bytes) / perRun / 1e9;
            entry["gbps"] = gbps;
            entry["roof_fraction"] = gbps / copy;
            out["matvec"].push_back(entry);
            if (progress)
                progress(std::string(typeName(type)) + " " + std::to_string(rows) + "x" + std::to_string(cols) +
                         " " + std::to_string(gbps) + " GB/s");
        }
    }
    out["matmul"] = vk::benchMatMul(context, options, progress);
    return out;
}

} // namespace hearth
