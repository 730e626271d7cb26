#include "hearth/sampling.h"

#include "hearth/error.h"
#include "sampling/candidates.h"

#include <string>

namespace hearth {

namespace {

// A uniform double in [0, 1) from the top 53 bits, identical on every
// standard library (std::uniform_real_distribution is not).
double uniform01(std::mt19937_64& rng)
{
    return double(rng() >> 11) * 0x1.0p-53;
}

std::uint64_t chooseSeed(std::uint64_t requested)
{
    if (requested != 0)
        return requested;
    std::random_device device;
    const std::uint64_t s = (std::uint64_t(device()) << 32) ^ device();
    return s ? s : 1;
}

// The chain after the penalties: greedy pick, or the filters and a draw.
std::int32_t choose(std::vector<sampling::Candidate>& c, const SamplingParams& p, std::mt19937_64& rng)
{
    if (p.greedy()) {
        const sampling::Candidate* best = &c.front();
        for (const sampling::Candidate& cand : c)
            if (sampling::better(cand, *best))
                best = &cand;
        return best->id;
    }
    sampling::topK(c, p.topK);
    sampling::topP(c, p.topP);
    sampling::minP(c, p.minP);
    return c[sampling::drawIndex(sampling::probabilities(c, p.temperature), uniform01(rng))].id;
}

} // namespace

Sampler::Sampler(const SamplingParams& params) : params_(params), seed_(chooseSeed(params.seed)), rng_(seed_) {}

void Sampler::accept(std::int32_t token)
{
    if (params_.penaltyWindow == 0)
        return;
    history_.push_back(token);
    if (params_.penaltyWindow > 0 && history_.size() > std::size_t(params_.penaltyWindow))
        history_.pop_front();
}

void Sampler::reset()
{
    history_.clear();
    rng_.seed(seed_);
}

std::int32_t Sampler::sample(std::span<const float> logits)
{
    if (logits.empty())
        throw Error("Cannot choose a token: the model returned no logits.");
    // Candidate ids are indices into the row, so the full row is one more candidate list.
    std::vector<sampling::Candidate> c = sampling::makeCandidates(logits);
    sampling::applyPenalties(c, history_, params_.repeatPenalty, params_.frequencyPenalty, params_.presencePenalty);
    return choose(c, params_, rng_);
}

std::int32_t Sampler::sampleCandidates(std::span<const std::int32_t> ids, std::span<const float> logits)
{
    if (ids.empty())
        throw Error("Cannot choose a token: there are no candidates.");
    if (ids.size() != logits.size())
        throw Error("Cannot choose a token: " + std::to_string(ids.size()) + " candidate ids but " +
                    std::to_string(logits.size()) + " logits.");
    for (const std::int32_t id : ids)
        if (id < 0)
            throw Error("Cannot choose a token: the candidate id " + std::to_string(id) + " is negative.");
    std::vector<sampling::Candidate> c = sampling::makeCandidates(ids, logits);
    sampling::applyPenalties(c, history_, params_.repeatPenalty, params_.frequencyPenalty, params_.presencePenalty);
    return choose(c, params_, rng_);
}

} // namespace hearth
