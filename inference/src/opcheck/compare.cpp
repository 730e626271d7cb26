#include "opcheck/compare.h"

#include <cmath>
#include <cstdio>
#include <limits>

namespace hearth::opcheck {

Comparison compareOutputs(const std::vector<float>& got, const std::vector<double>& want)
{
    Comparison c;
    if (got.size() != want.size()) {
        c.maxError = std::numeric_limits<double>::infinity();
        c.worstAt = "got " + std::to_string(got.size()) + " values, want " + std::to_string(want.size());
        return c;
    }
    std::size_t worst = got.size();
    for (std::size_t i = 0; i < got.size(); ++i) {
        double e = std::abs(double(got[i]) - want[i]) / (1.0 + std::abs(want[i]));
        if (std::isnan(e))
            e = std::numeric_limits<double>::infinity();
        if (e > c.maxError) {
            c.maxError = e;
            worst = i;
        }
    }
    if (worst < got.size()) {
        char text[160];
        std::snprintf(text, sizeof text, "element %zu: got %.9g, want %.9g", worst, double(got[worst]), want[worst]);
        c.worstAt = text;
    }
    return c;
}

void corrupt(std::vector<float>& got)
{
    if (got.empty())
        return;
    float& v = got[got.size() / 2];
    v = v + 1.0f + std::abs(v);
}

} // namespace hearth::opcheck
