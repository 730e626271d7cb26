// Dropping a span of a session's cached tokens by shifting its KV cache
// (Session::removeTokens, and generate()/evaluate() doing it themselves when
// a prompt leaves out one span of the cache, as a chat that dropped its
// oldest turns does): where a span is found (findRemovedSpan), the cache
// after the shift against the CPU reference shift of the cache before it,
// the reuse counted in the statistics, and models whose keys cannot be
// re-rotated falling back to reading the prompt again.

#include "engine/model_impl.h"
#include "engine/step_runner.h"
#include "fixtures.h"
#include "hearth/error.h"
#include "hearth/model.h"
#include "hearth/model_maker.h"
#include "hearth/session.h"
#include "hearth/tensor_types.h"
#include "model/model_config.h"
#include "ops/cpu_kv_shift.h"
#include "random_tokens.h"
#include "vulkan/instance.h"

#include <QTemporaryDir>
#include <QtTest>

#include <cmath>

using namespace hearth;
using testing::randomTokens;

namespace {

std::vector<std::int32_t> concat(std::initializer_list<std::span<const std::int32_t>> parts)
{
    std::vector<std::int32_t> out;
    for (const auto part : parts)
        out.insert(out.end(), part.begin(), part.end());
    return out;
}

std::vector<std::int32_t> range(std::size_t n, std::int32_t first = 100)
{
    std::vector<std::int32_t> out(n);
    for (std::size_t i = 0; i < n; ++i)
        out[i] = first + std::int32_t(i);
    return out;
}

// Largest |a - b| over two f16 vectors.
float largestDifference(const std::vector<std::uint16_t>& a, const std::vector<std::uint16_t>& b)
{
    float worst = 0;
    for (std::size_t i = 0; i < a.size(); ++i)
        worst = std::max(worst, std::abs(halfToFloat(a[i]) - halfToFloat(b[i])));
    return worst;
}

GenerationOptions greedy(int maxTokens)
{
    GenerationOptions o;
    o.sampling.temperature = 0;
    o.maxTokens = maxTokens;
    o.ignoreEndOfGeneration = true;
    return o;
}

std::shared_ptr<Model> load(const std::string& path, std::uint32_t context)
{
    ModelLoadOptions lo;
    lo.contextLength = context;
    return Model::load(path, lo);
}

// A chat's tokens: a system prompt, the oldest turns a roll-over drops and
// the later turns it keeps.
struct ChatTokens {
    std::vector<std::int32_t> system, old, kept;
};

ChatTokens chatTokens(const Model& model, std::size_t oldCount, std::size_t keptCount)
{
    const std::uint32_t vocab = model.impl().config.vocab;
    return {randomTokens(4, vocab, 5), randomTokens(oldCount, vocab, 6), randomTokens(keptCount, vocab, 7)};
}

} // namespace

class TestSessionKvShift : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;

    // A random model of `arch` ("tiny" preset) with head_dim `headDim` (0: the preset's).
    std::string tinyModel(const std::string& arch, std::uint32_t headDim = 0)
    {
        MakeModelOptions o;
        o.shape = *modelPreset("tiny", arch);
        if (headDim)
            o.shape.headDim = headDim;
        o.fileType = "F32";
        o.vocabulary = test::sharedPath("vocab/ggml-vocab-llama-spm.gguf").toStdString();
        o.seed = 11;
        const std::string path =
            (dir_.path() + "/" + QString::fromStdString(arch) + "-" + QString::number(headDim) + ".gguf").toStdString();
        makeModel(o, path);
        return path;
    }

    std::string modelPath(const QString& which)
    {
        if (which == "stories260K")
            return test::sharedPath("models/stories260K-f32.gguf").toStdString();
        return tinyModel(which.toStdString());
    }

private Q_SLOTS:
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void findsTheDroppedTurns()
    {
        const auto system = range(5, 1), old = range(30, 200), kept = range(40, 400), fresh = range(7, 600);
        const auto cached = concat({system, old, kept});
        const auto span = findRemovedSpan(cached, concat({system, kept, fresh}));
        QVERIFY(span);
        QCOMPARE(span->begin, 5u);
        QCOMPARE(span->end, 35u);
        QCOMPARE(span->kept, 40u);

        // The cache had more after the kept part (an answer re-rendered differently): still found.
        const auto longer = concat({cached, range(9, 800)});
        const auto partial = findRemovedSpan(longer, concat({system, kept, fresh}));
        QVERIFY(partial);
        QCOMPARE(partial->kept, 40u);
        QCOMPARE(partial->end, 35u);
    }

    void findsNothingWhenShiftingIsNotWorthIt()
    {
        const auto system = range(5, 1), old = range(30, 200), kept = range(40, 400), fresh = range(7, 600);
        const auto cached = concat({system, old, kept});
        QVERIFY(!findRemovedSpan(cached, concat({cached, fresh})));        // a follow-up: plain prefix reuse
        QVERIFY(!findRemovedSpan(cached, concat({system, old})));          // a prefix of the cache
        QVERIFY(!findRemovedSpan(cached, concat({system, fresh, kept})));  // something inserted, not only dropped
        QVERIFY(!findRemovedSpan({}, fresh));
        // Fewer than 16 kept tokens: a coincidence, not a kept turn.
        const auto shortKept = std::span(kept).first(15);
        QVERIFY(!findRemovedSpan(concat({system, old, shortKept}), concat({system, shortKept, fresh})));
        // Keeping fewer than the plain prefix reuses is not worth the shift.
        const auto longSystem = range(50, 1);
        QVERIFY(!findRemovedSpan(concat({longSystem, old, kept}), concat({longSystem, kept, fresh})));
    }

    void shiftedCacheMatchesTheReference_data()
    {
        QTest::addColumn<QString>("model");
        QTest::newRow("stories260K llama normal rope") << "stories260K";
        QTest::newRow("qwen2 neox rope") << "qwen2";
        QTest::newRow("qwen3 neox rope, qk norm") << "qwen3";
    }
    // The cache rows after advance() removed a span equal the CPU reference
    // shift of the rows before it; a fresh computation of the same prompt
    // differs in deeper layers (their keys saw the dropped tokens), so the
    // rows were shifted, not recomputed.
    void shiftedCacheMatchesTheReference()
    {
        QFETCH(QString, model);
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-llama-spm.gguf");
        HEARTH_REQUIRE_SHARED(stories, "models/stories260K-f32.gguf");
        auto m = load(modelPath(model), 128);
        const model::ModelConfig& config = m->impl().config;
        SessionOptions so;
        so.contextLength = 128;
        so.batchSize = 32; // several batches before and after
        engine::StepRunner runner(m->impl(), so);
        QVERIFY(runner.canRemoveTokens());

        const auto before = randomTokens(70, config.vocab, 3);
        runner.evaluate(before, false);
        const std::uint32_t begin = 6, end = 24, length = 70, newLength = length - (end - begin);
        std::vector<std::vector<std::uint16_t>> kWant, vWant;
        for (std::uint32_t layer = 0; layer < config.layers; ++layer) {
            kWant.push_back(runner.forward().cacheRows(true, layer, length));
            vWant.push_back(runner.forward().cacheRows(false, layer, length));
            ops::cpu::kvShift(config.rope, kWant.back(), vWant.back(), config.kvHeads, begin, end, length);
        }

        const auto added = randomTokens(5, config.vocab, 4);
        const auto prompt = concat({std::span(before).first(begin), std::span(before).subspan(end), added});
        QCOMPARE(runner.reusable(prompt), newLength);
        std::uint32_t processed = 0;
        runner.advance(prompt, {}, &processed);
        QCOMPARE(processed, std::uint32_t(added.size()));
        QCOMPARE(runner.cachedTokens(), prompt);

        engine::StepRunner fresh(m->impl(), so);
        fresh.evaluate(prompt, false);
        float freshDeparts = 0;
        const std::size_t rowElements = config.kvDim();
        for (std::uint32_t layer = 0; layer < config.layers; ++layer) {
            const auto k = runner.forward().cacheRows(true, layer, newLength);
            const auto v = runner.forward().cacheRows(false, layer, newLength);
            kWant[layer].resize(newLength * rowElements);
            vWant[layer].resize(newLength * rowElements);
            QCOMPARE(v, vWant[layer]);
            const float diff = largestDifference(k, kWant[layer]);
            QVERIFY2(diff <= 4e-3f * 8, qPrintable(QString("layer %1 keys differ by %2").arg(layer).arg(diff)));
            freshDeparts = std::max(freshDeparts, largestDifference(v, fresh.forward().cacheRows(false, layer, newLength)));
        }
        QVERIFY2(freshDeparts > 1e-2f, qPrintable(QString("a fresh computation differs only by %1").arg(freshDeparts)));
    }

    // Through the public Session: generate() after a chat dropped its oldest
    // turns reuses the tokens around them and keeps generating.
    void generateReusesTheTokensAroundADroppedSpan()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-llama-spm.gguf");
        auto m = load(tinyModel("qwen2"), 128);
        Session session(m, {128, 64});
        const auto [system, old, kept] = chatTokens(*m, 40, 50);
        const auto first = concat({system, old, kept});
        auto stats = session.generate(first, greedy(4), [](const TextPiece&) {});
        QCOMPARE(stats.generatedTokens, 4u);

        const auto added = randomTokens(6, m->impl().config.vocab, 8);
        const auto next = concat({system, kept, added});
        QCOMPARE(session.reusableTokens(next), std::uint32_t(system.size() + kept.size()));
        std::vector<std::int32_t> ids;
        GenerationOptions options = greedy(8);
        options.onToken = [&](std::int32_t id) { ids.push_back(id); };
        stats = session.generate(next, options, [](const TextPiece&) {});
        QCOMPARE(stats.promptTokens, std::uint32_t(next.size()));
        QCOMPARE(stats.reusedTokens, std::uint32_t(system.size() + kept.size()));
        QVERIFY(stats.reusedTokens > stats.promptTokens - added.size() - 1);
        QCOMPARE(stats.finishReason, FinishReason::Length);
        QCOMPARE(stats.generatedTokens, 8u);
        QCOMPARE(ids.size(), 8u);
        // The cache holds the prompt and what was generated after it (the last token is not yet run).
        const auto& cached = session.cachedTokens();
        QVERIFY(std::equal(next.begin(), next.end(), cached.begin()));
        QCOMPARE(cached.size(), next.size() + ids.size() - 1);
    }

    void removeTokensChecksItsSpan()
    {
        HEARTH_REQUIRE_SHARED(stories, "models/stories260K-f32.gguf");
        auto m = load(modelPath("stories260K"), 64);
        Session session(m, {64, 64});
        const auto tokens = randomTokens(20, m->impl().config.vocab, 9);
        session.evaluate(tokens);
        QVERIFY_THROWS_EXCEPTION(Error, session.removeTokens(5, 5));
        QVERIFY_THROWS_EXCEPTION(Error, session.removeTokens(5, 21));
        QCOMPARE(session.cachedTokens(), tokens);
        session.removeTokens(2, 8);
        QCOMPARE(session.cachedTokens(), concat({std::span(tokens).first(2), std::span(tokens).subspan(8)}));
        session.removeTokens(10, 14); // the last ones: nothing to move
        QCOMPARE(session.cachedTokens().size(), 10u);
    }

    // NeoX RoPE over 6 dimensions: its halves are not whole f16 pairs, so the
    // keys cannot be re-rotated: removeTokens says so, generate reads the
    // prompt again after the shared prefix.
    void unshiftableModelRecomputes()
    {
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-llama-spm.gguf");
        auto m = load(tinyModel("qwen2", 6), 128);
        Session session(m, {128, 64});
        QVERIFY(!session.canRemoveTokens());
        const auto [system, old, kept] = chatTokens(*m, 30, 40);
        session.evaluate(concat({system, old, kept}));
        try {
            session.removeTokens(4, 34);
            QFAIL("keys that cannot be re-rotated were shifted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("cannot be shifted"), e.what());
        }
        const auto next = concat({system, kept, randomTokens(3, m->impl().config.vocab, 8)});
        QCOMPARE(session.reusableTokens(next), std::uint32_t(system.size()));
        const auto stats = session.generate(next, greedy(2), [](const TextPiece&) {});
        QCOMPARE(stats.reusedTokens, std::uint32_t(system.size()));
    }
};

QTEST_GUILESS_MAIN(TestSessionKvShift)
#include "test_session_kv_shift.moc"
