// Which models share the GPU: together, one group after another, or refused
// up front.

#include "services/backend/residency_plan.h"

#include <QtTest>

using namespace hearth::backend;

namespace {
constexpr std::uint64_t GiB = 1ull << 30;
}

class ResidencyPlanTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void modelsThatFitTogetherRunTogether()
    {
        const std::vector<ModelNeed> models{{"a.gguf", 3 * GiB}, {"b.gguf", 4 * GiB}};
        const ResidencyPlan plan = planResidency(models, 8 * GiB);
        QVERIFY(plan.together());
        QCOMPARE(plan.waves.size(), size_t(1));
        QCOMPARE(plan.waves[0], (std::vector<int>{0, 1}));
        QCOMPARE(plan.waitingText(1, models), QString());
    }

    void theRestWaitForMemoryInOrder()
    {
        const std::vector<ModelNeed> models{
            {"a.gguf", 3 * GiB}, {"b.gguf", 4 * GiB}, {"c.gguf", 5 * GiB}, {"d.gguf", 1 * GiB}};
        const ResidencyPlan plan = planResidency(models, 8 * GiB);
        QVERIFY(!plan.together());
        QVERIFY(!plan.refused());
        QCOMPARE(plan.waves.size(), size_t(2));
        QCOMPARE(plan.waves[0], (std::vector<int>{0, 1}));
        QCOMPARE(plan.waves[1], (std::vector<int>{2, 3})); // d never overtakes c
        QCOMPARE(plan.waveOf(3), 1);
        QCOMPARE(plan.waitingText(2, models), QString("Waiting for memory: runs after a.gguf and b.gguf"));
    }

    void exactlyFullStillFits()
    {
        const ResidencyPlan plan = planResidency({{"a", 4 * GiB}, {"b", 4 * GiB}}, 8 * GiB);
        QVERIFY(plan.together());
    }

    void aModelTooBigAloneIsRefusedBeforeAnythingLoads()
    {
        const ResidencyPlan plan = planResidency({{"small.gguf", 1 * GiB}, {"huge.gguf", 20 * GiB}}, 8 * GiB);
        QVERIFY(plan.refused());
        QVERIFY(plan.waves.empty());
        QVERIFY2(plan.refusal.contains("huge.gguf") && plan.refusal.contains("20.00 GiB"),
                 qPrintable(plan.refusal));
        QCOMPARE(plan.waveOf(0), -1);
    }
};

QTEST_GUILESS_MAIN(ResidencyPlanTest)
#include "test_residency_plan.moc"
