#include "services/inference/inference_service.h"

#include "services/inference/inference_worker.h"

namespace hearth::inference {
namespace {

std::shared_ptr<std::atomic<bool>> newFlag()
{
    return std::make_shared<std::atomic<bool>>(false);
}

} // namespace

InferenceService::InferenceService(QObject* parent)
    : QObject(parent), cancelGeneration_(newFlag()), cancelLoad_(newFlag()), shuttingDown_(newFlag())
{
    qRegisterMetaType<LoadedModel>();
    qRegisterMetaType<LoadRequest>();
    qRegisterMetaType<GenerationRequest>();
    qRegisterMetaType<GenerationResult>();

    worker_ = new InferenceWorker(shuttingDown_);
    worker_->moveToThread(&thread_);
    connectWorker();
    thread_.setObjectName(QStringLiteral("hearth-inference"));
    thread_.start();
}

InferenceService::~InferenceService()
{
    shuttingDown_->store(true);
    cancelGeneration_->store(true);
    cancelLoad_->store(true);
    thread_.quit(); // after the running job, which the flags cut short
    thread_.wait();
    // The thread has stopped, so nothing else touches the worker: the
    // session and model are released here.
    delete worker_;
}

// State changes just before the signal that announces them, so a slot
// sees the service as the signal describes it.
void InferenceService::connectWorker()
{
    constexpr auto queued = Qt::QueuedConnection;
    connect(worker_, &InferenceWorker::loadProgress, this, &InferenceService::loadProgress, queued);
    connect(worker_, &InferenceWorker::loaded, this, [this](const LoadedModel& loaded) {
        loading_ = --pendingLoads_ > 0;
        model_ = loaded;
        hasModel_ = true;
        Q_EMIT modelLoaded(loaded);
    }, queued);
    connect(worker_, &InferenceWorker::loadFailed, this, [this](const QString& path, const QString& message) {
        loading_ = --pendingLoads_ > 0;
        Q_EMIT loadFailed(path, message);
    }, queued);
    connect(worker_, &InferenceWorker::unloaded, this, [this] {
        model_ = {};
        hasModel_ = false;
        Q_EMIT modelUnloaded();
    }, queued);
    connect(worker_, &InferenceWorker::modelChanged, this, [this](const LoadedModel& changed) {
        if (!hasModel_ || changed.path != model_.path)
            return; // another load overtook it
        model_ = changed;
        Q_EMIT modelChanged(changed);
    }, queued);
    connect(worker_, &InferenceWorker::generationStarted, this, &InferenceService::generationStarted, queued);
    connect(worker_, &InferenceWorker::piece, this, &InferenceService::piece, queued);
    connect(worker_, &InferenceWorker::generationFinished, this, [this](int id, const GenerationResult& result) {
        if (id == activeGeneration_) {
            activeGeneration_ = 0;
            generating_ = false;
        }
        Q_EMIT generationFinished(id, result);
    }, queued);
}

void InferenceService::load(const LoadRequest& request)
{
    cancelGeneration_->store(true); // the answer stops before the model goes
    cancelLoad_->store(true);       // a load still running is replaced
    cancelLoad_ = newFlag();
    ++pendingLoads_;
    loading_ = true;
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, request, cancel = cancelLoad_] { worker->load(request, cancel); },
        Qt::QueuedConnection);
}

void InferenceService::cancelLoad()
{
    cancelLoad_->store(true);
}

void InferenceService::unload()
{
    cancelGeneration_->store(true);
    cancelLoad_->store(true);
    QMetaObject::invokeMethod(worker_, [worker = worker_] { worker->unload(); }, Qt::QueuedConnection);
}

void InferenceService::setChatTemplate(const QString& name)
{
    QMetaObject::invokeMethod(worker_, [worker = worker_, name] { worker->setChatTemplate(name); },
                              Qt::QueuedConnection);
}

int InferenceService::generate(const GenerationRequest& request)
{
    const int id = nextId_++;
    if (generating_) {
        refuse(id, tr("Wait for the current answer to finish or stop it."));
        return id;
    }
    if (loading_) {
        refuse(id, tr("Wait for the model to finish loading."));
        return id;
    }
    if (!hasModel_) {
        refuse(id, tr("Load a model first."));
        return id;
    }
    generating_ = true;
    activeGeneration_ = id;
    cancelGeneration_ = newFlag();
    QMetaObject::invokeMethod(
        worker_, [worker = worker_, id, request, cancel = cancelGeneration_] { worker->generate(id, request, cancel); },
        Qt::QueuedConnection);
    return id;
}

// Queued like every other answer's end, so the caller has its id before
// the signal arrives; the running answer's state is left alone.
void InferenceService::refuse(int id, const QString& message)
{
    GenerationResult result;
    result.finishReason = QStringLiteral("error");
    result.error = message;
    QMetaObject::invokeMethod(this, [this, id, result] { Q_EMIT generationFinished(id, result); },
                              Qt::QueuedConnection);
}

void InferenceService::stop()
{
    cancelGeneration_->store(true);
}

} // namespace hearth::inference
