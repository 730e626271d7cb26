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

// Room an answer that filled the context gets when older turns are left
// out: a quarter of the context, so rolling over is rare and each time
// frees a good part of it.
std::uint32_t rollRoom(std::uint32_t contextLength)
{
    return std::max<std::uint32_t>(contextLength / 4, 1);
}

// One answer's figures over the generate() calls it took (more than one
// when it rolled over): the first call's prompt timing, all the tokens.
struct AnswerTotals {
    hearth::GenerationStats first, last;
    std::uint32_t generatedTokens = 0;
    std::uint32_t decodedTokens = 0; // after each call's first token
    double decodeMs = 0;
    int calls = 0;

    void add(const hearth::GenerationStats& s)
    {
        if (calls++ == 0)
            first = s;
        last = s;
        generatedTokens += s.generatedTokens;
        if (s.generatedTokens > 1 && s.decodeTokensPerSecond > 0) {
            decodedTokens += s.generatedTokens - 1;
            decodeMs += (s.generatedTokens - 1) * 1000.0 / s.decodeTokensPerSecond;
        }
    }

    void fill(GenerationResult& r) const
    {
        r.finishReason = QString::fromUtf8(hearth::finishReasonName(last.finishReason));
        r.error = QString::fromStdString(last.error);
        r.promptTokens = int(first.promptTokens);
        r.reusedTokens = int(first.reusedTokens);
        r.generatedTokens = int(generatedTokens);
        r.contextTokens = int(last.promptTokens + last.generatedTokens);
        r.timeToFirstTokenMs = first.timeToFirstTokenMs;
        r.prefillTokensPerSecond = first.prefillTokensPerSecond;
        r.decodeTokensPerSecond = decodeMs > 0 ? decodedTokens * 1000.0 / decodeMs : 0;
    }
};

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
    const bool had = !sessions_.empty();
    formatter_.reset();
    sessions_.clear();
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
    // So does an unknown chat format, said before the old model goes rather
    // than after loading the new one (chooseChatTemplate names the choices).
    if (!request.chatTemplate.isEmpty()) {
        try {
            hearth::chooseChatTemplate({}, {}, request.chatTemplate.toStdString());
        } catch (const hearth::Error& e) {
            Q_EMIT loadFailed(path, QString::fromUtf8(e.what()));
            return;
        }
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
        sessions_.reset(std::move(session), std::move(model), sessionOptions);
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
    const hearth::Model* model = sessions_.model();
    if (!model)
        return;
    try {
        templateChoice_ = hearth::chooseChatTemplate(model->chatTemplateSource(), model->summary().architecture,
                                                     name.toStdString());
    } catch (const hearth::Error&) {
        return; // callers pass names from the built-in list; the format in use stays
    }
    formatter_.reset();
    Q_EMIT modelChanged(describe(path_, *model, sessions_.front(), templateChoice_));
}

void InferenceWorker::generate(int id, const GenerationRequest& request, const std::shared_ptr<std::atomic<bool>>& cancel)
{
    GenerationResult result;
    try {
        result = runGeneration(id, request, *cancel);
    } catch (const hearth::ContextOverflowError& e) {
        result = failure(QString::fromUtf8(e.what()));
        result.retryable = false;
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
    if (sessions_.empty()) // an unload queued after the request was accepted
        return failure(tr("Load a model first."));
    Q_EMIT generationStarted(id);
    GenerationResult result;
    if (cancel.load() || shuttingDown_->load()) { // stopped before it began
        result.finishReason = QStringLiteral("cancelled");
        return result;
    }
    const hearth::Tokenizer& tokenizer = sessions_.model()->tokenizer();
    if (!formatter_ && !request.raw)
        formatter_ = std::make_unique<hearth::ChatFormatter>(tokenizer, templateChoice_);
    const std::uint32_t context = sessions_.front().contextLength();
    // Continuing an answer (often one that filled the context) starts with
    // room to go on when the policy lets older turns go.
    const bool mayDrop = request.overflow != hearth::ContextOverflow::Stop;
    hearth::ChatPrompt prompt =
        request.raw ? completionPrompt(tokenizer, toChatMessages(request.messages), context - 1)
                    : buildPrompt(*formatter_, tokenizer, request, context,
                                  request.continueLast && mayDrop ? rollRoom(context) : 1);
    hearth::GenerationOptions options = toGenerationOptions(request.settings);
    options.cancel = &cancel;
    const std::int32_t maxTokens = options.maxTokens;
    hearth::Session& session = sessions_.pick(prompt.tokens); // the one that holds most of it

    ReasoningClock reasoningClock;
    QString reasoningSoFar, answerSoFar; // this answer's text, for a roll-over
    AnswerTotals totals;
    while (true) {
        options.reasoning = prompt.reasoning;
        options.startsInsideReasoning = prompt.startsInsideReasoning;
        options.maxTokens = maxTokens < 0 ? -1 : maxTokens - std::int32_t(totals.generatedTokens);
        const hearth::GenerationStats stats =
            session.generate(prompt.tokens, options, [&](const hearth::TextPiece& p) {
                if (p.reasoning.empty() && p.answer.empty())
                    return;
                reasoningClock.observe(!p.reasoning.empty(), !p.answer.empty());
                const QString reasoning = QString::fromStdString(p.reasoning);
                const QString answer = QString::fromStdString(p.answer);
                reasoningSoFar += reasoning;
                answerSoFar += answer;
                Q_EMIT piece(id, reasoning, answer);
            });
        totals.add(stats);
        result.droppedMessages = int(prompt.droppedMessages);
        const bool contextFull = stats.finishReason == hearth::FinishReason::Length &&
                                 (maxTokens < 0 || totals.generatedTokens < std::uint32_t(maxTokens));
        // Text completion has no turns to leave out: it ends as "length".
        if (!contextFull || !mayDrop || request.raw || cancel.load())
            break;
        // The answer ran into the end of the context: leave out older turns
        // and go on from what it has written so far.
        try {
            prompt = buildPrompt(*formatter_, tokenizer, withAnswerSoFar(request, reasoningSoFar, answerSoFar),
                                 context, rollRoom(context));
        } catch (const hearth::ContextOverflowError&) {
            break; // nothing older left to drop: it ends as "length"
        }
    }
    totals.fill(result);
    result.reasoningMs = reasoningClock.milliseconds();
    return result;
}

} // namespace hearth::inference
