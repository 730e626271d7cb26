// The fit heuristic of the model page: which files run, which fit a GPU
// fully or only with a short context, and which file we recommend.

#include "hub/fit_estimate.h"
#include "hub/hub_text.h"

#include <QtTest>

using namespace hearth::ui;

namespace {

constexpr quint64 kGiB = 1ull << 30;
constexpr quint64 kMiB = 1ull << 20;

FitInput file(double gib, const QString& quant)
{
    return FitInput{quint64(gib * double(kGiB)), quant, 0, 0};
}

} // namespace

class TestFitEstimate : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void runnableQuants()
    {
        for (const char* q : {"F32", "F16", "BF16", "Q4_0", "Q4_1", "Q5_0", "Q5_1", "Q8_0", "Q4_K_M", "Q4_K_S",
                              "Q5_K_M", "Q5_K_S", "Q6_K", "q4_k_m", ""})
            QVERIFY2(isRunnableQuant(q), q);
        for (const char* q : {"IQ4_XS", "IQ2_XXS", "Q2_K", "Q3_K_M", "Q3_K_L", "TQ1_0", "MXFP4", "Q4_0_4_4"})
            QVERIFY2(!isRunnableQuant(q), q);
        QVERIFY(qualityRank("Q8_0") > qualityRank("Q6_K"));
        QVERIFY(qualityRank("Q6_K") > qualityRank("Q5_K_M"));
        QVERIFY(qualityRank("Q4_K_M") > qualityRank("Q4_0"));
        QCOMPARE(qualityRank("IQ4_XS"), -1);
    }

    void neededBytesFollowTheHeuristic()
    {
        // An 8B model at Q4_K_M (4.58 GiB): 8.1e9 parameters -> ~146 KB of KV
        // cache per token, in line with Llama 3 8B's real 128 KiB.
        const FitInput llama8b = file(4.58, "Q4_K_M");
        const quint64 at4k = estimateNeededBytes(llama8b, 4096);
        const quint64 at1k = estimateNeededBytes(llama8b, 1024);
        const double params = double(llama8b.fileBytes) * 8.0 / 4.85;
        const double expected4k = double(llama8b.fileBytes) + params * 18e-6 * 4096 + double(128 * kMiB) +
                                  double(64 * 1024) * 4096;
        QVERIFY(std::abs(double(at4k) - expected4k) < 4096);
        QVERIFY(at4k > at1k);
        QVERIFY(at4k > 5 * kGiB && at4k < 6 * kGiB); // about 5.4 GiB, as llama.cpp reports
        // A parameter count from the header wins over the size guess.
        FitInput known = llama8b;
        known.parameterCount = 1000000000;
        QVERIFY(estimateNeededBytes(known, 4096) < at4k);
    }

    void verdicts()
    {
        const FitInput q4 = file(4.58, "Q4_K_M");
        QCOMPARE(estimateFit(q4, 8 * kGiB).fit, Fit::Fits);
        QCOMPARE(estimateFit(q4, 0).fit, Fit::Unknown);
        QCOMPARE(estimateFit(q4, 2 * kGiB).fit, Fit::WontFit);
        // Between the short-context and the full need: short.
        const FitResult r = estimateFit(q4, 8 * kGiB);
        QCOMPARE(r.context, kDefaultContext);
        const quint64 between = (r.neededBytes + r.shortNeededBytes) / 2;
        QCOMPARE(estimateFit(q4, between).fit, Fit::ShortContext);
        QCOMPARE(estimateFit(q4, r.neededBytes).fit, Fit::Fits);
        QCOMPARE(estimateFit(q4, r.shortNeededBytes - 1).fit, Fit::WontFit);
        // Unsupported wins over any amount of memory.
        QCOMPARE(estimateFit(file(4.0, "IQ4_XS"), 80 * kGiB).fit, Fit::Unsupported);
        // A short trained context caps the default.
        FitInput shortTrained = q4;
        shortTrained.trainedContext = 2048;
        QCOMPARE(estimateFit(shortTrained, 8 * kGiB).context, 2048u);
    }

    void texts()
    {
        const FitInput q4 = file(4.58, "Q4_K_M");
        QCOMPARE(fitKey(Fit::Fits), QString("fits"));
        QCOMPARE(fitKey(Fit::ShortContext), QString("short"));
        QCOMPARE(fitKey(Fit::WontFit), QString("wont"));
        QCOMPARE(fitKey(Fit::Unsupported), QString("unsupported"));
        QCOMPARE(fitKey(Fit::Unknown), QString());
        QVERIFY(fitText(estimateFit(q4, 8 * kGiB), "Q4_K_M", 8 * kGiB).startsWith("Fits in GPU memory"));
        QVERIFY(fitText(estimateFit(q4, 8 * kGiB), "Q4_K_M", 8 * kGiB).contains("8.00 GiB"));
        QVERIFY(fitText(estimateFit(q4, 2 * kGiB), "Q4_K_M", 2 * kGiB).startsWith("Won't fit"));
        QCOMPARE(fitText(estimateFit(file(4, "IQ4_XS"), 8 * kGiB), "IQ4_XS", 8 * kGiB),
                 QString("Hearth can't run IQ4_XS files yet"));
        QCOMPARE(fitText(estimateFit(q4, 0), "Q4_K_M", 0), QString());
    }

    void recommendation()
    {
        // A 7B repo: on 8 GiB the best quant that fits is Q6_K; F16 never.
        const QList<FitInput> files{file(2.7, "Q2_K"), file(4.1, "Q4_0"),   file(4.37, "Q4_K_M"),
                                    file(5.1, "Q5_K_M"), file(5.9, "Q6_K"), file(7.6, "Q8_0"),
                                    file(3.9, "IQ4_XS"), file(14.2, "F16")};
        const auto fitsFor = [&](quint64 memory) {
            QList<FitResult> out;
            for (const FitInput& f : files)
                out << estimateFit(f, memory);
            return out;
        };
        QCOMPARE(recommendedIndex(files, fitsFor(8 * kGiB)), 4);   // Q6_K
        QCOMPARE(recommendedIndex(files, fitsFor(6 * kGiB)), 2);   // Q4_K_M: Q5_K_M needs ~6.0 GiB
        QCOMPARE(recommendedIndex(files, fitsFor(13 * kGiB / 2)), 3); // Q5_K_M
        QCOMPARE(recommendedIndex(files, fitsFor(24 * kGiB)), 5);  // Q8_0 rather than F16
        QCOMPARE(recommendedIndex(files, fitsFor(0)), -1);         // memory unknown
        QCOMPARE(recommendedIndex(files, fitsFor(1 * kGiB)), -1);  // nothing fits
        // Only the F16 fits: it is the suggestion.
        const QList<FitInput> onlyF16{file(1.0, "F16"), file(0.5, "IQ4_XS")};
        QList<FitResult> fits{estimateFit(onlyF16[0], 4 * kGiB), estimateFit(onlyF16[1], 4 * kGiB)};
        QCOMPARE(recommendedIndex(onlyF16, fits), 0);
        // Nothing fits fully: the best that fits with a short context.
        const FitResult q4 = estimateFit(files[2], 8 * kGiB);
        const quint64 shortOnly = q4.shortNeededBytes + 1;
        const QList<FitResult> tight = fitsFor(shortOnly);
        QCOMPARE(tight[2].fit, Fit::ShortContext);
        QCOMPARE(recommendedIndex(files, tight), 2);
    }

    void relativeTimes()
    {
        const QDateTime now(QDate(2026, 5, 20), QTime(12, 0), Qt::UTC);
        QCOMPARE(relativeTimeText(now.addSecs(-20), now), QString("just now"));
        QCOMPARE(relativeTimeText(now.addSecs(-60), now), QString("1 minute ago"));
        QCOMPARE(relativeTimeText(now.addSecs(-3 * 3600), now), QString("3 hours ago"));
        QCOMPARE(relativeTimeText(now.addDays(-3), now), QString("3 days ago"));
        QCOMPARE(relativeTimeText(now.addDays(-70), now), QString("2 months ago"));
        QCOMPARE(relativeTimeText(now.addDays(-800), now), QString("2 years ago"));
        QCOMPARE(relativeTimeText(QDateTime(), now), QString());
        QCOMPARE(relativeTimeText(now.addDays(2), now), QString("just now")); // clock skew
    }

    void modelCardFrontMatter()
    {
        QCOMPARE(modelCardBody("---\nlicense: mit\ntags:\n- gguf\n---\n\n# Title\n\nBody\n"), QString("# Title\n\nBody"));
        QCOMPARE(modelCardBody("# Plain\n"), QString("# Plain"));
        QCOMPARE(modelCardBody("---\nunterminated"), QString("---\nunterminated"));
        QCOMPARE(modelCardBody("---\nlicense: mit\n---"), QString());
        // Badges, pictures and HTML layout go; code fences and inline code stay.
        const QString card = "---\nlicense: apache-2.0\n---\n"
                             "<div align=\"center\">\n<img src=\"https://x/logo.png\" width=\"60%\"/>\n</div>\n\n"
                             "[![Chat](https://img.shields.io/badge/chat-blue)](https://chat.example)\n"
                             "<!-- hidden\nnote -->\n\n\n"
                             "# Model <a href=\"https://x\">Qwen</a>\n\nAnswers start with `<think>`.<br>\n"
                             "![diagram](figure.png)\n\n"
                             "```html\n<div>kept</div>\n```\n";
        QCOMPARE(modelCardBody(card),
                 QString("# Model Qwen\n\nAnswers start with `<think>`.\n\n```html\n<div>kept</div>\n```"));
        QVERIFY(isOfflineError("Can't reach Hugging Face: the connection was refused or failed (x)"));
        QVERIFY(!isOfflineError("Hugging Face had a server problem (HTTP 500). Try again later."));
        // The offline banners add a sentence of their own after the client's.
        QCOMPARE(asSentence("Can't reach Hugging Face: refused (x)"), QString("Can't reach Hugging Face: refused (x)."));
        QCOMPARE(asSentence("could not be resolved (y). Are you offline?"),
                 QString("could not be resolved (y). Are you offline?"));
        QCOMPARE(asSentence("Done. "), QString("Done."));
        QCOMPARE(asSentence(""), QString());
    }
};

QTEST_GUILESS_MAIN(TestFitEstimate)
#include "test_fit_estimate.moc"
