#include "model/cpu_forward.h"

#include "hearth/error.h"
#include "ops/cpu_attention.h"
#include "ops/cpu_matmul.h"
#include "ops/cpu_reference.h"

#include <new>
#include <string>

namespace hearth::model {

namespace {

// Norms, biases and RoPE factors are small F32 vectors (checked by
// findModelWeights); copying them avoids reading floats through byte spans.
std::vector<float> loadVector(const GgufFile& file, const GgufTensorInfo* t)
{
    if (!t)
        return {};
    std::vector<float> v(t->elements());
    dequantize(t->type, file.tensorData(*t).data(), v.data(), v.size());
    return v;
}

void addInPlace(std::vector<float>& x, std::span<const float> y)
{
    ops::cpu::binary(ops::BinaryOp::Add, x, y, x);
}

} // namespace

CpuForward::CpuForward(const GgufFile& file, std::uint32_t contextLength)
    : file_(file), config_(readModelConfig(file)), weights_(findModelWeights(file, config_)),
      contextLength_(contextLength)
{
    if (contextLength == 0)
        throw Error("The context length must be at least 1 token.");
    outputNorm_ = loadVector(file_, weights_.outputNorm);
    ropeFactors_ = loadVector(file_, weights_.ropeFactors);
    layers_.resize(config_.layers);
    for (std::uint32_t i = 0; i < config_.layers; ++i) {
        const LayerWeights& w = weights_.layers[i];
        LayerData& l = layers_[i];
        l.attnNorm = loadVector(file_, w.attnNorm);
        l.ffnNorm = loadVector(file_, w.ffnNorm);
        l.bq = loadVector(file_, w.bq);
        l.bk = loadVector(file_, w.bk);
        l.bv = loadVector(file_, w.bv);
        l.qNorm = loadVector(file_, w.qNorm);
        l.kNorm = loadVector(file_, w.kNorm);
    }
    // A context far beyond the machine's memory is a user's choice, not a crash.
    const std::size_t cacheSize = std::size_t(contextLength) * config_.kvDim();
    try {
        for (LayerData& l : layers_) {
            l.kCache.assign(cacheSize, 0);
            l.vCache.assign(cacheSize, 0);
        }
    } catch (const std::bad_alloc&) {
        throw Error("Not enough memory for a context of " + std::to_string(contextLength) +
                    " tokens with this model; choose a shorter context.");
    }
}

std::vector<float> CpuForward::project(const GgufTensorInfo& w, std::span<const float> x, std::size_t count) const
{
    // matMul dequantises each weight row once for all tokens and sums in
    // the same order as matVec, so a batch gives bit-identical rows.
    const std::vector<double> y = ops::cpu::matMul(w.type, file_.tensorData(w), std::uint32_t(w.dims[1]),
                                                   std::uint32_t(w.dims[0]), x, std::uint32_t(count));
    return std::vector<float>(y.begin(), y.end());
}

void CpuForward::attentionBlock(std::uint32_t layer, std::vector<float>& x, std::span<const std::int32_t> positions,
                                std::uint32_t pos)
{
    const ModelConfig& c = config_;
    const LayerWeights& w = weights_.layers[layer];
    LayerData& l = layers_[layer];
    const std::size_t n = positions.size();

    std::vector<float> h(x.size());
    ops::cpu::rmsNorm(x, l.attnNorm, h, c.dim, c.rmsEpsilon);
    const int li = int(layer);
    trace("attn_norm", li, h);
    std::vector<float> q = project(*w.wq, h, n);
    std::vector<float> k = project(*w.wk, h, n);
    std::vector<float> v = project(*w.wv, h, n);
    if (!l.bq.empty()) {
        addInPlace(q, l.bq);
        addInPlace(k, l.bk);
        addInPlace(v, l.bv);
    }
    if (!l.qNorm.empty()) { // Qwen3: each head normalised on its own, before RoPE
        ops::cpu::rmsNorm(q, l.qNorm, q, c.headDim, c.rmsEpsilon);
        ops::cpu::rmsNorm(k, l.kNorm, k, c.headDim, c.rmsEpsilon);
    }
    std::vector<float> qr(q.size()), kr(k.size());
    ops::cpu::rope(c.rope, q, positions, qr, c.heads, ropeFactors_);
    ops::cpu::rope(c.rope, k, positions, kr, c.kvHeads, ropeFactors_);
    trace("q", li, qr);
    trace("k", li, kr);
    trace("v", li, v);

    const ops::cpu::AttentionShape shape{c.headDim, c.heads, c.kvHeads};
    ops::cpu::kvWrite(kr, l.kCache, shape, pos);
    ops::cpu::kvWrite(v, l.vCache, shape, pos);
    std::vector<float> attn(qr.size());
    ops::cpu::attention(shape, qr, l.kCache, l.vCache, pos + std::uint32_t(n), pos, attn);
    trace("attn_out", li, attn);
    addInPlace(x, project(*w.wo, attn, n));
    trace("attn_residual", li, x);
}

void CpuForward::feedForwardBlock(std::uint32_t layer, std::vector<float>& x) const
{
    const ModelConfig& c = config_;
    const LayerWeights& w = weights_.layers[layer];
    const std::size_t n = x.size() / c.dim;

    std::vector<float> h(x.size());
    ops::cpu::rmsNorm(x, layers_[layer].ffnNorm, h, c.dim, c.rmsEpsilon);
    trace("ffn_norm", int(layer), h);
    const std::vector<float> gate = project(*w.gate, h, n);
    const std::vector<float> up = project(*w.up, h, n);
    std::vector<float> act(gate.size());
    ops::cpu::glu(c.arch.feedForward, gate, up, act);
    trace("ffn_act", int(layer), act);
    addInPlace(x, project(*w.down, act, n));
    trace("layer_out", int(layer), x);
}

std::vector<float> CpuForward::eval(std::span<const std::int32_t> tokens, std::uint32_t pos, bool allLogits)
{
    const ModelConfig& c = config_;
    if (tokens.empty())
        throw Error("Nothing to evaluate: the token list is empty.");
    if (pos > cached_)
        throw Error("Cannot evaluate at position " + std::to_string(pos) + ": only " + std::to_string(cached_) +
                    " positions have been evaluated so far.");
    if (tokens.size() > contextLength_ - pos)
        throw Error("The conversation does not fit in the context: " + std::to_string(pos + tokens.size()) +
                    " tokens, but the context holds " + std::to_string(contextLength_) + ".");
    for (const std::int32_t t : tokens)
        if (t < 0 || std::uint32_t(t) >= c.vocab)
            throw Error("The token id " + std::to_string(t) + " is not in the model's vocabulary of " +
                        std::to_string(c.vocab) + " tokens.");

    const std::size_t n = tokens.size();
    std::vector<std::int32_t> positions(n);
    for (std::size_t i = 0; i < n; ++i)
        positions[i] = std::int32_t(pos + i);

    // Anything past the new tokens is stale from here on.
    cached_ = pos;
    std::vector<float> x(n * c.dim);
    ops::cpu::getRows(weights_.tokenEmbedding->type, file_.tensorData(*weights_.tokenEmbedding), c.dim, tokens, x);
    trace("embedding", -1, x);
    for (std::uint32_t layer = 0; layer < c.layers; ++layer) {
        attentionBlock(layer, x, positions, pos);
        feedForwardBlock(layer, x);
    }
    cached_ = pos + std::uint32_t(n);

    // Only the rows whose logits are wanted go through the output matrix.
    const std::size_t first = allLogits ? 0 : n - 1;
    const std::span<const float> rows = std::span<const float>(x).subspan(first * c.dim);
    std::vector<float> h(rows.size());
    ops::cpu::rmsNorm(rows, outputNorm_, h, c.dim, c.rmsEpsilon);
    trace("output_norm", -1, h);
    return project(*weights_.output, h, n - first);
}

} // namespace hearth::model
