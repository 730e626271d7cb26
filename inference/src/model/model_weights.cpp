#include "model/model_weights.h"

#include "hearth/error.h"
#include "hearth/gguf.h"

#include <string>

namespace hearth::model {

namespace {

std::string shapeText(const std::vector<std::uint64_t>& dims)
{
    std::string s = "[";
    for (size_t i = 0; i < dims.size(); ++i)
        s += (i ? ", " : "") + std::to_string(dims[i]);
    return s + "]";
}

class TensorFinder {
public:
    explicit TensorFinder(const GgufFile& file) : file_(file) {}

    // `dims` in ggml order; 1-D tensors must be F32 (norms and biases feed
    // element-wise ops directly).
    const GgufTensorInfo* require(const std::string& name, std::vector<std::uint64_t> dims) const
    {
        const GgufTensorInfo* t = file_.findTensor(name);
        if (!t)
            fail("the tensor " + name + " is missing");
        check(*t, dims);
        return t;
    }

    const GgufTensorInfo* optional(const std::string& name, std::vector<std::uint64_t> dims) const
    {
        const GgufTensorInfo* t = file_.findTensor(name);
        if (t)
            check(*t, dims);
        return t;
    }

private:
    void check(const GgufTensorInfo& t, const std::vector<std::uint64_t>& dims) const
    {
        if (t.dims != dims)
            fail("the tensor " + t.name + " has shape " + shapeText(t.dims) + ", expected " + shapeText(dims));
        if (dims.size() == 1 && t.type != GgmlType::F32)
            fail("the tensor " + t.name + " is " + typeName(t.type) + ", expected F32");
    }

    [[noreturn]] void fail(const std::string& what) const
    {
        throw Error("The model file " + file_.path().filename().string() + " cannot be run: " + what + ".");
    }

    const GgufFile& file_;
};

} // namespace

ModelWeights findModelWeights(const GgufFile& file, const ModelConfig& c)
{
    const TensorFinder find(file);
    ModelWeights w;
    w.tokenEmbedding = find.require("token_embd.weight", {c.dim, c.vocab});
    w.outputNorm = find.require("output_norm.weight", {c.dim});
    w.output = c.tiedOutput ? w.tokenEmbedding : find.require("output.weight", {c.dim, c.vocab});
    w.ropeFactors = find.optional("rope_freqs.weight", {c.rope.nRot / 2});

    w.layers.resize(c.layers);
    for (std::uint32_t i = 0; i < c.layers; ++i) {
        const std::string p = "blk." + std::to_string(i) + ".";
        LayerWeights& l = w.layers[i];
        l.attnNorm = find.require(p + "attn_norm.weight", {c.dim});
        l.wq = find.require(p + "attn_q.weight", {c.dim, c.qDim()});
        l.wk = find.require(p + "attn_k.weight", {c.dim, c.kvDim()});
        l.wv = find.require(p + "attn_v.weight", {c.dim, c.kvDim()});
        l.wo = find.require(p + "attn_output.weight", {c.qDim(), c.dim});
        if (c.arch.attentionBiases) {
            l.bq = find.require(p + "attn_q.bias", {c.qDim()});
            l.bk = find.require(p + "attn_k.bias", {c.kvDim()});
            l.bv = find.require(p + "attn_v.bias", {c.kvDim()});
        }
        if (c.arch.qkNorm) {
            l.qNorm = find.require(p + "attn_q_norm.weight", {c.headDim});
            l.kNorm = find.require(p + "attn_k_norm.weight", {c.headDim});
        }
        l.ffnNorm = find.require(p + "ffn_norm.weight", {c.dim});
        l.gate = find.require(p + "ffn_gate.weight", {c.dim, c.ffn});
        l.up = find.require(p + "ffn_up.weight", {c.dim, c.ffn});
        l.down = find.require(p + "ffn_down.weight", {c.ffn, c.dim});
    }
    return w;
}

} // namespace hearth::model
