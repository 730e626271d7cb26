#pragma once

// What a person (or the model picker) wants to know about a GGUF model
// without loading it: architecture, size, shape, and the memory it will
// need. Built from the header alone; tensor data is never read.

#include <cstdint>
#include <string>

namespace hearth {

class GgufFile;

struct ModelSummary {
    std::string architecture;  // general.architecture, e.g. "llama"
    std::string name;          // general.name (else general.basename, else "")
    std::string fileTypeLabel; // "Q4_K_M" from general.file_type, else the dominant tensor type
    uint64_t parameterCount = 0; // elements over all tensors
    uint64_t fileSize = 0;       // bytes on disk over all split parts
    uint64_t tensorBytes = 0;    // bytes of tensor data (what is loaded as weights)
    uint32_t contextLength = 0;  // trained context ({arch}.context_length)
    uint32_t layers = 0;         // {arch}.block_count
    uint32_t heads = 0;          // {arch}.attention.head_count
    uint32_t kvHeads = 0;        // {arch}.attention.head_count_kv (= heads when absent)
    uint32_t embeddingLength = 0;
    uint32_t feedForwardLength = 0;
    uint32_t vocabSize = 0;      // {arch}.vocab_size, else the token list, else token_embd rows
    uint32_t headDim = 0;        // {arch}.attention.key_length, else embedding / heads
    bool hasChatTemplate = false;
    std::string tokenizerModel;  // tokenizer.ggml.model ("llama", "gpt2", ...)
};

// Throws hearth::Error when a key that is present has an unusable type or
// value (e.g. a negative block count).
ModelSummary summarize(const GgufFile& file);

struct MemoryEstimate {
    uint64_t weightsBytes = 0; // tensor data as stored
    uint64_t kvCacheBytes = 0; // F16 K and V for every layer and position
    uint64_t scratchBytes = 0; // logits and activation buffers (see summary.cpp)
    uint64_t totalBytes = 0;
};

// Memory to run `summary` with a context of `contextLength` tokens.
MemoryEstimate estimateMemory(const ModelSummary& summary, uint32_t contextLength);

// The llama.cpp file-type label for a general.file_type value ("Q4_K_M"),
// or an empty string for an unknown value.
std::string fileTypeLabel(uint32_t fileType);

} // namespace hearth
