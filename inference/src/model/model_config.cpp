#include "model/model_config.h"

#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/model_summary.h"

#include <string>

namespace hearth::model {

namespace {

[[noreturn]] void badShape(const GgufFile& file, const std::string& what)
{
    throw Error("The model file " + file.path().filename().string() + " cannot be run: " + what +
                ". The file may be damaged or made by an incompatible converter.");
}

// Linear RoPE scaling (positions divided by the factor); other scaling
// types need no change within the trained context, which is all we allow.
float ropeFrequencyScale(const GgufFile& file, const std::string& prefix)
{
    const std::string type = file.getString(prefix + "rope.scaling.type").value_or("");
    if (type == "linear") {
        const double factor = file.getFloat(prefix + "rope.scaling.factor").value_or(1.0);
        return factor > 0 ? float(1.0 / factor) : 1.0f;
    }
    if (const auto legacy = file.getFloat(prefix + "rope.scale_linear"); legacy && *legacy > 0)
        return float(1.0 / *legacy);
    return 1.0f;
}

} // namespace

ModelConfig readModelConfig(const GgufFile& file)
{
    return readModelConfig(file, summarize(file));
}

ModelConfig readModelConfig(const GgufFile& file, const ModelSummary& s)
{
    const Architecture* arch = findArchitecture(s.architecture);
    if (!arch) {
        const std::string name = s.architecture.empty() ? "an unnamed" : "the '" + s.architecture + "'";
        throw Error("This model uses " + name + " architecture, which Hearth cannot run yet. Supported: " +
                    supportedArchitectureNames() + ".");
    }

    ModelConfig c;
    c.arch = *arch;
    c.dim = s.embeddingLength;
    c.layers = s.layers;
    c.heads = s.heads;
    c.kvHeads = s.kvHeads;
    c.headDim = s.headDim;
    c.ffn = s.feedForwardLength;
    c.trainedContext = s.contextLength;

    const GgufTensorInfo* embd = file.findTensor("token_embd.weight");
    if (!embd || embd->dims.size() != 2)
        badShape(file, "the token embedding (token_embd.weight) is missing or not a matrix");
    if (embd->dims[1] > 0xFFFFFFFFull)
        badShape(file, "the vocabulary is too large");
    c.vocab = std::uint32_t(embd->dims[1]);
    c.tiedOutput = file.findTensor("output.weight") == nullptr;

    if (c.dim == 0 || c.layers == 0 || c.heads == 0 || c.kvHeads == 0 || c.ffn == 0 || c.vocab == 0)
        badShape(file, "its embedding size, layer count, head counts, feed-forward size or vocabulary is zero");
    if (c.heads % c.kvHeads != 0)
        badShape(file, std::to_string(c.heads) + " attention heads cannot be shared among " +
                           std::to_string(c.kvHeads) + " key/value heads");
    if (c.headDim == 0 || c.headDim % 2 != 0 || c.headDim > 256)
        badShape(file, "a head size of " + std::to_string(c.headDim) + " is not supported (even, at most 256)");

    const std::string prefix = s.architecture + ".";
    c.rmsEpsilon = float(file.getFloat(prefix + "attention.layer_norm_rms_epsilon").value_or(arch->defaultRmsEpsilon));
    c.rope.mode = arch->ropeMode;
    c.rope.headDim = c.headDim;
    const auto ropeDims = file.getInt(prefix + "rope.dimension_count").value_or(c.headDim);
    if (ropeDims <= 0 || ropeDims > c.headDim || ropeDims % 2 != 0)
        badShape(file, "it rotates " + std::to_string(ropeDims) + " dimensions of heads of " +
                           std::to_string(c.headDim));
    c.rope.nRot = std::uint32_t(ropeDims);
    c.rope.freqBase = float(file.getFloat(prefix + "rope.freq_base").value_or(arch->defaultRopeBase));
    c.rope.freqScale = ropeFrequencyScale(file, prefix);
    if (!(c.rope.freqBase > 0))
        badShape(file, "its RoPE frequency base is not positive");
    return c;
}

} // namespace hearth::model
