#pragma once

#include <cstddef>
#include <string>
#include <vector>

namespace hearth::opcheck {

struct Comparison {
    double maxError = 0;  // max |got - want| / (1 + |want|); infinity for NaN or a size mismatch
    std::string worstAt;  // "element 12: got 0.5, want 0.25"
};

Comparison compareOutputs(const std::vector<float>& got, const std::vector<double>& want);

// Test hook: damages the middle value so a correct op must be reported FAIL.
void corrupt(std::vector<float>& got);

} // namespace hearth::opcheck
