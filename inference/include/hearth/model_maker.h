#pragma once

// Synthetic models: GGUF files with a real architecture's metadata, tensor
// names, shapes and per-tensor quantisation types, a real tokenizer copied
// from a vocabulary GGUF, and seeded random weights. They exercise the whole
// loading and inference path (and memory/speed measurements) without
// downloading multi-gigabyte models; their output is of course gibberish.

#include "hearth/tensor_types.h"

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace hearth {

struct ModelShape {
    std::string architecture; // "llama", "qwen2" or "qwen3"
    uint32_t dim = 0;         // embedding length
    uint32_t layers = 0;
    uint32_t heads = 0;
    uint32_t kvHeads = 0;
    uint32_t ffn = 0;         // feed-forward length
    uint32_t contextLength = 0;
    uint32_t headDim = 0;     // 0: dim / heads
    bool tiedEmbeddings = false; // no output.weight: the output reuses token_embd
    float ropeFreqBase = 0;   // 0: the architecture's usual value
    float rmsEpsilon = 0;     // 0: the architecture's usual value

    uint32_t effectiveHeadDim() const { return headDim ? headDim : (heads ? dim / heads : 0); }
};

// Architectures makeModel can write.
const std::vector<std::string>& modelMakerArchitectures();
// Preset names ("tiny", "qwen2.5-0.5b", "llama-3.2-1b", "qwen3-0.6b").
const std::vector<std::string>& modelPresetNames();

// The shape of preset `name`. "tiny" (a model of a few MB for tests) exists
// for every supported architecture; the others are the real models' shapes
// and exist only for their own architecture ("" accepts it). nullopt when
// there is no such preset for `architecture`.
std::optional<ModelShape> modelPreset(std::string_view name, std::string_view architecture);

struct MakeModelOptions {
    ModelShape shape;
    std::string fileType;             // "Q4_K_M", "Q8_0", "Q4_0", "F16" or "F32" (case-insensitive)
    std::filesystem::path vocabulary; // a GGUF whose tokenizer.* keys are copied
    uint64_t seed = 1;
    std::string name;                 // general.name; empty: a generated description
    // Called as weights are generated (every few million), with the weights
    // done so far and the total; writing the file follows done == total.
    std::function<void(uint64_t done, uint64_t total)> progress;
};

// File types makeModel accepts, as labels.
const std::vector<std::string>& modelMakerFileTypes();

// Writes the model to `output` (atomically). Same options, same bytes.
// Throws hearth::Error for an unsupported architecture or file type, an
// inconsistent shape, an unreadable vocabulary, or a write failure.
void makeModel(const MakeModelOptions& options, const std::filesystem::path& output);

// The tensors makeModel writes, in file order, with the type each gets
// under `fileType` (see model_plan.cpp for the rules). Throws like makeModel.
struct PlannedTensor {
    enum class Init { Weight, Norm, Bias }; // how its values are drawn
    std::string name;
    std::vector<uint64_t> dims; // ggml order: dims[0] is the row length
    GgmlType type = GgmlType::F32;
    Init init = Init::Weight;
};
std::vector<PlannedTensor> planModelTensors(const ModelShape& shape, std::string_view fileType, uint32_t vocabSize);

} // namespace hearth
