#pragma once

// The CPU reference forward pass: llama.cpp's computation for the
// supported architectures (architecture.h), built only from the CPU
// reference ops (ops/cpu_reference.h, ops/cpu_attention.h), which
// accumulate in double. It is the oracle the Vulkan forward pass is tested
// against, not a fast backend: weights are dequantised row by row on every
// use, so memory stays at the mapped file plus the KV cache.

#include "hearth/gguf.h"
#include "model/model_config.h"
#include "model/model_weights.h"

#include <cstdint>
#include <functional>
#include <span>
#include <string_view>
#include <vector>

namespace hearth::model {

class CpuForward {
public:
    // Reads and checks the config and tensors of `file` (which is kept
    // alive by this object) and allocates an f16 KV cache of
    // `contextLength` positions. Throws hearth::Error for an unsupported
    // or inconsistent model, or a context length of 0.
    CpuForward(const GgufFile& file, std::uint32_t contextLength);

    const ModelConfig& config() const { return config_; }
    std::uint32_t contextLength() const { return contextLength_; }
    // Positions whose keys and values are in the cache (0 after construction).
    std::uint32_t cachedPositions() const { return cached_; }

    // Evaluates `tokens` at positions pos .. pos+n-1. The cache keeps
    // positions < pos and overwrites the rest, so re-evaluating from an
    // earlier position reuses the prefix. Returns the logits of every
    // token ([n][vocab]) when `allLogits`, else only of the last ([vocab]).
    // Throws hearth::Error for no tokens, a token id outside the vocabulary,
    // pos beyond the cached positions, or pos + n beyond the context.
    std::vector<float> eval(std::span<const std::int32_t> tokens, std::uint32_t pos, bool allLogits = false);

    // Called during eval() with each intermediate result, to find the first
    // op where another implementation departs from this one. `layer` is -1
    // outside the layers; `values` holds one row per evaluated token:
    //   "embedding"; per layer "attn_norm", "q", "k" (after Q/K norm and
    //   RoPE), "v", "attn_out" (before W_o), "attn_residual", "ffn_norm",
    //   "ffn_act" (the gated activation), "layer_out"; then "output_norm"
    //   (only the rows whose logits are returned).
    using Trace = std::function<void(std::string_view name, int layer, std::span<const float> values)>;
    void setTrace(Trace trace) { trace_ = std::move(trace); }

private:
    struct LayerData {
        std::vector<float> attnNorm, ffnNorm;
        std::vector<float> bq, bk, bv;     // empty without attention biases
        std::vector<float> qNorm, kNorm;   // empty without Q/K norms
        std::vector<std::uint16_t> kCache; // [contextLength][kvHeads][headDim] f16
        std::vector<std::uint16_t> vCache;
    };

    // y[t] = W x[t] for each of the `count` rows of x.
    std::vector<float> project(const GgufTensorInfo& w, std::span<const float> x, std::size_t count) const;
    void attentionBlock(std::uint32_t layer, std::vector<float>& x, std::span<const std::int32_t> positions,
                        std::uint32_t pos);
    void feedForwardBlock(std::uint32_t layer, std::vector<float>& x) const;
    void trace(std::string_view name, int layer, std::span<const float> values) const
    {
        if (trace_)
            trace_(name, layer, values);
    }

    GgufFile file_;
    ModelConfig config_;
    ModelWeights weights_;
    std::uint32_t contextLength_ = 0;
    std::uint32_t cached_ = 0;
    std::vector<float> outputNorm_;
    std::vector<float> ropeFactors_; // empty unless rope_freqs.weight exists
    std::vector<LayerData> layers_;
    Trace trace_;
};

} // namespace hearth::model
