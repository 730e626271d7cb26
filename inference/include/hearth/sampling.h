#pragma once

// Choosing the next token from a row of logits, with llama.cpp's samplers
// and in llama.cpp's order:
//   repetition penalties (over the last `penaltyWindow` accepted tokens)
//   -> top-k -> top-p -> min-p -> temperature -> a seeded random draw.
// A temperature <= 0 picks the most likely token instead of drawing
// (penalties still apply; ties go to the lowest id).

#include <cstdint>
#include <deque>
#include <random>
#include <span>

namespace hearth {

struct SamplingParams {
    float temperature = 0.8f;
    std::int32_t topK = 40;          // keep the k most likely tokens; <= 0: off
    float topP = 0.95f;              // keep the fewest tokens whose probabilities sum to >= p; >= 1: off
    float minP = 0.05f;              // drop tokens below minP * the top probability; <= 0: off
    float repeatPenalty = 1.0f;      // divide positive / multiply negative logits of seen tokens; 1: off
    float presencePenalty = 0.0f;    // subtracted once from every seen token
    float frequencyPenalty = 0.0f;   // subtracted per occurrence
    std::int32_t penaltyWindow = 64; // accepted tokens the penalties look at; 0: none, < 0: all since reset()
    std::uint64_t seed = 0;          // 0: a fresh random seed per Sampler (see Sampler::seed())
    bool greedy() const { return temperature <= 0; }
};

class Sampler {
public:
    explicit Sampler(const SamplingParams& params);

    // The next token from a full vocabulary row. Throws hearth::Error for
    // an empty row. NaN logits count as impossible tokens.
    std::int32_t sample(std::span<const float> logits);
    // The same from pre-selected candidates (a top-k from the GPU, best
    // first): ids[i] has logits[i]. Gives what sample() gives whenever the
    // candidates include every token that survives top-k of the penalised
    // row. Throws hearth::Error when there are no candidates, the spans
    // differ in length, or an id is negative.
    std::int32_t sampleCandidates(std::span<const std::int32_t> ids, std::span<const float> logits);

    // Adds a token to the penalty history: feed the prompt's tail and every
    // generated token.
    void accept(std::int32_t token);
    // Forgets the history and restarts the random sequence from seed(), so
    // a reset sampler repeats its earlier choices for the same inputs.
    void reset();

    const SamplingParams& params() const { return params_; }
    // The seed in use: params.seed, or the random one chosen for seed 0
    // (show it to let a user reproduce an answer).
    std::uint64_t seed() const { return seed_; }

private:
    SamplingParams params_;
    std::uint64_t seed_ = 0;
    std::mt19937_64 rng_;
    std::deque<std::int32_t> history_;
};

} // namespace hearth
