#include "fit_estimate.h"

#include "core/size_text.h"

#include <QCoreApplication>

#include <algorithm>
#include <array>
#include <cmath>

namespace hearth::ui {
namespace {

struct QuantInfo {
    const char* label;
    double bits; // average bits per weight over a typical file
    int rank;    // quality order; -1: the engine cannot run it
};

// Bits per weight as llama.cpp reports them for 7B-class files (mixes such
// as Q4_K_M keep some tensors at higher precision). IQ*, Q2_K, Q3_K*, TQ*
// and MXFP4 need kernels the engine does not have.
constexpr std::array kQuants{
    QuantInfo{"F32", 32.0, 120},  QuantInfo{"F16", 16.0, 110},   QuantInfo{"BF16", 16.0, 110},
    QuantInfo{"Q8_0", 8.5, 100},  QuantInfo{"Q6_K", 6.56, 90},   QuantInfo{"Q5_K_M", 5.69, 80},
    QuantInfo{"Q5_K", 5.69, 80},  QuantInfo{"Q5_K_S", 5.54, 75}, QuantInfo{"Q5_1", 6.0, 72},
    QuantInfo{"Q5_0", 5.5, 70},   QuantInfo{"Q4_K_M", 4.85, 60}, QuantInfo{"Q4_K", 4.85, 60},
    QuantInfo{"Q4_K_S", 4.58, 55}, QuantInfo{"Q4_1", 5.0, 52},   QuantInfo{"Q4_0", 4.5, 50},
    QuantInfo{"Q3_K_L", 4.27, -1}, QuantInfo{"Q3_K_M", 3.91, -1}, QuantInfo{"Q3_K_S", 3.5, -1},
    QuantInfo{"Q2_K", 3.0, -1},   QuantInfo{"IQ4_XS", 4.25, -1}, QuantInfo{"IQ4_NL", 4.5, -1},
    QuantInfo{"IQ3_M", 3.7, -1},  QuantInfo{"IQ3_XS", 3.3, -1},  QuantInfo{"IQ3_XXS", 3.06, -1},
    QuantInfo{"IQ2_M", 2.7, -1},  QuantInfo{"IQ2_XS", 2.31, -1}, QuantInfo{"IQ2_XXS", 2.06, -1},
    QuantInfo{"IQ1_M", 1.75, -1}, QuantInfo{"IQ1_S", 1.56, -1},  QuantInfo{"TQ1_0", 1.69, -1},
    QuantInfo{"TQ2_0", 2.06, -1}, QuantInfo{"MXFP4", 4.25, -1},
};

// Files without a recognisable label: assume a typical 5-bit mix.
constexpr double kUnknownBits = 5.0;

const QuantInfo* findQuant(const QString& quant)
{
    for (const QuantInfo& q : kQuants)
        if (quant.compare(QLatin1String(q.label), Qt::CaseInsensitive) == 0)
            return &q;
    return nullptr;
}

// The heuristic, in the absence of the GGUF header:
//  - parameters = file bits / the quant's bits per weight;
//  - KV cache (F16 K and V) per token ~ 18 bytes per million parameters.
//    Grouped-query models measure 12-16 (Llama 3 8B: 128 KiB/token for
//    8.0B, Mistral 7B: 128 KiB for 7.2B, Qwen2.5 0.5B: 12 KiB for 0.49B);
//    rounding up keeps the verdict on the safe side. Old full-attention
//    models (Llama 2) need ~4x more: they may get a too-kind verdict.
//  - scratch: 128 MiB fixed (driver, logits, staging) plus 64 KiB per
//    context token (one layer's f32 attention scores for a 512-token batch
//    with 32 heads, the largest buffer estimateMemory() counts).
constexpr double kKvBytesPerParamPerToken = 18e-6;
constexpr quint64 kFixedScratchBytes = 128ull << 20;
constexpr quint64 kScratchBytesPerToken = 64ull << 10;

QString tr(const char* text)
{
    return QCoreApplication::translate("FitEstimate", text);
}

} // namespace

bool isRunnableQuant(const QString& quant)
{
    if (quant.isEmpty())
        return true;
    const QuantInfo* info = findQuant(quant);
    return info && info->rank >= 0;
}

double bitsPerWeight(const QString& quant)
{
    const QuantInfo* info = findQuant(quant);
    return info ? info->bits : 0.0;
}

int qualityRank(const QString& quant)
{
    if (quant.isEmpty())
        return 0; // runnable, but nothing says how good it is
    const QuantInfo* info = findQuant(quant);
    return info ? info->rank : -1;
}

bool isUnquantised(const QString& quant)
{
    return quant.compare("F32", Qt::CaseInsensitive) == 0 || quant.compare("F16", Qt::CaseInsensitive) == 0 ||
           quant.compare("BF16", Qt::CaseInsensitive) == 0;
}

quint64 estimateNeededBytes(const FitInput& file, quint32 context)
{
    double parameters = double(file.parameterCount);
    if (parameters <= 0) {
        const double bits = bitsPerWeight(file.quant) > 0 ? bitsPerWeight(file.quant) : kUnknownBits;
        parameters = double(file.fileBytes) * 8.0 / bits;
    }
    const double kvPerToken = parameters * kKvBytesPerParamPerToken;
    const auto kv = quint64(std::ceil(kvPerToken * double(context)));
    return file.fileBytes + kv + kFixedScratchBytes + kScratchBytesPerToken * context;
}

FitResult estimateFit(const FitInput& file, quint64 deviceMemory)
{
    FitResult r;
    r.context = file.trainedContext > 0 ? std::min(file.trainedContext, kDefaultContext) : kDefaultContext;
    r.neededBytes = estimateNeededBytes(file, r.context);
    r.shortNeededBytes = estimateNeededBytes(file, std::min(kShortContext, r.context));
    if (!isRunnableQuant(file.quant))
        r.fit = Fit::Unsupported;
    else if (deviceMemory == 0)
        r.fit = Fit::Unknown;
    else if (r.neededBytes <= deviceMemory)
        r.fit = Fit::Fits;
    else if (r.shortNeededBytes <= deviceMemory)
        r.fit = Fit::ShortContext;
    else
        r.fit = Fit::WontFit;
    return r;
}

int recommendedIndex(const QList<FitInput>& files, const QList<FitResult>& fits)
{
    const auto pick = [&](Fit wanted) {
        int best = -1;
        // Quantised files first: a quant that fits is the better download
        // than an F16 that also fits (half the size, hardly worse).
        const auto key = [&](qsizetype i) {
            return std::pair(isUnquantised(files[i].quant) ? 0 : 1, qualityRank(files[i].quant));
        };
        for (qsizetype i = 0; i < std::min(files.size(), fits.size()); ++i)
            if (fits[i].fit == wanted && (best < 0 || key(i) > key(best)))
                best = int(i);
        return best;
    };
    const int full = pick(Fit::Fits);
    return full >= 0 ? full : pick(Fit::ShortContext);
}

QString fitKey(Fit fit)
{
    switch (fit) {
    case Fit::Fits: return "fits";
    case Fit::ShortContext: return "short";
    case Fit::WontFit: return "wont";
    case Fit::Unsupported: return "unsupported";
    case Fit::Unknown: break;
    }
    return {};
}

QString fitText(const FitResult& result, const QString& quant, quint64 deviceMemory)
{
    switch (result.fit) {
    case Fit::Fits:
        return tr("Fits in GPU memory (about %1 of %2)").arg(bytesText(result.neededBytes), bytesText(deviceMemory));
    case Fit::ShortContext:
        return tr("Fits only with a short context (up to %1 tokens; about %2 of %3)")
            .arg(QString::number(kShortContext), bytesText(result.shortNeededBytes), bytesText(deviceMemory));
    case Fit::WontFit:
        return tr("Won't fit: needs about %1; this GPU has %2")
            .arg(bytesText(result.shortNeededBytes), bytesText(deviceMemory));
    case Fit::Unsupported:
        return tr("Hearth can't run %1 files yet").arg(quant);
    case Fit::Unknown: break;
    }
    return {};
}

} // namespace hearth::ui
