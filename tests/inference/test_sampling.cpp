// The sampler (hearth/sampling.h) and its steps (sampling/candidates.h):
// greedy = argmax, reproducible draws per seed, draw frequencies matching
// the softmax, top-k / top-p / min-p excluding exactly what they should,
// penalties changing exactly the seen tokens by the right amounts, and
// sampleCandidates agreeing with sample on a GPU-style top-k.

#include "hearth/error.h"
#include "hearth/sampling.h"
#include "sampling/candidates.h"

#include <QtTest>

#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <set>

using namespace hearth;

namespace {

std::vector<float> randomLogits(std::size_t n, std::uint32_t seed)
{
    std::mt19937 rng(seed);
    std::normal_distribution<float> dist(0.0f, 3.0f);
    std::vector<float> v(n);
    for (float& f : v)
        f = dist(rng);
    return v;
}

SamplingParams plain(float temperature)
{
    SamplingParams p;
    p.temperature = temperature;
    p.topK = 0;
    p.topP = 1.0f;
    p.minP = 0.0f;
    p.seed = 1234;
    return p;
}

// Frequencies of each token over `draws` samples.
std::vector<double> frequencies(Sampler& s, std::span<const float> logits, int draws)
{
    std::vector<double> f(logits.size(), 0.0);
    for (int i = 0; i < draws; ++i)
        f[std::size_t(s.sample(logits))] += 1.0 / draws;
    return f;
}

std::vector<std::int32_t> ids(const std::vector<sampling::Candidate>& c)
{
    std::vector<std::int32_t> v;
    for (const auto& x : c)
        v.push_back(x.id);
    return v;
}

} // namespace

class TestSampling : public QObject {
    Q_OBJECT

private slots:
    void greedyIsArgmax()
    {
        const auto logits = randomLogits(1000, 7);
        Sampler s(plain(0.0f));
        const auto best = std::int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
        QCOMPARE(s.sample(logits), best);
        // Ties go to the lowest id; NaN never wins.
        const std::vector<float> tied = {1.0f, 5.0f, std::numeric_limits<float>::quiet_NaN(), 5.0f, 2.0f};
        QCOMPARE(s.sample(tied), 1);
        const std::vector<std::int32_t> cids = {9, 4, 6};
        const std::vector<float> clog = {3.0f, 3.0f, 1.0f};
        QCOMPARE(s.sampleCandidates(cids, clog), 4);
    }

    void topKOneIsGreedy()
    {
        const auto logits = randomLogits(500, 3);
        SamplingParams p = plain(1.5f);
        p.topK = 1;
        Sampler s(p);
        const auto best = std::int32_t(std::max_element(logits.begin(), logits.end()) - logits.begin());
        for (int i = 0; i < 50; ++i)
            QCOMPARE(s.sample(logits), best);
    }

    void seedsAreReproducible()
    {
        const auto logits = randomLogits(300, 11);
        SamplingParams p; // defaults: top-k 40, top-p 0.95, min-p 0.05, temperature 0.8
        p.seed = 42;
        Sampler a(p), b(p);
        std::vector<std::int32_t> first, second;
        for (int i = 0; i < 200; ++i) {
            first.push_back(a.sample(logits));
            second.push_back(b.sample(logits));
        }
        QCOMPARE(first, second);
        QVERIFY(std::set<std::int32_t>(first.begin(), first.end()).size() > 1); // it is really drawing
        // reset() replays the same sequence.
        a.reset();
        for (int i = 0; i < 200; ++i)
            QCOMPARE(a.sample(logits), first[std::size_t(i)]);
        // Another seed gives another sequence.
        p.seed = 43;
        Sampler c(p);
        std::vector<std::int32_t> third;
        for (int i = 0; i < 200; ++i)
            third.push_back(c.sample(logits));
        QVERIFY(third != first);
        // Seed 0 picks a random non-zero seed and reports it.
        p.seed = 0;
        Sampler r(p);
        QVERIFY(r.seed() != 0);
        QCOMPARE(Sampler(SamplingParams{.seed = 5}).seed(), std::uint64_t(5));
    }

    void distributionMatchesSoftmax()
    {
        const std::vector<float> logits = {2.0f, 1.0f, 0.5f, -1.0f};
        std::vector<double> expected(4);
        double total = 0;
        for (std::size_t i = 0; i < 4; ++i)
            total += expected[i] = std::exp(double(logits[i]));
        for (double& e : expected)
            e /= total;

        Sampler s(plain(1.0f));
        const auto f = frequencies(s, logits, 20000);
        for (std::size_t i = 0; i < 4; ++i)
            QVERIFY2(std::abs(f[i] - expected[i]) < 0.015,
                     qPrintable(QStringLiteral("token %1: %2 vs %3").arg(i).arg(f[i]).arg(expected[i])));

        // Temperature 2 flattens: p ~ exp(logit / 2).
        Sampler hot(plain(2.0f));
        const auto g = frequencies(hot, logits, 20000);
        double t2 = 0;
        for (float l : logits)
            t2 += std::exp(l / 2.0);
        for (std::size_t i = 0; i < 4; ++i)
            QVERIFY(std::abs(g[i] - std::exp(logits[i] / 2.0) / t2) < 0.015);
    }

    void topPExcludesTheTail()
    {
        // Probabilities 0.5, 0.25, 0.125, 0.0625, 0.0625.
        const std::vector<float> logits = {std::log(8.0f), std::log(4.0f), std::log(2.0f), 0.0f, 0.0f};
        auto c = sampling::makeCandidates(logits);
        sampling::topK(c, 0);
        sampling::topP(c, 0.7f); // 0.5 < 0.7 <= 0.75: two tokens
        QCOMPARE(ids(c), (std::vector<std::int32_t>{0, 1}));

        SamplingParams p = plain(1.0f);
        p.topP = 0.8f; // 0.75 < 0.8 <= 0.875: three tokens
        Sampler s(p);
        const auto f = frequencies(s, logits, 20000);
        QCOMPARE(f[3], 0.0);
        QCOMPARE(f[4], 0.0);
        // Renormalised over the kept three: 4/7, 2/7, 1/7.
        QVERIFY(std::abs(f[0] - 4.0 / 7) < 0.015);
        QVERIFY(std::abs(f[2] - 1.0 / 7) < 0.015);
    }

    void minPExcludesUnlikelyTokens()
    {
        // Relative to the top probability: 1, 0.5, 0.25, 0.09.
        const std::vector<float> logits = {0.0f, std::log(0.5f), std::log(0.25f), std::log(0.09f)};
        auto c = sampling::makeCandidates(logits);
        sampling::topK(c, 0);
        sampling::minP(c, 0.3f);
        QCOMPARE(ids(c), (std::vector<std::int32_t>{0, 1}));
        c = sampling::makeCandidates(logits);
        sampling::topK(c, 0);
        sampling::minP(c, 0.1f);
        QCOMPARE(ids(c), (std::vector<std::int32_t>{0, 1, 2}));

        SamplingParams p = plain(1.0f);
        p.minP = 0.3f;
        Sampler s(p);
        const auto f = frequencies(s, logits, 5000);
        QCOMPARE(f[2], 0.0);
        QCOMPARE(f[3], 0.0);
        QVERIFY(f[1] > 0.2);
    }

    void topKKeepsTheBest()
    {
        const std::vector<float> logits = {0.1f, 3.0f, -2.0f, 3.0f, 1.0f};
        auto c = sampling::makeCandidates(logits);
        sampling::topK(c, 3);
        QCOMPARE(ids(c), (std::vector<std::int32_t>{1, 3, 4}));
    }

    void penaltiesChangeOnlySeenTokens()
    {
        const std::vector<float> logits = {2.0f, -1.0f, 0.5f, 3.0f, -0.5f};
        std::deque<std::int32_t> history = {0, 1, 1, 4, 4, 4};
        auto c = sampling::makeCandidates(logits);
        sampling::applyPenalties(c, history, 2.0f, 0.1f, 0.25f);
        // seen 0 once (positive: divided), 1 twice (negative: multiplied), 4 three times.
        QCOMPARE(c[0].logit, 2.0f / 2.0f - 0.1f - 0.25f);
        QCOMPARE(c[1].logit, -1.0f * 2.0f - 2 * 0.1f - 0.25f);
        QCOMPARE(c[2].logit, 0.5f);
        QCOMPARE(c[3].logit, 3.0f);
        QCOMPARE(c[4].logit, -0.5f * 2.0f - 3 * 0.1f - 0.25f);

        // Through the sampler: the window keeps only the last accepted tokens.
        SamplingParams p = plain(0.0f);
        p.repeatPenalty = 10.0f;
        p.penaltyWindow = 2;
        Sampler s(p);
        const std::vector<float> row = {5.0f, 4.0f, 1.0f};
        QCOMPARE(s.sample(row), 0);
        s.accept(0);
        QCOMPARE(s.sample(row), 1); // 0 penalised to 0.5
        s.accept(1);
        QCOMPARE(s.sample(row), 2); // both penalised: 0.5, 0.4 < 1
        s.accept(2);                // 0 leaves the window
        QCOMPARE(s.sample(row), 0);
        s.reset();
        QCOMPARE(s.sample(row), 0);

        SamplingParams off = p;
        off.penaltyWindow = 0;
        Sampler none(off);
        none.accept(0);
        QCOMPARE(none.sample(row), 0);
    }

    void candidatesAgreeWithFullRow()
    {
        const auto logits = randomLogits(2000, 5);
        SamplingParams p; // top-k 40 and the other defaults
        p.seed = 99;
        p.repeatPenalty = 1.3f;
        p.frequencyPenalty = 0.2f;
        // The GPU's top-k: the 64 best, best first (more than top-k keeps).
        std::vector<std::int32_t> order(logits.size());
        std::iota(order.begin(), order.end(), 0);
        std::stable_sort(order.begin(), order.end(),
                         [&](auto a, auto b) { return logits[std::size_t(a)] > logits[std::size_t(b)]; });
        order.resize(64);
        std::vector<float> top;
        for (auto id : order)
            top.push_back(logits[std::size_t(id)]);

        Sampler full(p), cand(p);
        for (int i = 0; i < 300; ++i) {
            const std::int32_t a = full.sample(logits);
            const std::int32_t b = cand.sampleCandidates(order, top);
            QCOMPARE(b, a);
            if (i < 5) { // penalise a few of the best tokens
                full.accept(a);
                cand.accept(b);
            }
        }
        SamplingParams g = p;
        g.temperature = 0;
        Sampler gf(g), gc(g);
        QCOMPARE(gc.sampleCandidates(order, top), gf.sample(logits));
    }

    void badInputThrows()
    {
        Sampler s(SamplingParams{});
        QVERIFY_THROWS_EXCEPTION(Error, s.sample({}));
        const std::vector<std::int32_t> two = {1, 2};
        const std::vector<float> one = {0.5f};
        QVERIFY_THROWS_EXCEPTION(Error, s.sampleCandidates(two, one));
        QVERIFY_THROWS_EXCEPTION(Error, s.sampleCandidates({}, {}));
        const std::vector<std::int32_t> negative = {-3};
        QVERIFY_THROWS_EXCEPTION(Error, s.sampleCandidates(negative, one));
        // Impossible rows still give a valid id.
        const std::vector<float> allInf(3, -std::numeric_limits<float>::infinity());
        const std::int32_t id = s.sample(allInf);
        QVERIFY(id >= 0 && id < 3);
        const std::vector<float> nans(3, std::numeric_limits<float>::quiet_NaN());
        QVERIFY(s.sample(nans) >= 0);
    }

    // Odd settings (from a hand-edited config, say) still give a valid id.
    void oddParametersStillGiveAToken()
    {
        const auto logits = randomLogits(100, 8);
        const float nan = std::numeric_limits<float>::quiet_NaN();
        const float inf = std::numeric_limits<float>::infinity();
        std::vector<SamplingParams> odd;
        odd.push_back(SamplingParams{.temperature = nan});
        odd.push_back(SamplingParams{.temperature = inf});
        odd.push_back(SamplingParams{.temperature = 1e-30f});
        odd.push_back(SamplingParams{.topK = 1000000});
        odd.push_back(SamplingParams{.topK = -5, .topP = nan, .minP = nan});
        odd.push_back(SamplingParams{.topP = 0.0f, .minP = 2.0f});
        odd.push_back(SamplingParams{.repeatPenalty = 0.0f, .presencePenalty = nan, .penaltyWindow = -1});
        for (const SamplingParams& p : odd) {
            Sampler s(p);
            for (int i = 0; i < 20; ++i) {
                const std::int32_t id = s.sample(logits);
                QVERIFY(id >= 0 && id < 100);
                s.accept(id);
            }
        }
    }
};

QTEST_GUILESS_MAIN(TestSampling)
#include "test_sampling.moc"
