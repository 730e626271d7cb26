#include "services/backend/residency_plan.h"

#include "core/size_text.h"

namespace hearth::backend {

int ResidencyPlan::waveOf(int model) const
{
    for (size_t w = 0; w < waves.size(); ++w)
        for (int m : waves[w])
            if (m == model)
                return int(w);
    return -1;
}

QString ResidencyPlan::waitingText(int model, const std::vector<ModelNeed>& models) const
{
    const int wave = waveOf(model);
    if (wave <= 0)
        return {};
    QStringList before;
    for (int m : waves[size_t(wave) - 1])
        before.append(models[size_t(m)].name);
    return QString("Waiting for memory: runs after %1").arg(before.join(" and "));
}

ResidencyPlan planResidency(const std::vector<ModelNeed>& models, std::uint64_t availableBytes)
{
    ResidencyPlan plan;
    for (const ModelNeed& m : models) {
        if (m.bytes > availableBytes) {
            plan.refusal = QString("%1 needs %2 of GPU memory and only %3 is available, so it cannot run even "
                                   "on its own. Pick a smaller quantisation or a shorter context.")
                               .arg(m.name, bytesText(m.bytes), bytesText(availableBytes));
            plan.waves.clear();
            return plan;
        }
    }
    std::uint64_t used = 0;
    for (int i = 0; i < int(models.size()); ++i) {
        const std::uint64_t bytes = models[size_t(i)].bytes;
        if (plan.waves.empty() || used + bytes > availableBytes) {
            plan.waves.push_back({});
            used = 0;
        }
        plan.waves.back().push_back(i);
        used += bytes;
    }
    return plan;
}

} // namespace hearth::backend
