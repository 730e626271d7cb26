#include "services/arena/ratings.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace hearth::arena {

QString verdictName(Verdict verdict)
{
    switch (verdict) {
    case Verdict::A: return "a";
    case Verdict::B: return "b";
    case Verdict::Tie: return "tie";
    case Verdict::BothBad: return "both_bad";
    }
    return "tie";
}

bool verdictFromName(const QString& name, Verdict* verdict)
{
    for (Verdict v : {Verdict::A, Verdict::B, Verdict::Tie, Verdict::BothBad}) {
        if (name == verdictName(v)) {
            *verdict = v;
            return true;
        }
    }
    return false;
}

namespace {

constexpr double kMeanRating = 1000;
constexpr double kEloScale = 400; // rating points per factor 10 in odds

// Pairwise results between n models: points[i][j] is what i scored against
// j (1 a win, 1/2 a tie), games[i][j] how often they met.
struct Results {
    int n = 0;
    std::vector<double> points;
    std::vector<double> games;

    explicit Results(int count) : n(count), points(size_t(count) * count), games(size_t(count) * count) {}
    double& pointsOf(int i, int j) { return points[size_t(i) * n + j]; }
    double& gamesOf(int i, int j) { return games[size_t(i) * n + j]; }
    double pointsOf(int i, int j) const { return points[size_t(i) * n + j]; }
    double gamesOf(int i, int j) const { return games[size_t(i) * n + j]; }

    void add(int a, int b, Verdict verdict)
    {
        const double scoreA = verdict == Verdict::A ? 1.0 : verdict == Verdict::B ? 0.0 : 0.5;
        pointsOf(a, b) += scoreA;
        pointsOf(b, a) += 1.0 - scoreA;
        gamesOf(a, b) += 1;
        gamesOf(b, a) += 1;
    }
    bool plays(int i) const
    {
        for (int j = 0; j < n; ++j)
            if (gamesOf(i, j) > 0)
                return true;
        return false;
    }
};

// Every model that played can be reached from every other by a chain of
// "scored against" steps, both ways. Then (Zermelo, Ford) the maximum-
// likelihood strengths exist and are finite.
bool finiteWithoutPrior(const Results& r)
{
    std::vector<int> players;
    for (int i = 0; i < r.n; ++i)
        if (r.plays(i))
            players.push_back(i);
    if (players.size() < 2)
        return true;
    for (bool forward : {true, false}) {
        std::vector<bool> seen(size_t(r.n), false);
        std::vector<int> stack{players.front()};
        seen[size_t(players.front())] = true;
        while (!stack.empty()) {
            const int i = stack.back();
            stack.pop_back();
            for (int j = 0; j < r.n; ++j) {
                const double scored = forward ? r.pointsOf(i, j) : r.pointsOf(j, i);
                if (!seen[size_t(j)] && scored > 0) {
                    seen[size_t(j)] = true;
                    stack.push_back(j);
                }
            }
        }
        for (int i : players)
            if (!seen[size_t(i)])
                return false;
    }
    return true;
}

// Strengths by the minorise-maximise iteration (Hunter 2004). With `prior`,
// each model also has one virtual tie against a fixed opponent of strength 1.
// Returns ratings (mean 1000 over the models that played; NaN for the others).
std::vector<double> solve(const Results& r, bool prior)
{
    std::vector<double> strength(size_t(r.n), 1.0);
    std::vector<bool> playing(size_t(r.n));
    std::vector<double> scored(size_t(r.n), 0.0);
    for (int i = 0; i < r.n; ++i) {
        playing[size_t(i)] = r.plays(i);
        for (int j = 0; j < r.n; ++j)
            scored[size_t(i)] += r.pointsOf(i, j);
    }
    const double virtualGames = prior ? 1.0 : 0.0;

    std::vector<double> next(strength);
    for (int iteration = 0; iteration < 100000; ++iteration) {
        double largestChange = 0;
        for (int i = 0; i < r.n; ++i) {
            if (!playing[size_t(i)])
                continue;
            double denominator = virtualGames / (strength[size_t(i)] + 1.0);
            for (int j = 0; j < r.n; ++j)
                if (r.gamesOf(i, j) > 0)
                    denominator += r.gamesOf(i, j) / (strength[size_t(i)] + strength[size_t(j)]);
            next[size_t(i)] = (scored[size_t(i)] + 0.5 * virtualGames) / denominator;
        }
        if (!prior) {
            // Only ratios matter: keep the geometric mean at 1 so nothing drifts.
            double logSum = 0;
            int count = 0;
            for (int i = 0; i < r.n; ++i)
                if (playing[size_t(i)]) {
                    logSum += std::log(next[size_t(i)]);
                    ++count;
                }
            const double scale = std::exp(-logSum / std::max(count, 1));
            for (int i = 0; i < r.n; ++i)
                next[size_t(i)] *= scale;
        }
        for (int i = 0; i < r.n; ++i)
            if (playing[size_t(i)])
                largestChange = std::max(largestChange, std::abs(std::log(next[size_t(i)] / strength[size_t(i)])));
        strength.swap(next);
        if (largestChange < 1e-12)
            break;
    }

    std::vector<double> ratings(size_t(r.n), std::nan(""));
    double sum = 0;
    int count = 0;
    for (int i = 0; i < r.n; ++i) {
        if (!playing[size_t(i)])
            continue;
        ratings[size_t(i)] = kEloScale * std::log10(strength[size_t(i)]);
        sum += ratings[size_t(i)];
        ++count;
    }
    for (int i = 0; i < r.n; ++i)
        if (playing[size_t(i)])
            ratings[size_t(i)] += kMeanRating - sum / count;
    return ratings;
}

struct IndexedVote {
    int a = 0;
    int b = 0;
    Verdict verdict = Verdict::Tie;
};

std::vector<IndexedVote> indexVotes(const QStringList& models, const std::vector<Vote>& votes)
{
    std::map<QString, int> index;
    for (int i = 0; i < models.size(); ++i)
        index[models[i]] = i;
    std::vector<IndexedVote> indexed;
    for (const Vote& v : votes) {
        const auto a = index.find(v.a);
        const auto b = index.find(v.b);
        if (a == index.end() || b == index.end() || a->second == b->second)
            continue;
        indexed.push_back({a->second, b->second, v.verdict});
    }
    return indexed;
}

std::vector<double> fitIndexed(int models, const std::vector<IndexedVote>& votes, bool* regularised)
{
    Results results(models);
    for (const IndexedVote& v : votes)
        results.add(v.a, v.b, v.verdict);
    const bool needsPrior = !finiteWithoutPrior(results);
    if (regularised)
        *regularised = needsPrior;
    return solve(results, needsPrior);
}

// Linear interpolation between order statistics (the usual "type 7").
double percentile(std::vector<double> values, double fraction)
{
    std::sort(values.begin(), values.end());
    const double position = fraction * double(values.size() - 1);
    const size_t below = size_t(std::floor(position));
    const size_t above = std::min(below + 1, values.size() - 1);
    return values[below] + (position - double(below)) * (values[above] - values[below]);
}

QStringList modelsOf(const std::vector<Vote>& votes)
{
    QStringList models;
    for (const Vote& v : votes) {
        if (v.a == v.b)
            continue;
        for (const QString& m : {v.a, v.b})
            if (!models.contains(m))
                models.append(m);
    }
    return models;
}

} // namespace

std::vector<double> fitRatings(const QStringList& models, const std::vector<Vote>& votes, bool* regularised)
{
    return fitIndexed(int(models.size()), indexVotes(models, votes), regularised);
}

Ratings computeRatings(const std::vector<Vote>& votes, const RatingsOptions& options)
{
    const QStringList models = modelsOf(votes);
    const std::vector<IndexedVote> indexed = indexVotes(models, votes);
    const int n = int(models.size());

    Ratings out;
    out.votes = int(indexed.size());
    const std::vector<double> rating = fitIndexed(n, indexed, &out.regularised);

    std::vector<std::vector<double>> samples(static_cast<size_t>(n));
    if (options.bootstrap > 0 && !indexed.empty()) {
        std::mt19937_64 random(options.seed);
        std::uniform_int_distribution<size_t> pick(0, indexed.size() - 1);
        std::vector<IndexedVote> resample(indexed.size());
        for (int round = 0; round < options.bootstrap; ++round) {
            for (IndexedVote& v : resample)
                v = indexed[pick(random)];
            const std::vector<double> r = fitIndexed(n, resample, nullptr);
            for (int i = 0; i < n; ++i)
                if (!std::isnan(r[size_t(i)]))
                    samples[size_t(i)].push_back(r[size_t(i)]);
        }
    }

    for (int i = 0; i < n; ++i) {
        ModelRating m;
        m.model = models[i];
        m.rating = rating[size_t(i)];
        m.ciLow = samples[size_t(i)].empty() ? m.rating : percentile(samples[size_t(i)], 0.025);
        m.ciHigh = samples[size_t(i)].empty() ? m.rating : percentile(samples[size_t(i)], 0.975);
        for (const IndexedVote& v : indexed) {
            if (v.a != i && v.b != i)
                continue;
            ++m.votes;
            const bool tie = v.verdict == Verdict::Tie || v.verdict == Verdict::BothBad;
            const bool won = (v.a == i && v.verdict == Verdict::A) || (v.b == i && v.verdict == Verdict::B);
            (tie ? m.ties : won ? m.wins : m.losses) += 1;
        }
        out.ratings.push_back(m);
    }
    std::stable_sort(out.ratings.begin(), out.ratings.end(),
                     [](const ModelRating& x, const ModelRating& y) { return x.rating > y.rating; });

    if (out.regularised) {
        out.notes.append("Some ratings would be infinite from these votes alone, so every model also counts one "
                         "virtual tie against an average opponent; more votes make this matter less.");
        for (const ModelRating& m : out.ratings) {
            if (m.losses == 0 && m.wins > 0)
                out.notes.append(QString("%1 never lost: its rating is a lower bound of how good it is.").arg(m.model));
            else if (m.wins == 0 && m.losses > 0)
                out.notes.append(QString("%1 never won: its rating is an upper bound of how good it is.").arg(m.model));
        }
    }
    return out;
}

} // namespace hearth::arena
