// Prompt-processing throughput of vk::ops::matMul: GFLOP/s = 2 m n k / time
// for a 512-token batch, per weight type and shape.
#include "vulkan/ops_bench_matmul.h"

#include "hearth/error.h"
#include "hearth/tensor_types.h"
#include "vulkan/buffer.h"
#include "vulkan/context.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_matmul.h"

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <map>
#include <random>

namespace hearth::vk {
namespace {

using Clock = std::chrono::steady_clock;

constexpr std::uint64_t kTokens = 512;
// One run longer than this (estimated from the type's previous shape) is
// skipped: a slow driver would otherwise hold bench-ops for minutes.
constexpr double kMaxSecondsPerRun = 5.0;

// Seconds per matMul: one warm-up run (pipeline creation, first touch),
// one timed run to size the batch, then enough runs for about `seconds`.
double secondsPerRun(OpRecorder& rec, double seconds, const std::function<void()>& record)
{
    record();
    rec.submitAndWait();
    record();
    auto start = Clock::now();
    rec.submitAndWait();
    const double once = std::chrono::duration<double>(Clock::now() - start).count();
    const int reps = std::clamp(int(seconds / std::max(once, 1e-6)), 1, 100);
    for (int i = 0; i < reps; ++i)
        record();
    start = Clock::now();
    rec.submitAndWait();
    return std::chrono::duration<double>(Clock::now() - start).count() / reps;
}

// `rows` copies of one random quantised row: no quantisation time for big
// weights, and real-looking blocks (no NaNs or denormals).
Buffer repeatedRows(Context& context, GgmlType type, std::uint64_t rows, std::uint64_t cols)
{
    std::mt19937 rng(2);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> values(cols);
    for (float& v : values)
        v = dist(rng);
    const std::uint64_t rowSize = rowBytes(type, cols);
    std::vector<std::byte> all(rowSize * rows);
    quantize(type, values.data(), all.data(), cols);
    for (std::uint64_t r = 1; r < rows; ++r)
        std::copy_n(all.begin(), rowSize, all.begin() + std::ptrdiff_t(r * rowSize));
    Buffer buffer(context, all.size(), MemoryUse::DeviceLocal);
    buffer.upload(all);
    return buffer;
}

Buffer randomActivations(Context& context, std::uint64_t count)
{
    std::mt19937 rng(3);
    std::uniform_real_distribution<float> dist(-1.0f, 1.0f);
    std::vector<float> values(count);
    for (float& v : values)
        v = dist(rng);
    Buffer buffer(context, count * 4, MemoryUse::DeviceLocal);
    buffer.upload(std::as_bytes(std::span(values)));
    return buffer;
}

// Kernel experiments without a rebuild: HEARTH_BENCH_MATMUL_KERNEL=tiled|lanes|texel,
// HEARTH_BENCH_MATMUL_ROWS / _TOKENS (texel: rows and tokens per workgroup;
// lanes: rows per lane and tokens per workgroup).
ops::MatMulOptions optionsFromEnvironment()
{
    ops::MatMulOptions options;
    if (const char* kernel = std::getenv("HEARTH_BENCH_MATMUL_KERNEL")) {
        const std::string name = kernel;
        options.kernel = name == "tiled"   ? ops::MatMulKernel::Tiled
                         : name == "lanes" ? ops::MatMulKernel::Lanes
                         : name == "texel" ? ops::MatMulKernel::Texel
                                           : ops::MatMulKernel::Auto;
    }
    options.texelRows = options.laneRows = benchSetting("HEARTH_BENCH_MATMUL_ROWS");
    options.texelTokens = options.laneTokens = benchSetting("HEARTH_BENCH_MATMUL_TOKENS");
    return options;
}

} // namespace

std::uint32_t benchSetting(const char* name)
{
    const char* value = std::getenv(name);
    return value ? std::uint32_t(std::strtoul(value, nullptr, 10)) : 0;
}

nlohmann::ordered_json benchMatMul(Context& context, const OpBenchOptions& options,
                                   const std::function<void(const std::string&)>& progress)
{
    std::vector<GgmlType> types;
    for (const std::string& name : options.types)
        if (const auto type = typeFromName(name); type && ops::matMulSupported(*type))
            types.push_back(*type);
    if (options.types.empty())
        types = {GgmlType::Q4_K, GgmlType::Q8_0, GgmlType::F16};

    const ops::MatMulOptions matMulOptions = optionsFromEnvironment();
    // Small shape first: its rate predicts whether the big one is worth running.
    const std::pair<std::uint64_t, std::uint64_t> shapes[] = {{896, 4864}, {4096, 4096}}; // m (rows), k (cols)
    auto out = nlohmann::ordered_json::array();
    for (GgmlType type : types) {
        double gflops = 0; // the type's last rate
        for (const auto& [m, k] : shapes) {
            nlohmann::ordered_json entry{{"type", typeName(type)}, {"m", m}, {"n", kTokens}, {"k", k}};
            const double flops = 2.0 * double(m) * double(kTokens) * double(k);
            if (gflops > 0 && flops / (gflops * 1e9) > kMaxSecondsPerRun) {
                entry["skipped"] = "too slow on this device (about " + std::to_string(int(flops / (gflops * 1e9))) +
                                   " s per run)";
                out.push_back(entry);
                continue;
            }
            Buffer w = repeatedRows(context, type, m, k);
            Buffer x = randomActivations(context, k * kTokens);
            Buffer y(context, m * kTokens * 4, MemoryUse::DeviceLocal);
            const TensorView wv{&w, 0, type, {k, m, 1, 1}};
            const TensorView xv{&x, 0, GgmlType::F32, {k, kTokens, 1, 1}};
            const TensorView yv{&y, 0, GgmlType::F32, {m, kTokens, 1, 1}};
            OpRecorder rec(context);
            const double perRun = secondsPerRun(rec, options.secondsPerCase,
                                                [&] { ops::matMul(rec, wv, xv, yv, matMulOptions); });
            gflops = flops / perRun / 1e9;
            entry["gflops"] = gflops;
            entry["kernel"] = ops::matMulDescription(context, matMulOptions, type, k);
            out.push_back(entry);
            if (progress)
                progress(std::string("matmul ") + typeName(type) + " " + std::to_string(m) + "x" +
                         std::to_string(k) + " x " + std::to_string(kTokens) + " tokens " + std::to_string(gflops) +
                         " GFLOP/s");
        }
    }
    return out;
}

} // namespace hearth::vk
