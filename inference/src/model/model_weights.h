#pragma once

// The tensors of a model, looked up by their GGUF names and checked
// against the config's shapes, so a forward pass can use them blindly.

#include "model/model_config.h"

#include <vector>

namespace hearth {
struct GgufTensorInfo;
}

namespace hearth::model {

struct LayerWeights {
    const GgufTensorInfo* attnNorm = nullptr; // {dim} F32
    const GgufTensorInfo* wq = nullptr;       // {dim, qDim}
    const GgufTensorInfo* wk = nullptr;       // {dim, kvDim}
    const GgufTensorInfo* wv = nullptr;       // {dim, kvDim}
    const GgufTensorInfo* wo = nullptr;       // {qDim, dim}
    const GgufTensorInfo* bq = nullptr;       // {qDim} F32, attentionBiases only
    const GgufTensorInfo* bk = nullptr;       // {kvDim}
    const GgufTensorInfo* bv = nullptr;       // {kvDim}
    const GgufTensorInfo* qNorm = nullptr;    // {headDim} F32, qkNorm only
    const GgufTensorInfo* kNorm = nullptr;    // {headDim}
    const GgufTensorInfo* ffnNorm = nullptr;  // {dim} F32
    const GgufTensorInfo* gate = nullptr;     // {dim, ffn}
    const GgufTensorInfo* up = nullptr;       // {dim, ffn}
    const GgufTensorInfo* down = nullptr;     // {ffn, dim}
};

struct ModelWeights {
    const GgufTensorInfo* tokenEmbedding = nullptr; // {dim, vocab}
    const GgufTensorInfo* outputNorm = nullptr;     // {dim} F32
    const GgufTensorInfo* output = nullptr;         // {dim, vocab}; = tokenEmbedding when tied
    const GgufTensorInfo* ropeFactors = nullptr;    // {nRot / 2} F32 (Llama 3.1+ frequency scaling), optional
    std::vector<LayerWeights> layers;
};

// Throws hearth::Error naming the first missing or misshapen tensor.
ModelWeights findModelWeights(const GgufFile& file, const ModelConfig& config);

} // namespace hearth::model
