#include "engine/vulkan_forward.h"

#include "hearth/error.h"
#include "hearth/gguf.h"
#include "vulkan/context.h"
#include "vulkan/op_recorder.h"
#include "vulkan/ops_attention.h"
#include "vulkan/ops_elementwise.h"
#include "vulkan/ops_kv_shift.h"
#include "vulkan/ops_matmul.h"
#include "vulkan/ops_matvec.h"
#include "vulkan/ops_select.h"

#include <algorithm>
#include <cstring>

namespace hearth::engine {

namespace vops = vk::ops;
using model::ModelConfig;

namespace {

constexpr std::uint64_t kAlign = 256;
std::uint64_t alignUp(std::uint64_t v) { return (v + kAlign - 1) / kAlign * kAlign; }

std::uint64_t kvLayerBytes(const ModelConfig& c, std::uint32_t ctx) { return alignUp(std::uint64_t(ctx) * c.kvDim() * 2); }
std::uint64_t widest(const ModelConfig& c) { return std::max<std::uint64_t>(c.dim, c.qDim()); }
std::uint64_t selectScratchBytes(const ModelConfig& c)
{
    return std::max(vops::argmaxScratchBytes(c.vocab), vops::topKScratchBytes(c.vocab, vops::kMaxTopK));
}

} // namespace

std::uint64_t VulkanForward::plannedBytes(const ModelConfig& c, std::uint32_t ctx, std::uint32_t batch)
{
    const std::uint64_t b = batch;
    const std::uint64_t activations =
        4 * b * (c.dim + widest(c) + 2ull * c.qDim() + 4ull * c.kvDim() + 2ull * c.ffn + widest(c));
    return 2 * c.layers * kvLayerBytes(c, ctx) + activations + 4ull * c.vocab + selectScratchBytes(c) +
           4ull * b * c.dim;
}

VulkanForward::Scratch VulkanForward::scratch(std::uint64_t bytes, vk::MemoryUse use)
{
    Scratch s;
    s.buffer = vk::Buffer(context_, std::max<std::uint64_t>(bytes, 16), use);
    return s;
}

VulkanForward::VulkanForward(vk::Context& context, const GgufFile& file, const ModelConfig& config,
                             const model::ModelWeights& weights, const DeviceWeights& device,
                             std::uint32_t contextLength, std::uint32_t batchSize)
    : context_(context), file_(file), config_(config), weights_(weights), device_(device),
      contextLength_(contextLength), batchSize_(std::max<std::uint32_t>(1, std::min(batchSize, contextLength)))
{
    const ModelConfig& c = config_;
    const std::uint64_t b = batchSize_;
    ids_ = scratch(4 * b, vk::MemoryUse::HostVisible);
    positions_ = scratch(4 * b, vk::MemoryUse::HostVisible);
    x_ = scratch(4 * b * c.dim);
    h_ = scratch(4 * b * widest(c));
    q_ = scratch(4 * b * c.qDim());
    k_ = scratch(4 * b * c.kvDim());
    v_ = scratch(4 * b * c.kvDim());
    qRoped_ = scratch(4 * b * c.qDim());
    kRoped_ = scratch(4 * b * c.kvDim());
    attn_ = scratch(4 * b * c.qDim());
    ffnGate_ = scratch(4 * b * c.ffn);
    ffnUp_ = scratch(4 * b * c.ffn);
    tmp_ = scratch(4 * b * widest(c));
    lastRow_ = scratch(4ull * c.dim);
    lastNormed_ = scratch(4ull * c.dim);
    logits_ = scratch(4ull * c.vocab);
    selectScratch_ = scratch(selectScratchBytes(c));
    selectIds_ = scratch(4 * vops::kMaxTopK, vk::MemoryUse::HostVisible);
    selectValues_ = scratch(4 * vops::kMaxTopK, vk::MemoryUse::HostVisible);
    layerCacheBytes_ = kvLayerBytes(c, contextLength_);
    kCache_ = scratch(layerCacheBytes_ * c.layers);
    vCache_ = scratch(layerCacheBytes_ * c.layers);
    // The GPU gathers embedding rows when it can bind the whole table; big
    // vocabularies (151936 x 896 Q8_0 is 145 MB, past lavapipe's 128 MiB
    // range) and types without a gather kernel are gathered on the CPU.
    const vk::TensorView& table = device_[weights_.tokenEmbedding];
    gatherOnGpu_ = vops::getRowsSupported(table.type) && table.bytes() <= context.info().maxStorageBufferRange;
    if (!gatherOnGpu_)
        embedStaging_ = scratch(4 * b * c.dim, vk::MemoryUse::HostVisible);
}

void VulkanForward::linear(vk::OpRecorder& rec, const GgufTensorInfo* w, const vk::TensorView& x,
                           const vk::TensorView& y, std::uint32_t n, const GgufTensorInfo* bias,
                           const vk::TensorView* residual)
{
    const vk::TensorView& weight = device_[w];
    const vk::TensorView* biasView = bias ? &device_[bias] : nullptr;
    const std::uint64_t cols = weight.shape[0], rows = weight.shape[1];
    const std::uint64_t kMultiple = std::max<std::uint64_t>(32, typeTraits(weight.type)->blockSize);
    if (n > 1 && vops::matMulSupported(weight.type) && cols % kMultiple == 0) {
        const vk::TensorView& out = residual ? *residual : y;
        vops::matMul(rec, weight, vk::TensorView{x.buffer, x.offset, GgmlType::F32, {cols, n, 1, 1}},
                     vk::TensorView{out.buffer, out.offset, GgmlType::F32, {rows, n, 1, 1}});
        if (biasView)
            vops::binary(rec, vops::BinaryOp::Add, out, *biasView, out);
        if (residual)
            vops::binary(rec, vops::BinaryOp::Add, y, *residual, y);
        return;
    }
    // Decode, and odd row lengths (tiny models): one mat-vec per token.
    for (std::uint32_t t = 0; t < n; ++t) {
        vk::TensorView xt{x.buffer, x.offset + 4 * cols * t, GgmlType::F32, {cols, 1, 1, 1}};
        vk::TensorView yt{y.buffer, y.offset + 4 * rows * t, GgmlType::F32, {rows, 1, 1, 1}};
        vops::matVec(rec, weight, xt, yt, {}, {biasView, residual != nullptr});
    }
}

void VulkanForward::embed(vk::OpRecorder& rec, std::span<const std::int32_t> tokens, const vk::TensorView& out)
{
    const vk::TensorView& table = device_[weights_.tokenEmbedding];
    const auto n = std::uint64_t(tokens.size());
    if (gatherOnGpu_) {
        vops::getRows(rec, table, ids_.view(GgmlType::I32, {n, 1, 1, 1}), out);
        return;
    }
    // Gather on the CPU from the mapped file, then copy in the same command buffer.
    const GgufTensorInfo& t = *weights_.tokenEmbedding;
    const std::span<const std::byte> data = file_.tensorData(t);
    const std::uint64_t rowBytes = hearth::rowBytes(t.type, config_.dim);
    auto* staging = static_cast<float*>(embedStaging_.buffer.mapped());
    for (std::uint64_t i = 0; i < n; ++i)
        dequantize(t.type, data.data() + rowBytes * std::uint64_t(tokens[i]), staging + i * config_.dim, config_.dim);
    rec.copy({&embedStaging_.buffer, 0, 4 * n * config_.dim}, out.range());
}

void VulkanForward::recordLayer(vk::OpRecorder& rec, std::uint32_t layer, std::uint32_t n, std::uint32_t pos)
{
    const ModelConfig& c = config_;
    const model::LayerWeights& l = weights_.layers[layer];
    const std::uint64_t hd = c.headDim;
    const auto x = f32(x_, c.dim, n), h = f32(h_, c.dim, n);
    const auto q = f32(q_, c.qDim(), n), k = f32(k_, c.kvDim(), n), v = f32(v_, c.kvDim(), n);

    vops::rmsNorm(rec, x, device_[l.attnNorm], h, c.rmsEpsilon);
    linear(rec, l.wq, h, q, n, l.bq);
    linear(rec, l.wk, h, k, n, l.bk);
    linear(rec, l.wv, h, v, n, l.bv);
    // Q and K per head, {headDim, heads, n}; Qwen3 normalises each head first.
    vk::TensorView qHeads = f32(q_, hd, c.heads, n), kHeads = f32(k_, hd, c.kvHeads, n);
    if (l.qNorm) {
        const auto qNormed = f32(attn_, hd, c.heads * std::uint64_t(n));
        const auto kNormed = f32(tmp_, hd, c.kvHeads * std::uint64_t(n));
        vops::rmsNorm(rec, f32(q_, hd, c.heads * std::uint64_t(n)), device_[l.qNorm], qNormed, c.rmsEpsilon);
        vops::rmsNorm(rec, f32(k_, hd, c.kvHeads * std::uint64_t(n)), device_[l.kNorm], kNormed, c.rmsEpsilon);
        qHeads = f32(attn_, hd, c.heads, n);
        kHeads = f32(tmp_, hd, c.kvHeads, n);
    }
    const auto positions = positions_.view(GgmlType::I32, {n, 1, 1, 1});
    const vk::TensorView* factors = ropeFactors();
    const auto qRoped = f32(qRoped_, hd, c.heads, n), kRoped = f32(kRoped_, hd, c.kvHeads, n);
    vops::rope(rec, c.rope, qHeads, positions, qRoped, factors);
    vops::rope(rec, c.rope, kHeads, positions, kRoped, factors);

    const auto kCache = layerCache(kCache_, layer), vCache = layerCache(vCache_, layer);
    vops::kvWrite(rec, kRoped, f32(v_, hd, c.kvHeads, n), kCache, vCache, pos);
    const auto attn = f32(attn_, hd, c.heads, n);
    vops::attention(rec, qRoped, kCache, vCache, pos + n, pos, attn);

    const auto projected = f32(tmp_, c.dim, n); // the residual branch, for prompt batches
    linear(rec, l.wo, f32(attn_, c.qDim(), n), x, n, nullptr, &projected);

    vops::rmsNorm(rec, x, device_[l.ffnNorm], h, c.rmsEpsilon);
    const auto gate = f32(ffnGate_, c.ffn, n), up = f32(ffnUp_, c.ffn, n);
    linear(rec, l.gate, h, gate, n);
    linear(rec, l.up, h, up, n);
    vops::glu(rec, c.arch.feedForward, gate, up, gate);
    linear(rec, l.down, gate, x, n, nullptr, &projected);
}

void VulkanForward::record(vk::OpRecorder& rec, std::span<const std::int32_t> tokens, std::uint32_t pos,
                           bool allLogits)
{
    const ModelConfig& c = config_;
    const auto n = std::uint32_t(tokens.size());
    if (n == 0 || n > batchSize_ || std::uint64_t(pos) + n > contextLength_)
        throw Error("Internal error: a forward step of " + std::to_string(n) + " tokens at position " +
                    std::to_string(pos) + " does not fit");
    for (std::int32_t t : tokens)
        if (t < 0 || std::uint32_t(t) >= c.vocab)
            throw Error("The token id " + std::to_string(t) + " is outside the model's vocabulary of " +
                        std::to_string(c.vocab) + ".");
    std::memcpy(ids_.buffer.mapped(), tokens.data(), 4ull * n);
    auto* positions = static_cast<std::int32_t*>(positions_.buffer.mapped());
    for (std::uint32_t i = 0; i < n; ++i)
        positions[i] = std::int32_t(pos + i);

    const auto x = f32(x_, c.dim, n);
    embed(rec, tokens, x);
    for (std::uint32_t layer = 0; layer < c.layers; ++layer)
        recordLayer(rec, layer, n, pos);

    const vk::TensorView& outputNorm = device_[weights_.outputNorm];
    if (allLogits) {
        const std::uint64_t bytes = 4ull * c.vocab * n;
        if (!allLogits_ || allLogits_->buffer.size() < bytes)
            allLogits_ = std::make_unique<Scratch>(scratch(bytes));
        const auto h = f32(h_, c.dim, n);
        vops::rmsNorm(rec, x, outputNorm, h, c.rmsEpsilon);
        linear(rec, weights_.output, h, f32(*allLogits_, c.vocab, n), n);
        return;
    }
    vk::TensorView last = f32(x_, c.dim);
    if (n > 1) {
        rec.copy({&x_.buffer, 4ull * c.dim * (n - 1), 4ull * c.dim}, {&lastRow_.buffer, 0, 4ull * c.dim});
        last = f32(lastRow_, c.dim);
    }
    const auto normed = f32(lastNormed_, c.dim);
    vops::rmsNorm(rec, last, outputNorm, normed, c.rmsEpsilon);
    vops::matVec(rec, device_[weights_.output], normed, f32(logits_, c.vocab));
}

void VulkanForward::recordArgmax(vk::OpRecorder& rec)
{
    vops::argmax(rec, f32(logits_, config_.vocab), {&selectScratch_.buffer, 0, selectScratch_.buffer.size()},
                 selectIds_.view(GgmlType::I32, {1, 1, 1, 1}), f32(selectValues_, 1));
}

void VulkanForward::recordTopK(vk::OpRecorder& rec, std::uint32_t k)
{
    vops::topK(rec, f32(logits_, config_.vocab), k, {&selectScratch_.buffer, 0, selectScratch_.buffer.size()},
               selectIds_.view(GgmlType::I32, {k, 1, 1, 1}), f32(selectValues_, k));
}

std::int32_t VulkanForward::argmaxResult() const
{
    return *static_cast<const std::int32_t*>(selectIds_.buffer.mapped());
}

void VulkanForward::topKResult(std::uint32_t k, std::vector<std::int32_t>& ids, std::vector<float>& values) const
{
    const auto* i = static_cast<const std::int32_t*>(selectIds_.buffer.mapped());
    const auto* v = static_cast<const float*>(selectValues_.buffer.mapped());
    ids.assign(i, i + k);
    values.assign(v, v + k);
}

std::vector<float> VulkanForward::logitsResult() const
{
    std::vector<float> out(config_.vocab);
    logits_.buffer.download(std::as_writable_bytes(std::span(out)));
    return out;
}

std::vector<float> VulkanForward::allLogitsResult(std::uint32_t n) const
{
    std::vector<float> out(std::size_t(config_.vocab) * n);
    if (allLogits_)
        allLogits_->buffer.download(std::as_writable_bytes(std::span(out)));
    return out;
}

vk::TensorView VulkanForward::layerCache(const Scratch& cache, std::uint32_t layer) const
{
    return cache.view(GgmlType::F16, {config_.headDim, config_.kvHeads, contextLength_, 1}, layerCacheBytes_ * layer);
}

std::vector<std::uint16_t> VulkanForward::cacheRows(bool keys, std::uint32_t layer, std::uint32_t rows) const
{
    std::vector<std::uint16_t> out(std::size_t(rows) * config_.kvDim());
    (keys ? kCache_ : vCache_).buffer.download(std::as_writable_bytes(std::span(out)), layerCacheBytes_ * layer);
    return out;
}

const vk::TensorView* VulkanForward::ropeFactors() const
{
    return weights_.ropeFactors ? &device_[weights_.ropeFactors] : nullptr;
}

bool VulkanForward::canShift() const { return vops::kvShiftSupported(config_.rope); }

void VulkanForward::recordRemoveTokens(vk::OpRecorder& rec, std::uint32_t begin, std::uint32_t end,
                                       std::uint32_t length)
{
    const vk::TensorView* factors = ropeFactors();
    for (std::uint32_t layer = 0; layer < config_.layers; ++layer)
        vops::kvShift(rec, config_.rope, layerCache(kCache_, layer), layerCache(vCache_, layer), begin, end, length,
                      factors);
}

} // namespace hearth::engine
