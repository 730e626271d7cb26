#pragma once

// Runs the engine for the UI: one loaded model and its session on a thread
// of their own. Every call returns at once; results come back as signals,
// delivered (queued) on the thread that created the service. One request
// runs at a time: a generate() while another answer streams is refused
// with generationFinished(..., "error").
//
// Sessions keep their KV cache between answers, so a follow-up turn of
// the same chat only processes the new tokens; a few recent chats keep a
// session each (SessionPool), so switching between them does too.

#include "services/inference/inference_types.h"

#include <QObject>
#include <QThread>

#include <atomic>
#include <memory>

namespace hearth::inference {

class InferenceWorker;

class InferenceService : public QObject {
    Q_OBJECT
public:
    explicit InferenceService(QObject* parent = nullptr);
    // Stops a running answer or load and waits for the worker thread.
    ~InferenceService() override;

    // Loads `request.path` (stopping a running answer and unloading the
    // current model first; modelUnloaded says when it is gone; a missing
    // file or an unknown chat format fails before that). Progress
    // comes as loadProgress (at most ~20 a second, ending at 1.0 on
    // success), then modelLoaded or loadFailed. isLoading() is true from
    // this call until one of those two. A newer load replaces one still
    // running (that one reports loadFailed with an empty message).
    // HEARTH_DEVICE in the environment wins over request.device.
    void load(const LoadRequest& request);
    void cancelLoad(); // loadFailed(path, "") follows
    void unload(); // stops an answer or load; modelUnloaded when done
    // The loaded model's chat format from the next answer on: a built-in's
    // name, empty for the model's own; modelChanged says when it applies.
    void setChatTemplate(const QString& name);
    bool isLoading() const { return loading_; }
    bool hasModel() const { return hasModel_; }
    const LoadedModel& model() const { return model_; }

    // Starts an answer; returns its id for the signals below. A refused
    // request (no model, a model loading, an answer running) also gets an
    // id: generationFinished(id, "error") then follows, queued.
    // isGenerating() is true from an accepted call until its
    // generationFinished. An accepted answer gets generationStarted, its
    // pieces, then generationFinished; a refused one only the last.
    // continueLast: see buildPrompt in engine_request.h.
    int generate(const GenerationRequest& request);
    // Stops the running answer within one token (generationFinished then
    // says "cancelled" and keeps what was generated). Safe to call anytime.
    void stop();
    bool isGenerating() const { return generating_; }

Q_SIGNALS:
    void loadProgress(double fraction); // 0..1
    void modelLoaded(const hearth::inference::LoadedModel& model);
    void loadFailed(const QString& path, const QString& message); // message is for the user; empty when cancelled
    void modelUnloaded();
    void modelChanged(const hearth::inference::LoadedModel& model); // the loaded model's chat format changed
    // Text as it is generated. Pieces arrive as the engine makes them;
    // batch them per frame in the UI.
    void generationStarted(int id);
    void piece(int id, const QString& reasoning, const QString& answer);
    void generationFinished(int id, const hearth::inference::GenerationResult& result);

private:
    void connectWorker();
    void refuse(int id, const QString& message);

    QThread thread_;
    InferenceWorker* worker_ = nullptr; // lives on thread_
    std::shared_ptr<std::atomic<bool>> cancelGeneration_;
    std::shared_ptr<std::atomic<bool>> cancelLoad_;
    std::shared_ptr<std::atomic<bool>> shuttingDown_; // set by the destructor: the worker skips what is queued
    LoadedModel model_;
    bool loading_ = false;
    bool hasModel_ = false;
    bool generating_ = false;
    int nextId_ = 1;
    int pendingLoads_ = 0;     // loads queued or running; isLoading() while > 0
    int activeGeneration_ = 0; // id of the accepted answer running, 0: none
};

} // namespace hearth::inference
