#include "hearth/model_bench.h"

#include "engine/model_impl.h"
#include "hearth/session.h"
#include "vulkan/copy_bandwidth.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <mutex>
#include <numeric>
#include <random>

#include <nlohmann/json.hpp>

namespace hearth {

namespace {

using Clock = std::chrono::steady_clock;

// What one decode step reads: every weight but the embedding table (one row
// of it), plus the KV cache up to the average position.
double decodeBytesPerToken(const Model::Impl& m, std::uint32_t averagePosition)
{
    double bytes = 0;
    for (const GgufTensorInfo& t : m.file.tensors())
        if (&t != m.weights.tokenEmbedding || m.config.tiedOutput)
            bytes += double(t.nbytes);
    bytes += 2.0 * m.config.layers * m.config.kvDim() * 2.0 * averagePosition;
    return bytes;
}

struct MeanSd {
    double mean = 0, sd = 0;
};

MeanSd meanSd(const std::vector<double>& v)
{
    MeanSd r;
    if (v.empty())
        return r;
    r.mean = std::accumulate(v.begin(), v.end(), 0.0) / double(v.size());
    double sq = 0;
    for (double x : v)
        sq += (x - r.mean) * (x - r.mean);
    r.sd = v.size() > 1 ? std::sqrt(sq / double(v.size() - 1)) : 0;
    return r;
}

// "1234.5": one decimal is all a run-to-run spread of a few percent supports.
std::string tokensPerSecond(double value)
{
    char text[32];
    std::snprintf(text, sizeof text, "%.1f", value);
    return text;
}

} // namespace

nlohmann::ordered_json benchModel(const ModelBenchOptions& options,
                                  const std::function<void(const std::string&)>& progress)
{
    const auto say = [&](const std::string& line) {
        if (progress)
            progress(line);
    };
    const std::uint32_t context = options.promptTokens + options.genTokens + 1;
    ModelLoadOptions load;
    load.device = options.device;
    load.contextLength = context;
    auto model = Model::load(options.model, load);
    Model::Impl& m = model->impl();
    say("loaded " + options.model.filename().string() + " on " + model->deviceName());

    SessionOptions sessionOptions;
    sessionOptions.contextLength = context;
    sessionOptions.batchSize = 512;
    Session session(model, sessionOptions);

    // Random ordinary tokens (no control tokens), the same every run.
    std::mt19937 rng(42);
    std::vector<std::int32_t> prompt;
    const auto vocab = std::int32_t(std::min<std::size_t>(m.config.vocab, model->tokenizer().vocabSize()));
    while (prompt.size() < options.promptTokens) {
        const std::int32_t id = std::int32_t(rng() % std::uint32_t(vocab));
        if (!model->tokenizer().isControl(id))
            prompt.push_back(id);
    }

    GenerationOptions generation;
    generation.sampling.temperature = 0; // greedy: selection stays on the GPU
    generation.maxTokens = std::int32_t(options.genTokens);
    generation.ignoreEndOfGeneration = true;

    std::vector<double> prefill, decode;
    // One warm-up run (pipeline creation, first touch of memory), then the measured ones.
    for (std::uint32_t r = 0; r <= options.repetitions; ++r) {
        session.reset();
        const GenerationStats stats = session.generate(prompt, generation, {});
        if (stats.finishReason == FinishReason::Error)
            throw Error(stats.error);
        if (r == 0)
            continue;
        prefill.push_back(stats.prefillTokensPerSecond);
        decode.push_back(stats.decodeTokensPerSecond);
        say("run " + std::to_string(r) + ": prefill " + tokensPerSecond(stats.prefillTokensPerSecond) +
            " tok/s, decode " + tokensPerSecond(stats.decodeTokensPerSecond) + " tok/s");
    }
    double copy = 0;
    {
        std::lock_guard lock(m.device->gpu);
        copy = vk::copyBandwidth(m.device->context, 0.3);
    }
    const MeanSd p = meanSd(prefill), d = meanSd(decode);
    const double bytesPerToken = decodeBytesPerToken(m, options.promptTokens + options.genTokens / 2);

    nlohmann::ordered_json out;
    out["device"] = model->deviceName();
    out["model"] = options.model.filename().string();
    out["architecture"] = m.summary.architecture;
    out["file_type"] = m.summary.fileTypeLabel;
    out["prompt_tokens"] = options.promptTokens;
    out["gen_tokens"] = options.genTokens;
    out["repetitions"] = options.repetitions;
    out["prefill_tps"] = p.mean;
    out["prefill_tps_sd"] = p.sd;
    out["decode_tps"] = d.mean;
    out["decode_tps_sd"] = d.sd;
    out["copy_gbps"] = copy;
    out["decode_bytes_per_token"] = bytesPerToken;
    out["decode_gbps"] = d.mean * bytesPerToken / 1e9;
    out["decode_roof_fraction"] = copy > 0 ? d.mean * bytesPerToken / 1e9 / copy : 0;
    return out;
}

} // namespace hearth
