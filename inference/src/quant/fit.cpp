// Small scale searches shared by the quantisers (see fit.h for the why).

#include "quant/fit.h"

#include "hearth/tensor_types.h"

#include <algorithm>
#include <limits>

namespace hearth::quant {

float roundThroughHalf(float v)
{
    return halfToFloat(floatToHalf(v));
}

namespace {

double symmetricError(const float* x, int n, float d, int qmin, int qmax, double* sumXQ, double* sumQQ)
{
    const float inv = d != 0.0f ? 1.0f / d : 0.0f;
    double err = 0, xq = 0, qq = 0;
    for (int i = 0; i < n; ++i) {
        const int q = roundClamp(x[i] * inv, qmin, qmax);
        const double diff = double(x[i]) - double(d) * q;
        err += diff * diff;
        xq += double(x[i]) * q;
        qq += double(q) * q;
    }
    *sumXQ = xq;
    *sumQQ = qq;
    return err;
}

// Codes for x ≈ d*q + m, and the squared error; also the sums needed for a
// least-squares refit of (d, m) with those codes fixed.
struct AffineSums {
    double err = 0, q = 0, qq = 0, x = 0, xq = 0;
};

AffineSums affineSums(const float* x, int n, float d, float m, int qmax)
{
    AffineSums s;
    const float inv = d != 0.0f ? 1.0f / d : 0.0f;
    for (int i = 0; i < n; ++i) {
        const int q = roundClamp((x[i] - m) * inv, 0, qmax);
        const double diff = double(x[i]) - (double(d) * q + m);
        s.err += diff * diff;
        s.q += q;
        s.qq += double(q) * q;
        s.x += x[i];
        s.xq += double(x[i]) * q;
    }
    return s;
}

} // namespace

float fitSymmetric(const float* x, int n, int qmin, int qmax, bool halfScale)
{
    // The value with the largest magnitude decides the natural scale.
    float peak = 0.0f;
    for (int i = 0; i < n; ++i)
        if (std::fabs(x[i]) > std::fabs(peak))
            peak = x[i];
    if (peak == 0.0f || !std::isfinite(peak))
        return 0.0f;

    auto store = [&](float d) { return halfScale ? roundThroughHalf(d) : d; };
    float bestD = 0.0f;
    double bestErr = std::numeric_limits<double>::infinity();
    auto consider = [&](float d) {
        double xq, qq;
        const double err = symmetricError(x, n, d, qmin, qmax, &xq, &qq);
        if (err < bestErr) {
            bestErr = err;
            bestD = d;
        }
        // Least-squares scale for these codes, tried once as well.
        if (qq > 0) {
            const float refit = store(float(xq / qq));
            double xq2, qq2;
            const double err2 = symmetricError(x, n, refit, qmin, qmax, &xq2, &qq2);
            if (err2 < bestErr) {
                bestErr = err2;
                bestD = refit;
            }
        }
    };
    // Map the peak onto the most negative code (the wider side) and onto the
    // positive end, moved by up to a few steps: past the end the peak is
    // clipped in exchange for a finer step for everything else, which
    // usually wins when one value stands out; short of it leaves headroom.
    static constexpr float kSteps[] = {-1.0f, -0.5f, 0.0f, 0.5f, 1.0f, 1.5f, 2.0f, 3.0f};
    for (float step : kSteps) {
        consider(store(peak / (float(qmin) - step)));
        consider(store(peak / (float(qmax) + step)));
    }
    return bestD;
}

AffineFit fitAffine(const float* x, int n, int qmax, bool nonPositiveMin, bool halfScale)
{
    float lo = x[0], hi = x[0];
    for (int i = 1; i < n; ++i) {
        lo = std::min(lo, x[i]);
        hi = std::max(hi, x[i]);
    }
    if (nonPositiveMin)
        lo = std::min(lo, 0.0f);
    auto store = [&](float v) { return halfScale ? roundThroughHalf(v) : v; };
    if (!(hi > lo) || !std::isfinite(hi - lo))
        return {0.0f, store(nonPositiveMin ? std::min(lo, 0.0f) : lo)};

    AffineFit best{0.0f, 0.0f};
    double bestErr = std::numeric_limits<double>::infinity();
    auto consider = [&](float d, float m) {
        if (nonPositiveMin)
            m = std::min(m, 0.0f);
        d = store(std::max(d, 0.0f));
        m = store(m);
        const AffineSums s = affineSums(x, n, d, m, qmax);
        if (s.err < bestErr) {
            bestErr = s.err;
            best = {d, m};
        }
        return s;
    };
    const float range = hi - lo;
    for (int a = 0; a < 3; ++a) {
        for (int b = 0; b < 3; ++b) {
            // Trim up to 8% of the range at either end.
            const float low = nonPositiveMin && lo == 0.0f ? 0.0f : lo + 0.04f * float(a) * range;
            const float high = hi - 0.04f * float(b) * range;
            if (!(high > low))
                continue;
            const AffineSums s = consider((high - low) / float(qmax), low);
            // Least-squares (d, m) for the codes just chosen.
            const double det = double(n) * s.qq - s.q * s.q;
            if (det > 0) {
                const double d = (double(n) * s.xq - s.q * s.x) / det;
                const double m = (s.x - d * s.q) / double(n);
                if (nonPositiveMin && m > 0 && s.qq > 0)
                    consider(float(s.xq / s.qq), 0.0f); // best d with m pinned to 0
                else
                    consider(float(d), float(m));
            }
        }
    }
    return best;
}

} // namespace hearth::quant
