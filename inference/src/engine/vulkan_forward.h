#pragma once

// The transformer forward pass on Vulkan for one session: its KV cache,
// its scratch buffers, and the recording of one step (a batch of prompt
// tokens, or the one token of a decode step) as a single command buffer,
// followed by the selection (argmax / top-k) that sampling needs.

#include "engine/device_weights.h"
#include "model/model_config.h"
#include "model/model_weights.h"
#include "vulkan/buffer.h"
#include "vulkan/tensor.h"

#include <cstdint>
#include <memory>
#include <span>
#include <vector>

namespace hearth {
class GgufFile;
}
namespace hearth::vk {
class OpRecorder;
}

namespace hearth::engine {

class VulkanForward {
public:
    VulkanForward(vk::Context& context, const GgufFile& file, const model::ModelConfig& config,
                  const model::ModelWeights& weights, const DeviceWeights& device, std::uint32_t contextLength,
                  std::uint32_t batchSize);

    // Device memory a session of this shape allocates (KV cache + scratch).
    static std::uint64_t plannedBytes(const model::ModelConfig& config, std::uint32_t contextLength,
                                      std::uint32_t batchSize);

    std::uint32_t contextLength() const { return contextLength_; }
    std::uint32_t batchSize() const { return batchSize_; }

    // Records the forward pass of tokens at positions pos .. pos+n-1
    // (n <= batchSize, pos + n <= contextLength): the KV cache gets their
    // keys and values, and logits() the last token's logits (allLogits:
    // allLogits() gets every token's).
    void record(vk::OpRecorder& rec, std::span<const std::int32_t> tokens, std::uint32_t pos, bool allLogits);

    // Records dropping cache rows [begin, end) of every layer: rows up to
    // `length` move down, keys re-rotated (ops_kv_shift.h). Only when
    // canShift(): the model's RoPE form allows it.
    bool canShift() const;
    void recordRemoveTokens(vk::OpRecorder& rec, std::uint32_t begin, std::uint32_t end, std::uint32_t length);

    // Selection over logits(), recorded after record().
    void recordArgmax(vk::OpRecorder& rec);
    void recordTopK(vk::OpRecorder& rec, std::uint32_t k);

    // Read-back after the recorder was submitted.
    std::int32_t argmaxResult() const;
    void topKResult(std::uint32_t k, std::vector<std::int32_t>& ids, std::vector<float>& values) const;
    std::vector<float> logitsResult() const;                // [vocab]
    std::vector<float> allLogitsResult(std::uint32_t n) const; // [n][vocab]
    // The f16 K (keys) or V cache rows [0, rows) of `layer` (tests).
    std::vector<std::uint16_t> cacheRows(bool keys, std::uint32_t layer, std::uint32_t rows) const;

private:
    struct Scratch {
        vk::Buffer buffer;
        vk::TensorView view(GgmlType type, std::array<std::uint64_t, 4> shape, std::uint64_t offset = 0) const
        {
            return {&buffer, offset, type, shape};
        }
    };
    Scratch scratch(std::uint64_t bytes, vk::MemoryUse use = vk::MemoryUse::DeviceLocal);
    vk::TensorView f32(const Scratch& s, std::uint64_t n0, std::uint64_t n1 = 1, std::uint64_t n2 = 1) const
    {
        return s.view(GgmlType::F32, {n0, n1, n2, 1});
    }
    // y {rows, n} = W x (+ bias {rows}) for x {cols, n}; with `residual`
    // (scratch of y's size), y += W x instead. A mat-vec (decode) adds both
    // in its own dispatch; a prompt batch's mat-mat writes the scratch and
    // separate ops add.
    void linear(vk::OpRecorder& rec, const GgufTensorInfo* w, const vk::TensorView& x, const vk::TensorView& y,
                std::uint32_t n, const GgufTensorInfo* bias = nullptr, const vk::TensorView* residual = nullptr);
    void embed(vk::OpRecorder& rec, std::span<const std::int32_t> tokens, const vk::TensorView& out);
    void recordLayer(vk::OpRecorder& rec, std::uint32_t layer, std::uint32_t n, std::uint32_t pos);
    vk::TensorView layerCache(const Scratch& cache, std::uint32_t layer) const; // F16 {headDim, kvHeads, ctx}
    const vk::TensorView* ropeFactors() const; // the model's RoPE frequency factors, nullptr without

    vk::Context& context_;
    const GgufFile& file_;
    const model::ModelConfig& config_;
    const model::ModelWeights& weights_;
    const DeviceWeights& device_;
    std::uint32_t contextLength_;
    std::uint32_t batchSize_;

    // Host-visible inputs: token ids and positions of the step.
    Scratch ids_, positions_;
    Scratch x_, h_, q_, k_, v_, qRoped_, kRoped_, attn_, ffnGate_, ffnUp_, tmp_;
    Scratch lastRow_, lastNormed_, logits_;
    std::unique_ptr<Scratch> allLogits_; // [n][vocab], made on first use
    Scratch selectScratch_, selectIds_, selectValues_;
    Scratch kCache_, vCache_; // every layer's, one after the other
    bool gatherOnGpu_ = true;
    Scratch embedStaging_;    // CPU-gathered embeddings when the GPU cannot gather the table
    std::uint64_t layerCacheBytes_ = 0;
};

} // namespace hearth::engine
