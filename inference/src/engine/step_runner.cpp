#include "engine/step_runner.h"

#include "engine/model_impl.h"

#include <algorithm>
#include <cstdio>
#include <mutex>

namespace hearth::engine {

namespace {

std::uint32_t sessionContext(const Model::Impl& model, const SessionOptions& options)
{
    return effectiveContextLength(model.summary, options.contextLength);
}

std::uint32_t sessionBatch(const SessionOptions& options, std::uint32_t context)
{
    return std::clamp<std::uint32_t>(options.batchSize, 1, context);
}

} // namespace

StepRunner::StepRunner(Model::Impl& model, const SessionOptions& options)
    : model_(model),
      reservation_(model.device,
                   VulkanForward::plannedBytes(model.config, sessionContext(model, options),
                                               sessionBatch(options, sessionContext(model, options))),
                   "a " + std::to_string(sessionContext(model, options)) + "-token session"),
      forward_(model.device->context, model.file, model.config, model.weights, *model.deviceWeights,
               sessionContext(model, options), sessionBatch(options, sessionContext(model, options))),
      recorder_(std::make_unique<vk::OpRecorder>(model.device->context))
{
    recorder_->setProfilePrinting(false); // one table per generation, not per token
}

void StepRunner::printProfile()
{
    if (!recorder_->profiling() || recorder_->profile().table().empty())
        return;
    const std::string table = recorder_->profile().format();
    std::fwrite(table.data(), 1, table.size(), stderr);
    recorder_->resetProfile();
}

StepRunner::~StepRunner() = default;

std::optional<RemovedSpan> StepRunner::spanToRemove(std::span<const std::int32_t> tokens) const
{
    return forward_.canShift() ? findRemovedSpan(cached_, tokens) : std::nullopt;
}

std::uint32_t StepRunner::reusable(std::span<const std::int32_t> tokens) const
{
    return reusable(tokens, spanToRemove(tokens));
}

std::uint32_t StepRunner::reusable(std::span<const std::int32_t> tokens, const std::optional<RemovedSpan>& span) const
{
    std::size_t same = 0;
    if (span) {
        same = span->begin + span->kept;
    } else {
        const auto limit = std::min<std::size_t>(cached_.size(), tokens.size());
        while (same < limit && cached_[same] == tokens[same])
            ++same;
    }
    if (same == tokens.size() && same > 0)
        --same;
    return std::uint32_t(same);
}

void StepRunner::submit(const std::function<void(vk::OpRecorder&)>& record)
{
    std::lock_guard lock(model_.device->gpu);
    try {
        record(*recorder_);
        recorder_->submitAndWait();
    } catch (...) {
        // Half-recorded work must not leak into the next step, and the
        // cache's state is unknown: start both afresh.
        recorder_ = std::make_unique<vk::OpRecorder>(model_.device->context);
        recorder_->setProfilePrinting(false);
        cached_.clear();
        throw;
    }
}

void StepRunner::removeTokens(std::uint32_t begin, std::uint32_t end)
{
    if (begin >= end || end > cached_.size())
        throw Error("Cannot remove tokens " + std::to_string(begin) + " to " + std::to_string(end) +
                    ": the session holds " + std::to_string(cached_.size()) + ".");
    if (!forward_.canShift())
        throw Error("This model's rotary position embedding cannot be shifted, so tokens cannot be removed "
                    "from its cache; the prompt has to be read again instead.");
    const auto length = std::uint32_t(cached_.size());
    if (end < length)
        submit([&](vk::OpRecorder& rec) { forward_.recordRemoveTokens(rec, begin, end, length); });
    cached_.erase(cached_.begin() + begin, cached_.begin() + end);
}

SelectionResult StepRunner::step(std::span<const std::int32_t> tokens, std::uint32_t pos,
                                 const Selection& selection, std::vector<float>* allLogitsOut)
{
    submit([&](vk::OpRecorder& rec) {
        forward_.record(rec, tokens, pos, allLogitsOut != nullptr);
        if (selection.kind == Selection::Kind::Argmax)
            forward_.recordArgmax(rec);
        else if (selection.kind == Selection::Kind::TopK)
            forward_.recordTopK(rec, selection.k);
    });

    SelectionResult result;
    switch (selection.kind) {
    case Selection::Kind::None: break;
    case Selection::Kind::Argmax: result.ids = {forward_.argmaxResult()}; break;
    case Selection::Kind::TopK: forward_.topKResult(selection.k, result.ids, result.values); break;
    case Selection::Kind::Logits: result.values = forward_.logitsResult(); break;
    }
    if (allLogitsOut) {
        const auto rows = forward_.allLogitsResult(std::uint32_t(tokens.size()));
        allLogitsOut->insert(allLogitsOut->end(), rows.begin(), rows.end());
    }
    return result;
}

SelectionResult StepRunner::advance(std::span<const std::int32_t> tokens, const Selection& selection,
                                    std::uint32_t* processed, std::vector<float>* allLogits,
                                    const std::atomic<bool>* cancel)
{
    if (tokens.empty())
        throw Error("Internal error: nothing to evaluate");
    if (tokens.size() > contextLength())
        throw Error("The text is " + std::to_string(tokens.size()) + " tokens long, more than this session's context of " +
                    std::to_string(contextLength()) + " tokens.");
    // Search for the span once per prompt: past the shared prefix it scans the rest of the cache.
    const auto span = spanToRemove(tokens);
    std::uint32_t pos = reusable(tokens, span);
    if (span) {
        cached_.resize(span->end + span->kept); // what follows the kept tokens is not reused
        removeTokens(span->begin, span->end);
    }
    cached_.resize(pos);
    if (processed)
        *processed = std::uint32_t(tokens.size()) - pos;
    SelectionResult result;
    while (pos < tokens.size()) {
        if (cancel && cancel->load())
            throw PromptCancelled{};
        const auto n = std::min<std::size_t>(forward_.batchSize(), tokens.size() - pos);
        const bool last = pos + n == tokens.size();
        result = step(tokens.subspan(pos, n), pos, last ? selection : Selection{}, allLogits);
        cached_.insert(cached_.end(), tokens.begin() + pos, tokens.begin() + pos + std::ptrdiff_t(n));
        pos += std::uint32_t(n);
    }
    return result;
}

SelectionResult StepRunner::append(std::int32_t token, const Selection& selection)
{
    if (cached_.size() >= contextLength())
        throw Error("The context of " + std::to_string(contextLength()) + " tokens is full.");
    const std::int32_t one[] = {token};
    SelectionResult result = step(one, std::uint32_t(cached_.size()), selection, nullptr);
    cached_.push_back(token);
    return result;
}

std::vector<float> StepRunner::evaluate(std::span<const std::int32_t> tokens, bool allLogits)
{
    if (!allLogits)
        return advance(tokens, {Selection::Kind::Logits}).values;
    std::vector<float> logits;
    advance(tokens, {}, nullptr, &logits);
    return logits;
}

} // namespace hearth::engine
