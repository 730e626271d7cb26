#pragma once

// Which models can be resident on the GPU together. Compare runs 2 to 4
// models on one prompt: those that fit together are loaded together and
// generate at the same time; the rest wait for memory and run after them,
// one group ("wave") after another. A model that cannot fit even alone is
// refused before anything is loaded, so nothing fails half-way.

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace hearth::backend {

struct ModelNeed {
    QString name;             // how the user knows it (file name)
    std::uint64_t bytes = 0;  // weights + KV cache + scratch (hearth::estimateMemory)
};

struct ResidencyPlan {
    // Groups of model indices in the order given; each group fits in memory
    // at once. One group: everything runs together.
    std::vector<std::vector<int>> waves;
    QString refusal; // non-empty: nothing may run (says which model and why)

    bool refused() const { return !refusal.isEmpty(); }
    bool together() const { return !refused() && waves.size() <= 1; }
    int waveOf(int model) const; // -1 when refused
    // "Waiting for memory: runs after A and B" for a model of a later wave;
    // empty for the first.
    QString waitingText(int model, const std::vector<ModelNeed>& models) const;
};

// `availableBytes`: the device memory the models may use. Groups are filled
// in the given order (a model never overtakes one listed before it).
ResidencyPlan planResidency(const std::vector<ModelNeed>& models, std::uint64_t availableBytes);

} // namespace hearth::backend
