#include "sampling/candidates.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <unordered_map>

namespace hearth::sampling {

namespace {

float sane(float logit)
{
    return std::isnan(logit) ? -std::numeric_limits<float>::infinity() : logit;
}

} // namespace

std::vector<Candidate> makeCandidates(std::span<const std::int32_t> ids, std::span<const float> logits)
{
    std::vector<Candidate> c(ids.size());
    for (std::size_t i = 0; i < ids.size(); ++i)
        c[i] = {ids[i], sane(logits[i])};
    return c;
}

std::vector<Candidate> makeCandidates(std::span<const float> logits)
{
    std::vector<Candidate> c(logits.size());
    for (std::size_t i = 0; i < logits.size(); ++i)
        c[i] = {std::int32_t(i), sane(logits[i])};
    return c;
}

bool better(const Candidate& a, const Candidate& b)
{
    return a.logit > b.logit || (a.logit == b.logit && a.id < b.id);
}

void sortByLogit(std::vector<Candidate>& c)
{
    std::sort(c.begin(), c.end(), better);
}

void applyPenalties(std::vector<Candidate>& c, const std::deque<std::int32_t>& history, float repeat,
                    float frequency, float presence)
{
    if (history.empty() || (repeat == 1.0f && frequency == 0.0f && presence == 0.0f))
        return;
    std::unordered_map<std::int32_t, int> counts;
    for (const std::int32_t t : history)
        ++counts[t];
    for (Candidate& cand : c) {
        const auto it = counts.find(cand.id);
        if (it == counts.end())
            continue;
        // llama.cpp: a seen token moves towards "less likely" whatever its sign.
        if (cand.logit <= 0)
            cand.logit *= repeat;
        else
            cand.logit /= repeat;
        // sane(): NaN settings must not break the sorting that follows.
        cand.logit = sane(cand.logit - (float(it->second) * frequency + presence));
    }
}

void topK(std::vector<Candidate>& c, std::int32_t k)
{
    if (k > 0 && std::size_t(k) < c.size()) {
        std::partial_sort(c.begin(), c.begin() + k, c.end(), better);
        c.resize(std::size_t(k));
    } else {
        sortByLogit(c);
    }
}

void topP(std::vector<Candidate>& c, float p)
{
    if (p >= 1.0f || c.size() <= 1)
        return;
    const std::vector<double> probs = probabilities(c, 1.0f);
    double sum = 0;
    for (std::size_t i = 0; i < probs.size(); ++i) {
        sum += probs[i];
        if (sum >= double(p)) {
            c.resize(i + 1);
            return;
        }
    }
}

void minP(std::vector<Candidate>& c, float p)
{
    if (p <= 0.0f || c.empty())
        return;
    // prob_i >= p * prob_max  <=>  logit_i >= logit_max + log(p)
    const double cut = double(c.front().logit) + std::log(double(p));
    std::size_t keep = 1;
    while (keep < c.size() && double(c[keep].logit) >= cut)
        ++keep;
    c.resize(keep);
}

std::vector<double> probabilities(const std::vector<Candidate>& c, float temperature)
{
    std::vector<double> probs(c.size(), 0.0);
    if (c.empty())
        return probs;
    const double top = c.front().logit;
    if (!std::isfinite(top)) { // nothing is possible (all -inf) or one +inf: the first wins
        probs[0] = 1.0;
        return probs;
    }
    double total = 0;
    for (std::size_t i = 0; i < c.size(); ++i)
        total += probs[i] = std::exp((double(c[i].logit) - top) / double(temperature));
    for (double& q : probs)
        q /= total;
    return probs;
}

std::size_t drawIndex(const std::vector<double>& probs, double u)
{
    double total = 0;
    for (const double q : probs)
        total += q;
    const double target = u * total;
    double sum = 0;
    std::size_t last = 0;
    for (std::size_t i = 0; i < probs.size(); ++i) {
        if (probs[i] <= 0)
            continue;
        sum += probs[i];
        last = i;
        if (sum > target)
            return i;
    }
    return last; // rounding left target at the very end
}

} // namespace hearth::sampling
