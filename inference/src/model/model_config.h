#pragma once

// The hyper-parameters a forward pass needs, read and checked from a GGUF
// header. Everything that can be wrong with them is reported here, in
// words a user understands, before any memory is allocated.

#include "model/architecture.h"
#include "ops/op_params.h"

#include <cstdint>

namespace hearth {
class GgufFile;
struct ModelSummary;
}

namespace hearth::model {

struct ModelConfig {
    Architecture arch;
    std::uint32_t dim = 0;     // embedding length
    std::uint32_t layers = 0;
    std::uint32_t heads = 0;
    std::uint32_t kvHeads = 0;
    std::uint32_t headDim = 0;
    std::uint32_t ffn = 0;     // feed-forward length
    std::uint32_t vocab = 0;   // rows of token_embd.weight (= logits per position)
    std::uint32_t trainedContext = 0;
    float rmsEpsilon = 1e-5f;
    ops::RopeParams rope;      // mode, head dim, rotated dims, base and linear scale
    bool tiedOutput = false;   // no output.weight: logits reuse token_embd.weight

    std::uint32_t qDim() const { return heads * headDim; }
    std::uint32_t kvDim() const { return kvHeads * headDim; }
};

// Throws hearth::Error for an unsupported architecture (listing the
// supported ones) or an inconsistent shape.
ModelConfig readModelConfig(const GgufFile& file);
// The same from a summary the caller already made of `file`.
ModelConfig readModelConfig(const GgufFile& file, const ModelSummary& summary);

} // namespace hearth::model
