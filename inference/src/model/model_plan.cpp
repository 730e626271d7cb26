// What a synthetic model contains: presets, shape checks, and the tensor
// list with the type each tensor gets under a file type. The type rules
// follow what llama.cpp's quantizer produces for these file types, so the
// files resemble downloaded ones (same mixtures, same fallbacks):
//  - norms, biases and q/k norms: always F32;
//  - F32 / F16: every matrix in that type;
//  - Q8_0: every matrix Q8_0;
//  - Q4_0: matrices Q4_0, except the output matrix Q6_K;
//  - Q4_K_M: matrices Q4_K; the output matrix Q6_K; attn_v and ffn_down
//    Q6_K in the first and last eighth of the layers and every third layer
//    between (llama.cpp's "use_more_bits" rule), Q4_K elsewhere;
//  - the output matrix is token_embd when embeddings are tied;
//  - a row length that is not a multiple of the type's block size falls
//    back as llama.cpp does: Q4_K -> Q5_0, Q6_K -> Q8_0, then F16.

#include "hearth/model_maker.h"

#include "hearth/error.h"

#include <algorithm>
#include <cctype>

namespace hearth {
namespace {

struct FileTypeInfo {
    const char* label;
    GgmlType matrix; // type of an ordinary matrix
};

const FileTypeInfo kFileTypes[] = {
    {"F32", GgmlType::F32}, {"F16", GgmlType::F16}, {"Q8_0", GgmlType::Q8_0},
    {"Q4_0", GgmlType::Q4_0}, {"Q4_K_M", GgmlType::Q4_K},
};

const FileTypeInfo& fileTypeInfo(std::string_view label)
{
    for (const FileTypeInfo& f : kFileTypes) {
        const std::string_view l = f.label;
        if (l.size() == label.size() && std::equal(l.begin(), l.end(), label.begin(), [](char a, char b) {
                return a == std::toupper(static_cast<unsigned char>(b));
            }))
            return f;
    }
    std::string known;
    for (const FileTypeInfo& f : kFileTypes)
        known += (known.empty() ? "" : ", ") + std::string(f.label);
    throw Error("unsupported file type '" + std::string(label) + "' (supported: " + known + ")");
}

// llama.cpp spends more bits on attn_v / ffn_down in these layers.
bool moreBitsLayer(uint32_t layer, uint32_t layers)
{
    return layer < layers / 8 || layer >= 7 * layers / 8 || (layer - layers / 8) % 3 == 2;
}

GgmlType withFallback(GgmlType type, uint64_t rowLength)
{
    const auto fits = [&](GgmlType t) { return rowLength % typeTraits(t)->blockSize == 0; };
    if (fits(type))
        return type;
    if (type == GgmlType::Q4_K && fits(GgmlType::Q5_0))
        return GgmlType::Q5_0;
    if (type == GgmlType::Q6_K && fits(GgmlType::Q8_0))
        return GgmlType::Q8_0;
    return GgmlType::F16;
}

enum class Role { Output, Embedding, AttnV, FfnDown, Other };

GgmlType matrixType(const FileTypeInfo& ft, Role role, uint32_t layer, uint32_t layers, uint64_t rowLength)
{
    GgmlType type = ft.matrix;
    if (type == GgmlType::Q4_0 || type == GgmlType::Q4_K) {
        if (role == Role::Output)
            type = GgmlType::Q6_K;
        else if (type == GgmlType::Q4_K && (role == Role::AttnV || role == Role::FfnDown) &&
                 moreBitsLayer(layer, layers))
            type = GgmlType::Q6_K;
    }
    return withFallback(type, rowLength);
}

void checkShape(const ModelShape& s)
{
    const auto& arches = modelMakerArchitectures();
    if (std::find(arches.begin(), arches.end(), s.architecture) == arches.end())
        throw Error("unsupported architecture '" + s.architecture + "' (supported: llama, qwen2, qwen3)");
    if (!s.dim || !s.layers || !s.heads || !s.kvHeads || !s.ffn || !s.contextLength)
        throw Error("every model dimension (embedding, layers, heads, KV heads, FFN, context) must be above 0");
    // Limits only keep the arithmetic below far from overflow; real models are much smaller.
    if (s.dim > 65536 || s.ffn > 262144 || s.layers > 1024 || s.heads > 1024 || s.headDim > 1024)
        throw Error("model dimensions are too large");
    if (s.heads % s.kvHeads != 0)
        throw Error("the head count (" + std::to_string(s.heads) + ") must be a multiple of the KV head count (" +
                    std::to_string(s.kvHeads) + ")");
    if (s.headDim == 0 && s.dim % s.heads != 0)
        throw Error("the embedding size (" + std::to_string(s.dim) + ") must be a multiple of the head count (" +
                    std::to_string(s.heads) + ") unless a head size is given");
    if (s.effectiveHeadDim() % 2 != 0)
        throw Error("the head size must be even (RoPE rotates pairs)");
}

} // namespace

const std::vector<std::string>& modelMakerArchitectures()
{
    static const std::vector<std::string> kArches = {"llama", "qwen2", "qwen3"};
    return kArches;
}

const std::vector<std::string>& modelPresetNames()
{
    static const std::vector<std::string> kNames = {"tiny", "qwen2.5-0.5b", "llama-3.2-1b", "qwen3-0.6b"};
    return kNames;
}

const std::vector<std::string>& modelMakerFileTypes()
{
    static const std::vector<std::string> kLabels = [] {
        std::vector<std::string> v;
        for (const FileTypeInfo& f : kFileTypes)
            v.push_back(f.label);
        return v;
    }();
    return kLabels;
}

std::optional<ModelShape> modelPreset(std::string_view name, std::string_view architecture)
{
    if (name == "tiny") {
        const auto& arches = modelMakerArchitectures();
        if (std::find(arches.begin(), arches.end(), architecture) == arches.end())
            return std::nullopt;
        // dim 64 keeps the file at a few MB even with a 150k vocabulary;
        // ffn 256 gives ffn_down rows one K-quant block long, so Q4_K_M
        // still exercises Q4_K and Q6_K next to the Q5_0/Q8_0 fallbacks.
        ModelShape s;
        s.architecture = std::string(architecture);
        s.dim = 64;
        s.layers = 2;
        s.heads = 4;
        s.kvHeads = 2;
        s.ffn = 256;
        s.contextLength = 2048;
        if (architecture == "qwen3")
            s.headDim = 32; // qwen3's head size is independent of dim / heads
        return s;
    }
    // Real models' shapes (their config.json), each for its own architecture.
    struct Preset {
        const char* name;
        ModelShape shape;
    };
    static const Preset kPresets[] = {
        {"qwen2.5-0.5b", {"qwen2", 896, 24, 14, 2, 4864, 32768, 0, true, 1000000.0f, 1e-6f}},
        {"llama-3.2-1b", {"llama", 2048, 16, 32, 8, 8192, 131072, 0, true, 500000.0f, 1e-5f}},
        {"qwen3-0.6b", {"qwen3", 1024, 28, 16, 8, 3072, 40960, 128, true, 1000000.0f, 1e-6f}},
    };
    for (const Preset& p : kPresets)
        if (name == p.name && (architecture.empty() || architecture == p.shape.architecture))
            return p.shape;
    return std::nullopt;
}

std::vector<PlannedTensor> planModelTensors(const ModelShape& s, std::string_view fileType, uint32_t vocabSize)
{
    checkShape(s);
    const FileTypeInfo& ft = fileTypeInfo(fileType);
    if (vocabSize == 0)
        throw Error("the vocabulary has no tokens");
    const uint64_t dim = s.dim, hd = s.effectiveHeadDim(), q = s.heads * hd, kv = s.kvHeads * hd;
    using Init = PlannedTensor::Init;

    std::vector<PlannedTensor> out;
    const auto matrix = [&](std::string name, uint64_t cols, uint64_t rows, Role role, uint32_t layer) {
        out.push_back({std::move(name), {cols, rows}, matrixType(ft, role, layer, s.layers, cols), Init::Weight});
    };
    const auto oneDim = [&](std::string name, uint64_t n, Init init) {
        out.push_back({std::move(name), {n}, GgmlType::F32, init});
    };

    matrix("token_embd.weight", dim, vocabSize, s.tiedEmbeddings ? Role::Output : Role::Embedding, 0);
    for (uint32_t i = 0; i < s.layers; ++i) {
        const std::string b = "blk." + std::to_string(i) + ".";
        oneDim(b + "attn_norm.weight", dim, Init::Norm);
        matrix(b + "attn_q.weight", dim, q, Role::Other, i);
        matrix(b + "attn_k.weight", dim, kv, Role::Other, i);
        matrix(b + "attn_v.weight", dim, kv, Role::AttnV, i);
        if (s.architecture == "qwen2") {
            oneDim(b + "attn_q.bias", q, Init::Bias);
            oneDim(b + "attn_k.bias", kv, Init::Bias);
            oneDim(b + "attn_v.bias", kv, Init::Bias);
        }
        if (s.architecture == "qwen3") {
            oneDim(b + "attn_q_norm.weight", hd, Init::Norm);
            oneDim(b + "attn_k_norm.weight", hd, Init::Norm);
        }
        matrix(b + "attn_output.weight", q, dim, Role::Other, i);
        oneDim(b + "ffn_norm.weight", dim, Init::Norm);
        matrix(b + "ffn_gate.weight", dim, s.ffn, Role::Other, i);
        matrix(b + "ffn_up.weight", dim, s.ffn, Role::Other, i);
        matrix(b + "ffn_down.weight", s.ffn, dim, Role::FfnDown, i);
    }
    oneDim("output_norm.weight", dim, Init::Norm);
    if (!s.tiedEmbeddings)
        matrix("output.weight", dim, vocabSize, Role::Output, 0);
    return out;
}

} // namespace hearth
