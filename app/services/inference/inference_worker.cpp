#include "services/inference/inference_worker.h"

#include "services/inference/engine_request.h"
#include "services/inference/raw_prompt.h"

#include "hearth/chat_prompt.h"
#include "hearth/devices.h"
#include "hearth/error.h"
#include "hearth/model.h"
#include "hearth/session.h"

#include <QDir>
#include <QFileInfo>

#include <algorithm>
#include <chrono>
#include <new>
#include <optional>

namespace hearth::inference {
namespace {

using Clock = std::chrono::steady_clock;

// At most one progress signal per interval: a fast load calls back for
// every tensor, far more often than a progress bar can show.
class ProgressThrottle {
public:
    bool due()
    {
        const auto now = Clock::now();
        if (last_ && now - *last_ < kInterval)
            return false;
        last_ = now;
        return true;
    }

private:
    static constexpr std::chrono::milliseconds kInterval{50};
    std::optional<Clock::time_point> last_;
};

// How long the model thought: from its first reasoning text to its first
// answer text (or to the end when no answer followed).
class ReasoningClock {
public:
    void observe(bool reasoning, bool answer)
    {
        const auto now = Clock::now();
        if (reasoning && !start_)
            start_ = now;
        if (answer && start_ && !end_)
            end_ = now;
    }
    double milliseconds() const
    {
        if (!start_)
            return 0;
        const auto end = end_ ? *end_ : Clock::now();
        return std::chrono::duration<double, std::milli>(end - *start_).count();
    }

private:
    std::optional<Clock::time_point> start_, end_;
};

LoadedModel describe(const QString& path, const hearth::Model& model, const hearth::Session& session,
                     const hearth::TemplateChoice& chatTemplate)
{
    const hearth::ModelSummary& summary = model.summary();
    LoadedModel m;
    m.path = path;
    m.name = QString::fromStdString(model.displayName());
    m.quantization = QString::fromStdString(summary.fileTypeLabel);
    m.architecture = QString::fromStdString(summary.architecture);
    m.device = QString::fromStdString(model.deviceName());
    m.deviceBytes = model.deviceBytes();
    m.contextLength = int(session.contextLength());
    m.trainedContextLength = int(summary.contextLength);
    m.chatTemplateLabel = QString::fromStdString(chatTemplate.label);
    m.templateFallback = chatTemplate.origin == hearth::TemplateOrigin::Fallback;
    return m;
}

GenerationResult failure(const QString& message)
{
    GenerationResult r;
    r.finishReason = QStringLiteral("error");
    r.error = message;
    return r;
}

} // namespace

InferenceWorker::InferenceWorker(std::shared_ptr<const std::atomic<bool>> shuttingDown)
    : shuttingDown_(std::move(shuttingDown))
{
}

InferenceWorker::~InferenceWorker()
{
    dropModel();
}

bool InferenceWorker::dropModel()
{
    const bool had = model_ != nullptr;
    formatter_.reset();
    session_.reset();
    model_.reset();
    return had;
}

void InferenceWorker::load(const LoadRequest& request, const std::shared_ptr<std::atomic<bool>>& cancel)
{
    const QString& path = request.path;
    const auto cancelled = [&] { return cancel->load() || shuttingDown_->load(); };
    if (cancelled()) { // replaced by a newer load, or cancelled before it began
        Q_EMIT loadFailed(path, {});
        return;
    }
    // A missing file keeps the loaded model (the engine's message would
    // name the system call; say it plainly).
    if (!QFileInfo::exists(path)) {
        Q_EMIT loadFailed(path, tr("The model file %1 does not exist. It may have been moved or deleted.")
                                    .arg(QDir::toNativeSeparators(path)));
        return;
    }
    // The old model goes first: two models may not fit in GPU memory.
    if (dropModel())
        Q_EMIT unloaded();
    try {
        hearth::ModelLoadOptions options;
        options.device = hearth::devicePreference(request.device.toStdString());
        options.contextLength = std::uint32_t(std::max(0, request.contextLength));
        ProgressThrottle throttle;
        Q_EMIT loadProgress(0.0);
        throttle.due();
        options.progress = [&](std::uint64_t done, std::uint64_t total) {
            if (cancelled())
                return false;
            // The weights' last bytes always show: the engine then builds its
            // GPU kernels, which can take seconds ("Preparing" in the UI).
            if (total > 0 && (done == total || throttle.due()))
                Q_EMIT loadProgress(double(done) / double(total));
            return true;
        };
        auto model = hearth::Model::load(path.toStdString(), options);
        const hearth::TemplateChoice chatTemplate = hearth::chooseChatTemplate(
            model->chatTemplateSource(), model->summary().architecture, request.chatTemplate.toStdString());
        hearth::SessionOptions sessionOptions;
        sessionOptions.contextLength = options.contextLength; // the engine caps it at the trained context
        auto session = std::make_unique<hearth::Session>(model, sessionOptions);
        if (cancelled()) // cancelled after the last progress call
            throw hearth::LoadCancelled();
        const LoadedModel loadedModel = describe(path, *model, *session, chatTemplate);
        model_ = std::move(model);
        session_ = std::move(session);
        templateChoice_ = chatTemplate;
        path_ = path;
        Q_EMIT loadProgress(1.0);
        Q_EMIT loaded(loadedModel);
    } catch (const hearth::LoadCancelled&) {
        Q_EMIT loadFailed(path, {});
    } catch (const hearth::Error& e) {
        Q_EMIT loadFailed(path, QString::fromUtf8(e.what()));
    } catch (const std::bad_alloc&) {
        Q_EMIT loadFailed(path, tr("There is not enough memory to load this model. Close other programs or "
                                   "choose a smaller model or context."));
    } catch (const std::exception& e) {
        Q_EMIT loadFailed(path, tr("The model could not be loaded: %1").arg(QString::fromUtf8(e.what())));
    }
}

void InferenceWorker::unload()
{
    dropModel();
    Q_EMIT unloaded();
}

void InferenceWorker::setChatTemplate(const QString& name)
{
    if (!model_)
        return;
    try {
        templateChoice_ = hearth::chooseChatTemplate(model_->chatTemplateSource(), model_->summary().architecture,
                                                     name.toStdString());
    } catch (const hearth::Error&) {
        return; // callers pass names from the built-in list; the format in use stays
    }
    formatter_.reset();
    Q_EMIT modelChanged(describe(path_, *model_, *session_, templateChoice_));
}

void InferenceWorker::generate(int id, const GenerationRequest& request, const std::shared_ptr<std::atomic<bool>>& cancel)
{
    GenerationResult result;
    try {
        result = runGeneration(id, request, *cancel);
    } catch (const hearth::Error& e) {
        result = failure(QString::fromUtf8(e.what()));
    } catch (const std::bad_alloc&) {
        result = failure(tr("There is not enough memory to finish this answer."));
    } catch (const std::exception& e) {
        result = failure(tr("The answer failed: %1").arg(QString::fromUtf8(e.what())));
    }
    Q_EMIT generationFinished(id, result);
}

GenerationResult InferenceWorker::runGeneration(int id, const GenerationRequest& request,
                                                const std::atomic<bool>& cancel)
{
    if (!session_) // an unload queued after the request was accepted
        return failure(tr("Load a model first."));
    Q_EMIT generationStarted(id);
    GenerationResult result;
    if (cancel.load() || shuttingDown_->load()) { // stopped before it began
        result.finishReason = QStringLiteral("cancelled");
        return result;
    }
    if (!formatter_ && !request.raw)
        formatter_ = std::make_unique<hearth::ChatFormatter>(model_->tokenizer(), templateChoice_);
    const hearth::ChatPrompt prompt =
        request.raw ? completionPrompt(model_->tokenizer(), toChatMessages(request.messages), session_->contextLength() - 1)
                    : buildPrompt(*formatter_, model_->tokenizer(), request, session_->contextLength());
    hearth::GenerationOptions options = toGenerationOptions(request.settings);
    options.reasoning = prompt.reasoning;
    options.startsInsideReasoning = prompt.startsInsideReasoning;
    options.cancel = &cancel;

    ReasoningClock reasoningClock;
    const hearth::GenerationStats stats =
        session_->generate(prompt.tokens, options, [&](const hearth::TextPiece& p) {
            if (p.reasoning.empty() && p.answer.empty())
                return;
            reasoningClock.observe(!p.reasoning.empty(), !p.answer.empty());
            Q_EMIT piece(id, QString::fromStdString(p.reasoning), QString::fromStdString(p.answer));
        });
    result.finishReason = QString::fromUtf8(hearth::finishReasonName(stats.finishReason));
    result.error = QString::fromStdString(stats.error);
    result.promptTokens = int(stats.promptTokens);
    result.reusedTokens = int(stats.reusedTokens);
    result.generatedTokens = int(stats.generatedTokens);
    result.droppedMessages = int(prompt.droppedMessages);
    result.timeToFirstTokenMs = stats.timeToFirstTokenMs;
    result.prefillTokensPerSecond = stats.prefillTokensPerSecond;
    result.decodeTokensPerSecond = stats.decodeTokensPerSecond;
    result.reasoningMs = reasoningClock.milliseconds();
    return result;
}

} // namespace hearth::inference
