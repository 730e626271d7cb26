// makeModel: metadata, seeded weights, quantisation and the write.
//
// Weights are generated and quantised a slab of rows at a time straight into
// the tensor's final bytes, so f32 values never exist for more than ~1M
// weights at once; the quantised tensors are then held until GgufWriter
// writes the file (about the file's size in memory: ~400 MB for
// qwen2.5-0.5b Q4_K_M).
//
// Determinism: the generator is our own (splitmix64), not <random>'s
// distributions, whose output differs between standard libraries; each
// tensor's stream is seeded from the seed and its name, so the same options
// give the same bytes everywhere.

#include "hearth/model_maker.h"

#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/model_summary.h"

#include <algorithm>
#include <cctype>
#include <exception>
#include <mutex>
#include <thread>

namespace hearth {
namespace {

constexpr float kWeightStd = 0.02f; // GPT-2 style init: keeps activations small
constexpr float kNormNoiseStd = 0.02f;
constexpr uint64_t kSlabElements = 4u << 20; // 16 MB of f32 per slab

// Quantising costs ~50x more than generating (the quantisers search for
// the best block scale), so slabs are generated on one thread, keeping the
// random stream sequential and the bytes independent of the thread count,
// and quantised on all cores, each thread taking a run of whole rows.
void quantizeRows(GgmlType type, const float* src, std::byte* dst, uint64_t rows, uint64_t rowLength)
{
    const uint64_t bytesPerRow = rowBytes(type, rowLength);
    const uint64_t threads = std::clamp<uint64_t>(std::thread::hardware_concurrency(), 1, 16);
    const uint64_t perThread = std::max<uint64_t>((rows + threads - 1) / threads, 1);
    if (type == GgmlType::F32 || type == GgmlType::F16 || rows * rowLength < (64u << 10) || threads == 1) {
        quantize(type, src, dst, rows * rowLength);
        return;
    }
    std::vector<std::thread> pool;
    std::exception_ptr error;
    std::mutex errorMutex;
    for (uint64_t first = 0; first < rows; first += perThread) {
        const uint64_t n = std::min(perThread, rows - first);
        pool.emplace_back([&, first, n] {
            try {
                quantize(type, src + first * rowLength, dst + first * bytesPerRow, n * rowLength);
            } catch (...) {
                const std::lock_guard lock(errorMutex);
                error = std::current_exception();
            }
        });
    }
    for (std::thread& t : pool)
        t.join();
    if (error)
        std::rethrow_exception(error);
}

class Random {
public:
    explicit Random(uint64_t seed) : state_(seed) {}
    uint64_t next()
    {
        uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
        return z ^ (z >> 31);
    }
    // Approximately normal with standard deviation `std`: the sum of four
    // 16-bit uniforms (Irwin-Hall), exact in integers and so identical on
    // every machine, and far cheaper than Box-Muller's log/sqrt/cos.
    // Its tails stop at 3.46 std, which does not matter for test weights.
    float normal(float std)
    {
        const uint64_t r = next();
        const int64_t sum = int64_t(r & 0xFFFF) + int64_t((r >> 16) & 0xFFFF) + int64_t((r >> 32) & 0xFFFF) +
                            int64_t(r >> 48);
        // Mean 4 * 65535/2; standard deviation sqrt((65536^2 - 1) / 3) ~ 65536 / sqrt(3).
        constexpr float kInvStd = 1.0f / 37837.2272f;
        return float(sum - 131070) * (kInvStd * std);
    }

private:
    uint64_t state_;
};

uint64_t tensorSeed(uint64_t seed, const std::string& name)
{
    uint64_t h = 0xCBF29CE484222325ull; // FNV-1a of the name, mixed with the seed
    for (unsigned char c : name)
        h = (h ^ c) * 0x100000001B3ull;
    Random mix(seed ^ h);
    return mix.next();
}

std::vector<std::byte> generateTensor(const PlannedTensor& t, uint64_t seed,
                                      const std::function<void(uint64_t)>& advanced)
{
    const uint64_t rowLength = t.dims[0];
    uint64_t rows = 1;
    for (size_t i = 1; i < t.dims.size(); ++i)
        rows *= t.dims[i];
    std::vector<std::byte> data(rowBytes(t.type, rowLength * rows));
    const uint64_t bytesPerRow = rowBytes(t.type, rowLength);
    const uint64_t slabRows = std::max<uint64_t>(1, kSlabElements / rowLength);
    std::vector<float> slab(std::min(rows, slabRows) * rowLength);

    Random random(tensorSeed(seed, t.name));
    for (uint64_t row = 0; row < rows; row += slabRows) {
        const uint64_t n = std::min(slabRows, rows - row) * rowLength;
        for (uint64_t i = 0; i < n; ++i) {
            switch (t.init) {
            case PlannedTensor::Init::Norm: slab[i] = 1.0f + random.normal(kNormNoiseStd); break;
            default: slab[i] = random.normal(kWeightStd); break;
            }
        }
        quantizeRows(t.type, slab.data(), data.data() + row * bytesPerRow, n / rowLength, rowLength);
        advanced(n);
    }
    return data;
}

uint32_t fileTypeId(std::string_view label)
{
    std::string upper(label);
    for (char& c : upper)
        c = char(std::toupper(static_cast<unsigned char>(c)));
    for (uint32_t id = 0; id < 64; ++id)
        if (fileTypeLabel(id) == upper)
            return id;
    throw Error("unsupported file type '" + std::string(label) + "'");
}

GgufFile openVocabulary(const std::filesystem::path& path)
{
    std::error_code ec;
    if (path.empty() || !std::filesystem::is_regular_file(path, ec))
        throw Error("vocabulary file not found: '" + path.string() + "' (give a GGUF with a tokenizer, e.g. "
                    "ggml-vocab-qwen2.gguf)");
    GgufFile vocab = GgufFile::open(path);
    if (vocab.getStringArray("tokenizer.ggml.tokens").empty())
        throw Error(path.filename().string() + " has no tokenizer (tokenizer.ggml.tokens is missing or empty)");
    return vocab;
}

void setMetadata(GgufWriter& w, const MakeModelOptions& o, const GgufFile& vocab, uint32_t vocabSize)
{
    const ModelShape& s = o.shape;
    const bool qwen = s.architecture != "llama";
    const std::string a = s.architecture + ".";
    w.setString("general.architecture", s.architecture);
    w.setString("general.name", !o.name.empty() ? o.name
                                                : "Hearth synthetic " + s.architecture + " " + std::to_string(s.dim) +
                                                      "x" + std::to_string(s.layers) + " (random weights)");
    w.setUInt32("general.file_type", fileTypeId(o.fileType));
    w.setUInt32("general.quantization_version", 2);
    w.setUInt32(a + "vocab_size", vocabSize);
    w.setUInt32(a + "context_length", s.contextLength);
    w.setUInt32(a + "embedding_length", s.dim);
    w.setUInt32(a + "block_count", s.layers);
    w.setUInt32(a + "feed_forward_length", s.ffn);
    w.setUInt32(a + "attention.head_count", s.heads);
    w.setUInt32(a + "attention.head_count_kv", s.kvHeads);
    w.setFloat32(a + "attention.layer_norm_rms_epsilon", s.rmsEpsilon > 0 ? s.rmsEpsilon : (qwen ? 1e-6f : 1e-5f));
    w.setFloat32(a + "rope.freq_base", s.ropeFreqBase > 0 ? s.ropeFreqBase : (qwen ? 1000000.0f : 10000.0f));
    w.setUInt32(a + "rope.dimension_count", s.effectiveHeadDim());
    if (s.headDim && s.headDim * s.heads != s.dim) { // readers default to dim / heads
        w.setUInt32(a + "attention.key_length", s.headDim);
        w.setUInt32(a + "attention.value_length", s.headDim);
    }
    w.copyMetadataFrom(vocab, "tokenizer.");
}

} // namespace

void makeModel(const MakeModelOptions& options, const std::filesystem::path& output)
{
    const GgufFile vocab = openVocabulary(options.vocabulary);
    const uint32_t vocabSize = uint32_t(vocab.getStringArray("tokenizer.ggml.tokens").size());
    const std::vector<PlannedTensor> plan = planModelTensors(options.shape, options.fileType, vocabSize);

    GgufWriter writer;
    setMetadata(writer, options, vocab, vocabSize);

    uint64_t total = 0, done = 0;
    for (const PlannedTensor& t : plan)
        total += t.dims.size() > 1 ? t.dims[0] * t.dims[1] : t.dims[0];
    const auto advanced = [&](uint64_t n) {
        done += n;
        if (options.progress)
            options.progress(done, total);
    };
    for (const PlannedTensor& t : plan)
        writer.addTensor(t.name, t.dims, t.type, generateTensor(t, options.seed, advanced));
    writer.write(output);
}

} // namespace hearth
