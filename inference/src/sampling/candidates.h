#pragma once

// The steps of the sampling chain, each working on a list of candidate
// tokens as llama.cpp's samplers do. Kept apart from Sampler so every step
// can be tested alone.

#include <cstdint>
#include <deque>
#include <span>
#include <vector>

namespace hearth::sampling {

struct Candidate {
    std::int32_t id = 0;
    float logit = 0;
};

// Candidates for ids[i] with logits[i]; NaN becomes -infinity.
std::vector<Candidate> makeCandidates(std::span<const std::int32_t> ids, std::span<const float> logits);
// Candidates for every index of a full vocabulary row.
std::vector<Candidate> makeCandidates(std::span<const float> logits);

// Best first: the larger logit, then the lower id (so ties are resolved
// the same way everywhere).
void sortByLogit(std::vector<Candidate>& c);
bool better(const Candidate& a, const Candidate& b);

// Repeat / frequency / presence penalties for the tokens in `history`
// (already cut to the penalty window), as llama.cpp applies them.
void applyPenalties(std::vector<Candidate>& c, const std::deque<std::int32_t>& history, float repeat,
                    float frequency, float presence);

// Each filter keeps at least one candidate and leaves `c` sorted best first.
void topK(std::vector<Candidate>& c, std::int32_t k);
void topP(std::vector<Candidate>& c, float p);
void minP(std::vector<Candidate>& c, float p);

// Probabilities of the (sorted) candidates at `temperature` > 0, in double.
std::vector<double> probabilities(const std::vector<Candidate>& c, float temperature);
// The index i where the running sum of probs first exceeds u * total, u in [0, 1).
std::size_t drawIndex(const std::vector<double>& probs, double u);

} // namespace hearth::sampling
