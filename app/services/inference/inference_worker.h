#pragma once

// The inference service's worker: a QObject living on the service's thread
// that owns the loaded model and its sessions, and runs the jobs the
// service queues to it one at a time. Results go out as signals (the
// service relays them on its own thread). Nothing here throws: every
// engine error becomes a loadFailed or an "error" generationFinished.

#include "services/inference/inference_types.h"
#include "services/inference/session_pool.h"

#include "hearth/chat_prompt.h"

#include <QObject>

#include <algorithm>
#include <atomic>
#include <memory>

namespace hearth {
class ChatFormatter;
class Model;
class Session;
} // namespace hearth

namespace hearth::inference {

class InferenceWorker : public QObject {
    Q_OBJECT
public:
    // `shuttingDown` set: queued jobs are skipped and a running one stops.
    explicit InferenceWorker(std::shared_ptr<const std::atomic<bool>> shuttingDown);
    // Drops the session before the model it runs on.
    ~InferenceWorker() override;

    // Jobs, run on the worker's thread. `cancel` is the request's own flag.
    void load(const LoadRequest& request, const std::shared_ptr<std::atomic<bool>>& cancel);
    void unload();
    // Another chat format for the loaded model (a built-in's name; empty:
    // the model's own), from the next answer on; modelChanged follows.
    void setChatTemplate(const QString& name);
    void generate(int id, const GenerationRequest& request, const std::shared_ptr<std::atomic<bool>>& cancel);
    // At most `n` sessions per model (benchmarks; the default is SessionPool's).
    void setMaxSessions(int n) { sessions_.setMaxSessions(std::size_t(std::max(1, n))); }

Q_SIGNALS:
    void loadProgress(double fraction);
    void loaded(const hearth::inference::LoadedModel& model);
    void loadFailed(const QString& path, const QString& message);
    void unloaded();
    void modelChanged(const hearth::inference::LoadedModel& model);
    void generationStarted(int id);
    void piece(int id, const QString& reasoning, const QString& answer);
    void generationFinished(int id, const hearth::inference::GenerationResult& result);

private:
    bool dropModel(); // true when there was one
    GenerationResult runGeneration(int id, const GenerationRequest& request, const std::atomic<bool>& cancel);

    std::shared_ptr<const std::atomic<bool>> shuttingDown_;
    SessionPool sessions_; // the loaded model and its sessions, one per recent chat
    std::unique_ptr<hearth::ChatFormatter> formatter_; // made on first use; refers to the model's tokenizer
    hearth::TemplateChoice templateChoice_;             // what formatter_ is made with
    QString path_;                                      // of the loaded model
};

} // namespace hearth::inference
