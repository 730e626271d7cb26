#pragma once

// Will a GGUF file from the Hub run on this GPU? Decided from what the Hub
// tells us before any download: the file size and the quantisation in its
// name (the GGUF header, with the real layer shapes, is not available yet).

#include <QList>
#include <QString>

namespace hearth::ui {

enum class Fit {
    Unknown,      ///< device memory unknown: no verdict
    Fits,         ///< weights, KV cache and scratch for the default context fit
    ShortContext, ///< fits only with a short context (kShortContext tokens)
    WontFit,      ///< not even with a short context
    Unsupported,  ///< the engine cannot run this quantisation
};

struct FitInput {
    quint64 fileBytes = 0;        // all parts of the file group
    QString quant;                // "Q4_K_M"; empty when the name does not say
    quint32 trainedContext = 0;   // 0: unknown
    quint64 parameterCount = 0;   // 0: derived from the size and the quant's bits per weight
};

struct FitResult {
    Fit fit = Fit::Unknown;
    quint32 context = 0;          // the context the full verdict assumes
    quint64 neededBytes = 0;      // memory for `context` tokens
    quint64 shortNeededBytes = 0; // memory for kShortContext tokens
};

// The context a new chat gets by default (Settings' default), capped at the
// trained context; and the "short" context that still makes a model usable.
inline constexpr quint32 kDefaultContext = 4096;
inline constexpr quint32 kShortContext = 1024;

// Whether the engine has kernels for every tensor type files of this
// quantisation hold (F32, F16, BF16, Q4_0, Q4_1, Q5_0, Q5_1, Q8_0, Q4_K,
// Q5_K, Q6_K). An empty label (unknown) counts as runnable.
bool isRunnableQuant(const QString& quant);
// Average bits per weight of a quantisation (llama.cpp's figures); 0 when unknown.
double bitsPerWeight(const QString& quant);
// Higher is better quality; -1 for quantisations the engine cannot run.
int qualityRank(const QString& quant);
bool isUnquantised(const QString& quant); // F32, F16, BF16

// Memory needed to run the file with `context` tokens (see the .cpp for
// the heuristic).
quint64 estimateNeededBytes(const FitInput& file, quint32 context);
FitResult estimateFit(const FitInput& file, quint64 deviceMemory);

// The file to suggest: the highest-quality runnable quant that fits fully,
// quantised files before F16/BF16/F32; when none fits fully, the same order
// among those that fit with a short context. -1 when nothing fits or the
// device memory is unknown.
int recommendedIndex(const QList<FitInput>& files, const QList<FitResult>& fits);

// "fits" / "short" / "wont" / "unsupported" / "" for QML.
QString fitKey(Fit fit);
// One sentence for the file row, e.g. "Fits in GPU memory (about 5.1 GiB of 8.0 GiB)".
QString fitText(const FitResult& result, const QString& quant, quint64 deviceMemory);

} // namespace hearth::ui
