#pragma once

// CPU reference for selecting from a row of logits (argmax, top-k). Ties go
// to the lowest index, which makes the answer unique and lets the GPU
// results be compared exactly.

#include <cstdint>
#include <span>
#include <vector>

namespace hearth::ops::cpu {

struct Selected {
    std::uint32_t index = 0;
    float value = 0;
    bool operator==(const Selected&) const = default;
};

Selected argmax(std::span<const float> row);
// The k largest entries, best first (larger value, then lower index).
std::vector<Selected> topK(std::span<const float> row, std::uint32_t k);

} // namespace hearth::ops::cpu
