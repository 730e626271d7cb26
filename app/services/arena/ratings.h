#pragma once

// Ratings from blind side-by-side votes: a Bradley-Terry model on the Elo
// scale, P(i beats j) = 1 / (1 + 10^((R_j - R_i) / 400)), fitted by maximum
// likelihood. A tie or "both bad" counts as half a win for each side.
// Ratings are shifted so their mean is 1000; the 95% intervals are the 2.5 /
// 97.5 percentiles over bootstrap resamples of the votes.
//
// When the maximum-likelihood ratings do not exist (a model that never lost
// or never won, or groups of models never compared with each other, would
// go to +-infinity), every model also gets one virtual tie against an
// average opponent. That keeps every rating finite; `notes` says which
// models it concerns and how to read them.

#include <QString>
#include <QStringList>

#include <cstdint>
#include <vector>

namespace hearth::arena {

enum class Verdict { A, B, Tie, BothBad };

QString verdictName(Verdict verdict); // "a", "b", "tie", "both_bad"
bool verdictFromName(const QString& name, Verdict* verdict);

struct Vote {
    QString a;
    QString b;
    Verdict verdict = Verdict::Tie;
    QString category; // the user's tag (coding, writing, ...); empty: none
};

struct ModelRating {
    QString model;
    double rating = 1000;
    double ciLow = 1000;
    double ciHigh = 1000;
    int votes = 0;
    int wins = 0;
    int ties = 0; // ties and "both bad"
    int losses = 0;

    // Percent of the points it took (a tie counts half); 0 without votes.
    double winShare() const { return votes > 0 ? 100.0 * (wins + 0.5 * ties) / votes : 0; }
};

struct RatingsOptions {
    int bootstrap = 1000;   // resamples for the intervals; 0: no intervals (they equal the rating)
    std::uint64_t seed = 0; // of the resampling, so a run can be repeated
};

struct Ratings {
    int votes = 0;
    std::vector<ModelRating> ratings; // best first
    bool regularised = false;         // the virtual ties were needed
    QStringList notes;                // sentences for the user
};

// Votes of a model against itself are ignored (they say nothing).
Ratings computeRatings(const std::vector<Vote>& votes, const RatingsOptions& options = {});

// The fit alone, for tests: ratings (mean 1000) of `models` in that order.
std::vector<double> fitRatings(const QStringList& models, const std::vector<Vote>& votes, bool* regularised = nullptr);

} // namespace hearth::arena
