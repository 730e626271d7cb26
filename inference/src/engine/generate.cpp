// The generation loop: prefill, then one decode step per token with the
// selection sampling needs done on the GPU (argmax for greedy, top-k when
// that is all the sampler looks at), text streamed through the UTF-8
// decoder, the stop-string filter and the reasoning splitter.

#include "engine/step_runner.h"

#include "hearth/error.h"
#include "hearth/reasoning.h"
#include "hearth/sampling.h"
#include "hearth/stop_strings.h"
#include "hearth/tokenizer.h"
#include "vulkan/ops_select.h"

#include <chrono>

namespace hearth::engine {

namespace {

using Clock = std::chrono::steady_clock;

double msSince(Clock::time_point t) { return std::chrono::duration<double, std::milli>(Clock::now() - t).count(); }

bool penalised(const SamplingParams& p)
{
    return p.repeatPenalty != 1.0f || p.presencePenalty != 0.0f || p.frequencyPenalty != 0.0f;
}

// The least the GPU must hand back for this sampler to decide.
Selection selectionFor(const SamplingParams& p)
{
    if (penalised(p))
        return {Selection::Kind::Logits};
    if (p.greedy())
        return {Selection::Kind::Argmax};
    if (p.topK > 0 && std::uint32_t(p.topK) <= vk::ops::kMaxTopK)
        return {Selection::Kind::TopK, std::uint32_t(p.topK)};
    return {Selection::Kind::Logits};
}

std::int32_t choose(Sampler& sampler, const Selection& selection, const SelectionResult& r)
{
    switch (selection.kind) {
    case Selection::Kind::Argmax: return r.ids.at(0);
    case Selection::Kind::TopK: return sampler.sampleCandidates(r.ids, r.values);
    default: return sampler.sample(r.values);
    }
}

// Decoded text -> stop strings -> reasoning/answer split -> callback.
class TextPipeline {
public:
    TextPipeline(const Tokenizer& tokenizer, const GenerationOptions& options,
                 const std::function<void(const TextPiece&)>& onPiece)
        : decoder_(tokenizer), stops_(options.stopStrings),
          reasoning_(options.reasoning, options.startsInsideReasoning), onPiece_(onPiece)
    {
    }

    // False when a stop string completed.
    bool feed(std::int32_t token)
    {
        const auto filtered = stops_.feed(decoder_.feed(token));
        emit(reasoning_.feed(filtered.text));
        return !filtered.stopped;
    }

    void finish(bool stopped)
    {
        if (!stopped)
            emit(reasoning_.feed(stops_.feed(decoder_.flush()).text + stops_.flush()));
        emit(reasoning_.finish());
    }

private:
    void emit(const ReasoningPiece& piece)
    {
        if (onPiece_ && (!piece.reasoning.empty() || !piece.answer.empty()))
            onPiece_(TextPiece{piece.reasoning, piece.answer});
    }

    StreamDecoder decoder_;
    StopStringFilter stops_;
    ReasoningParser reasoning_;
    const std::function<void(const TextPiece&)>& onPiece_;
};

} // namespace

GenerationStats generate(StepRunner& runner, const Tokenizer& tokenizer, std::span<const std::int32_t> prompt,
                         const GenerationOptions& options, const std::function<void(const TextPiece&)>& onPiece)
{
    const auto start = Clock::now();
    GenerationStats stats;
    stats.promptTokens = std::uint32_t(prompt.size());
    if (prompt.empty())
        throw Error("The prompt is empty.");
    if (prompt.size() >= runner.contextLength())
        throw Error("The conversation is " + std::to_string(prompt.size()) +
                    " tokens long and does not fit in the context of " + std::to_string(runner.contextLength()) +
                    " tokens. Start a new chat, shorten it, or raise the context length.");

    Sampler sampler(options.sampling);
    const std::size_t window = std::size_t(std::max(0, options.sampling.penaltyWindow));
    for (std::size_t i = prompt.size() > window ? prompt.size() - window : 0; i < prompt.size(); ++i)
        sampler.accept(prompt[i]);
    const Selection selection = selectionFor(options.sampling);
    TextPipeline text(tokenizer, options, onPiece);
    const auto cancelled = [&] { return options.cancel && options.cancel->load(); };

    bool stoppedByText = false;
    Clock::time_point decodeStart;
    try {
        if (cancelled()) {
            stats.finishReason = FinishReason::Cancelled;
            return stats;
        }
        std::uint32_t processed = 0;
        SelectionResult result = runner.advance(prompt, selection, &processed, nullptr, options.cancel);
        stats.reusedTokens = stats.promptTokens - processed;
        const double prefillMs = msSince(start);
        stats.prefillTokensPerSecond = prefillMs > 0 ? processed * 1000.0 / prefillMs : 0;

        while (true) {
            const std::int32_t token = choose(sampler, selection, result);
            if (stats.generatedTokens == 0) {
                stats.timeToFirstTokenMs = msSince(start);
                decodeStart = Clock::now();
            }
            if (!options.ignoreEndOfGeneration && tokenizer.isEndOfGeneration(token)) {
                stats.finishReason = FinishReason::Stop;
                break;
            }
            sampler.accept(token);
            ++stats.generatedTokens;
            if (options.onToken)
                options.onToken(token);
            if (!text.feed(token)) {
                stoppedByText = true;
                stats.finishReason = FinishReason::Stop;
                break;
            }
            if (options.maxTokens >= 0 && stats.generatedTokens >= std::uint32_t(options.maxTokens)) {
                stats.finishReason = FinishReason::Length;
                break;
            }
            if (runner.cachedTokens().size() >= runner.contextLength()) {
                stats.finishReason = FinishReason::Length; // the context is full
                break;
            }
            if (cancelled()) {
                stats.finishReason = FinishReason::Cancelled;
                break;
            }
            result = runner.append(token, selection);
        }
    } catch (const PromptCancelled&) {
        stats.finishReason = FinishReason::Cancelled; // stopped while reading the prompt
    } catch (const Error& e) {
        stats.finishReason = FinishReason::Error;
        stats.error = e.what();
    }
    text.finish(stoppedByText);
    runner.printProfile();
    if (stats.generatedTokens > 1) {
        const double decodeMs = msSince(decodeStart);
        stats.decodeTokensPerSecond = decodeMs > 0 ? (stats.generatedTokens - 1) * 1000.0 / decodeMs : 0;
    }
    return stats;
}

} // namespace hearth::engine
