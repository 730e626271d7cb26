// ModelSummary from a GGUF header, and the memory estimate built on it.
// Only metadata and the tensor table are consulted, never tensor data, so
// summarising a multi-gigabyte model costs nothing beyond opening it.

#include "hearth/model_summary.h"

#include "hearth/error.h"
#include "hearth/gguf.h"

#include <algorithm>
#include <limits>
#include <map>

namespace hearth {

std::string fileTypeLabel(uint32_t fileType)
{
    // llama_ftype values (llama.cpp constants.py); 4-6 and 33-35 are retired.
    static const std::map<uint32_t, const char*> kLabels = {
        {0, "F32"},      {1, "F16"},      {2, "Q4_0"},    {3, "Q4_1"},     {7, "Q8_0"},    {8, "Q5_0"},
        {9, "Q5_1"},     {10, "Q2_K"},    {11, "Q3_K_S"}, {12, "Q3_K_M"},  {13, "Q3_K_L"}, {14, "Q4_K_S"},
        {15, "Q4_K_M"},  {16, "Q5_K_S"},  {17, "Q5_K_M"}, {18, "Q6_K"},    {19, "IQ2_XXS"}, {20, "IQ2_XS"},
        {21, "Q2_K_S"},  {22, "IQ3_XS"},  {23, "IQ3_XXS"}, {24, "IQ1_S"},  {25, "IQ4_NL"}, {26, "IQ3_S"},
        {27, "IQ3_M"},   {28, "IQ2_S"},   {29, "IQ2_M"},  {30, "IQ4_XS"},  {31, "IQ1_M"},  {32, "BF16"},
        {36, "TQ1_0"},   {37, "TQ2_0"},   {38, "MXFP4_MOE"}, {39, "NVFP4"}, {40, "Q1_0"},
    };
    const auto it = kLabels.find(fileType);
    return it == kLabels.end() ? std::string() : it->second;
}

namespace {

// A count such as block_count. Some architectures store per-layer arrays
// (e.g. a head count per layer); the largest entry is what sizes buffers.
uint32_t countKey(const GgufFile& file, const std::string& key, uint32_t fallback)
{
    const GgufValue* v = file.find(key);
    if (!v)
        return fallback;
    // (Plain variables rather than std::optional: g++ 12 at -O1+ reports a
    // false "maybe uninitialized" for an optional assigned in a loop.)
    bool ok = true;
    int64_t value = 0;
    if (v->isArray()) {
        for (uint64_t i = 0; i < v->arraySize() && ok; ++i) {
            const auto x = v->intAt(i);
            ok = x.has_value();
            value = ok ? std::max(value, *x) : value;
        }
    } else {
        const auto x = v->toInt();
        ok = x.has_value();
        value = x.value_or(0);
    }
    if (!ok || value < 0 || value > int64_t(std::numeric_limits<uint32_t>::max()))
        throw Error(file.path().filename().string() + ": metadata key '" + key + "' should be a count, but it is " +
                    ggufValueTypeName(v->type()) + " " + v->toDisplayString(3));
    return uint32_t(value);
}

// Label of the type holding most weights among matrices (1-D norms and
// biases stay F32 in every file type, so they would only blur the answer).
std::string dominantTypeLabel(const GgufFile& file)
{
    std::map<GgmlType, uint64_t> matrixElements, allElements;
    for (const GgufTensorInfo& t : file.tensors()) {
        allElements[t.type] += t.elements();
        if (t.dims.size() >= 2)
            matrixElements[t.type] += t.elements();
    }
    const auto& counts = matrixElements.empty() ? allElements : matrixElements;
    if (counts.empty())
        return {};
    const auto best = std::max_element(counts.begin(), counts.end(),
                                       [](const auto& a, const auto& b) { return a.second < b.second; });
    return typeName(best->first);
}

} // namespace

ModelSummary summarize(const GgufFile& file)
{
    ModelSummary s;
    s.architecture = file.getString("general.architecture").value_or("");
    if (auto name = file.getString("general.name"))
        s.name = std::move(*name);
    else
        s.name = file.getString("general.basename").value_or("");
    if (const auto ft = file.getInt("general.file_type"); ft && *ft >= 0 && *ft <= 0xFFFFFFFF)
        s.fileTypeLabel = fileTypeLabel(uint32_t(*ft));
    if (s.fileTypeLabel.empty())
        s.fileTypeLabel = dominantTypeLabel(file);

    for (const GgufTensorInfo& t : file.tensors()) {
        s.parameterCount += t.elements();
        s.tensorBytes += t.nbytes;
    }
    s.fileSize = file.fileSize();

    const std::string a = s.architecture + ".";
    s.contextLength = countKey(file, a + "context_length", 0);
    s.layers = countKey(file, a + "block_count", 0);
    s.heads = countKey(file, a + "attention.head_count", 0);
    s.kvHeads = countKey(file, a + "attention.head_count_kv", s.heads);
    s.embeddingLength = countKey(file, a + "embedding_length", 0);
    s.feedForwardLength = countKey(file, a + "feed_forward_length", 0);
    s.headDim = countKey(file, a + "attention.key_length", s.heads ? s.embeddingLength / s.heads : 0);

    uint32_t vocab = 0;
    if (const GgufValue* tokens = file.find("tokenizer.ggml.tokens"); tokens && tokens->isArray())
        vocab = uint32_t(std::min<uint64_t>(tokens->arraySize(), std::numeric_limits<uint32_t>::max()));
    else if (const GgufTensorInfo* embd = file.findTensor("token_embd.weight"); embd && embd->dims.size() >= 2)
        vocab = uint32_t(std::min<uint64_t>(embd->dims[1], std::numeric_limits<uint32_t>::max()));
    s.vocabSize = countKey(file, a + "vocab_size", vocab);

    s.hasChatTemplate = file.has("tokenizer.chat_template");
    s.tokenizerModel = file.getString("tokenizer.ggml.model").value_or("");
    return s;
}

MemoryEstimate estimateMemory(const ModelSummary& s, uint32_t contextLength)
{
    MemoryEstimate m;
    m.weightsBytes = s.tensorBytes ? s.tensorBytes : s.fileSize;

    const uint64_t ctx = contextLength;
    // K and V, F16 (2 bytes), one head_dim vector per KV head, layer and position.
    m.kvCacheBytes = 2ull * s.layers * s.kvHeads * s.headDim * 2ull * ctx;

    // Scratch, a deliberately simple upper-bound estimate for prompt
    // processing in batches of up to 512 tokens, all buffers f32:
    //  - logits: one row of vocabSize floats (only the last position's
    //    logits are kept);
    //  - per batch token: residual, normed input and attention output
    //    (3 x embedding), Q (heads x headDim), K and V (2 x kvHeads x
    //    headDim), FFN gate, up and activation (3 x feedForwardLength);
    //  - attention scores of one layer: batch x heads x context.
    // Buffers are reused layer to layer, so no term scales with layers.
    const uint64_t batch = std::min<uint64_t>(512, std::max<uint64_t>(ctx, 1));
    const uint64_t perToken = 3ull * s.embeddingLength + uint64_t(s.heads) * s.headDim +
                              2ull * s.kvHeads * s.headDim + 3ull * s.feedForwardLength;
    const uint64_t logits = uint64_t(s.vocabSize) * 4;
    const uint64_t activations = batch * perToken * 4;
    const uint64_t scores = batch * s.heads * ctx * 4;
    m.scratchBytes = logits + activations + scores;

    m.totalBytes = m.weightsBytes + m.kvCacheBytes + m.scratchBytes;
    return m;
}

} // namespace hearth
