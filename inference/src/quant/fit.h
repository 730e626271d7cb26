#pragma once

// Private to src/quant: choosing block scales for quantisation.
//
// Plain round-to-nearest with the obvious scale (max / largest code) wastes
// accuracy when one outlier sets the scale, so each fit tries a handful of
// candidate scales, refits the best scale for each set of codes by least
// squares, and keeps whichever gives the smallest squared error. This is a
// deliberately small search: enough to beat naive rounding everywhere while
// keeping quantisation fast.

#include <cmath>
#include <cstdint>

namespace hearth::quant {

// Rounds to the nearest integer and clamps to [lo, hi]. A NaN input becomes
// `lo` instead of undefined behaviour in the float -> int conversion.
inline int roundClamp(float v, int lo, int hi)
{
    float r = std::nearbyint(v);
    r = std::fmax(r, float(lo));
    r = std::fmin(r, float(hi));
    return int(r);
}

// What a scale becomes once stored as f16 (the error must be judged on it).
float roundThroughHalf(float v);

// Best d for x ≈ d * q with integer q in [qmin, qmax]. With `halfScale` the
// returned d is already representable as f16. Returns 0 for all-zero input.
float fitSymmetric(const float* x, int n, int qmin, int qmax, bool halfScale);

// Best (d, m) for x ≈ d * q + m with integer q in [0, qmax] and d >= 0.
// With `nonPositiveMin`, m <= 0 (the K types store -m as an unsigned min).
struct AffineFit {
    float d;
    float m;
};
AffineFit fitAffine(const float* x, int n, int qmax, bool nonPositiveMin, bool halfScale);

} // namespace hearth::quant
