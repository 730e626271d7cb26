#pragma once

// One conversation's state on a loaded model: its KV cache and the tokens
// it holds. generate() processes a prompt (reusing the cached prefix it
// shares with the previous one, so a follow-up turn only costs its new
// tokens) and streams the sampled continuation as UTF-8 text.
//
// A session is used from one thread at a time; sessions of the same or
// different models may run on different threads (GPU work is serialised
// per device).

#include "hearth/reasoning.h"
#include "hearth/sampling.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace hearth {

class Model;

enum class FinishReason { Stop, Length, Cancelled, Error };
const char* finishReasonName(FinishReason reason); // "stop", "length", "cancelled", "error"

struct GenerationOptions {
    SamplingParams sampling;
    std::int32_t maxTokens = -1; // < 0: until the context is full
    std::vector<std::string> stopStrings;
    ReasoningFormat reasoning = ReasoningFormat::None;
    bool startsInsideReasoning = false;
    bool ignoreEndOfGeneration = false; // benchmarks: keep going past EOS
    // Every sampled token id, before its text (tests, token counters).
    std::function<void(std::int32_t)> onToken;
    // Checked before every token: setting it stops generation within one token.
    const std::atomic<bool>* cancel = nullptr;
};

struct GenerationStats {
    std::uint32_t promptTokens = 0;    // the prompt's length
    std::uint32_t reusedTokens = 0;    // of which were already in the KV cache
    std::uint32_t generatedTokens = 0;
    double timeToFirstTokenMs = 0;     // from the call to the first sampled token
    double prefillTokensPerSecond = 0; // over the prompt tokens actually processed
    double decodeTokensPerSecond = 0;  // over the tokens after the first
    FinishReason finishReason = FinishReason::Stop;
    std::string error;                 // for FinishReason::Error
};

// A piece of streamed output, split into reasoning and answer text.
struct TextPiece {
    std::string reasoning;
    std::string answer;
};

struct SessionOptions {
    std::uint32_t contextLength = 0; // 0: defaultContextLength(summary)
    std::uint32_t batchSize = 256;   // prompt tokens per forward step
};

class Session {
public:
    // Allocates the KV cache and scratch buffers. Throws hearth::Error when
    // they do not fit in GPU memory.
    Session(std::shared_ptr<Model> model, const SessionOptions& options = {});
    ~Session();
    Session(const Session&) = delete;
    Session& operator=(const Session&) = delete;

    const Model& model() const;
    std::uint32_t contextLength() const;
    const std::vector<std::int32_t>& cachedTokens() const;

    // Throws hearth::Error when the prompt does not fit the context (with
    // room for one generated token); generation errors after that are
    // reported through the stats (FinishReason::Error).
    GenerationStats generate(std::span<const std::int32_t> prompt, const GenerationOptions& options,
                             const std::function<void(const TextPiece&)>& onPiece);

    // Makes the cache hold `tokens` (reusing the common prefix) and returns
    // the logits of the last token ([vocab]) or, with allLogits, of every
    // token it processed anew ([n][vocab], n = tokens.size() - reused).
    std::vector<float> evaluate(std::span<const std::int32_t> tokens, bool allLogits = false);

    void reset(); // forget the cached tokens

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace hearth
