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
#include <optional>
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

// A prompt that repeats a cache with one span of it left out (a chat that
// dropped its oldest turns to fit the context): cached[begin, end) is gone,
// and the `kept` tokens after it equal prompt[begin, begin + kept).
struct RemovedSpan {
    std::uint32_t begin = 0;
    std::uint32_t end = 0;
    std::uint32_t kept = 0;
};

// The span to remove from `cached` so `prompt` reuses the most of it, when
// shifting is worth it: the tokens kept after the span are at least 16 and
// more than the prefix reused without it. Short coincidental matches are
// not worth it: shifted keys and values still carry what the dropped tokens
// contributed, so only whole kept turns should be shifted.
std::optional<RemovedSpan> findRemovedSpan(std::span<const std::int32_t> cached,
                                           std::span<const std::int32_t> prompt);

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

    // Drops cached tokens [begin, end): the later ones move down in the KV
    // cache, their keys re-rotated to their new positions, instead of being
    // computed again. generate() and evaluate() do this themselves when the
    // prompt is the cache with one span left out (findRemovedSpan). Throws
    // hearth::Error for a bad span or when canRemoveTokens() is false.
    void removeTokens(std::uint32_t begin, std::uint32_t end);
    // Whether the model's positions can be shifted (its RoPE form allows it).
    bool canRemoveTokens() const;
    // Cached tokens generate(prompt) would reuse: the common prefix, or the
    // tokens around a span it would remove.
    std::uint32_t reusableTokens(std::span<const std::int32_t> prompt) const;

    struct Impl;

private:
    std::unique_ptr<Impl> impl_;
};

} // namespace hearth
