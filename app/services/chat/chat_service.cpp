#include "services/chat/chat_service.h"

#include "hearth/error.h"
#include "services/store/store_location.h"
#include "services/store/streaming_writer.h"

#include <QHash>

#include <optional>

namespace hearth::chat {

// Owns the connection and everything built on it; runs on the store thread.
class ChatStoreWorker : public QObject {
public:
    explicit ChatStoreWorker(ChatService* service) : service_(service) {}

    // Returns the opened file's path, or throws.
    QString open(const QString& requestedPath)
    {
        const QString path = requestedPath.isEmpty() ? store::ensureChatDatabasePath() : requestedPath;
        db_ = std::make_unique<store::Database>(path);
        chats_.emplace(*db_);
        messages_.emplace(*db_);
        search_.emplace(*db_);
        compare_.emplace(*db_);
        chats_->recoverInterrupted();
        return path;
    }

    void run(const std::function<void(Stores&)>& work)
    {
        try {
            if (!db_)
                throw Error("The chat history is not open.");
            Stores stores{*db_, *chats_, *messages_, *search_, *compare_};
            work(stores);
        } catch (const std::exception& e) {
            // Reported on the service's thread, like every other result.
            ChatService* service = service_;
            const QString message = QString::fromUtf8(e.what());
            QMetaObject::invokeMethod(
                service, [service, message] { Q_EMIT service->errorOccurred(message); }, Qt::QueuedConnection);
        }
    }

    store::StreamingMessageWriter* writer(qint64 messageId) { return writers_.value(messageId).get(); }

    // Writers live only here, so closing the connection ends them all first.
    // Posted work (run()) is the only caller: the database is open then.
    std::shared_ptr<store::StreamingMessageWriter> newWriter()
    {
        return std::make_shared<store::StreamingMessageWriter>(*db_);
    }
    void keepWriter(qint64 messageId, std::shared_ptr<store::StreamingMessageWriter> writer)
    {
        writers_.insert(messageId, std::move(writer));
    }
    void dropWriter(qint64 messageId) { writers_.remove(messageId); }

    // Before the connection closes: unfinished answers end as cancelled.
    void close()
    {

        writers_.clear(); // each writer's destructor ends an active answer as cancelled
        compare_.reset();
        search_.reset();
        messages_.reset();
        chats_.reset();
        db_.reset();
    }

private:
    ChatService* service_;
    std::unique_ptr<store::Database> db_;
    std::optional<store::ChatStore> chats_;
    std::optional<store::MessageTree> messages_;
    std::optional<store::ChatSearch> search_;
    std::optional<store::CompareStore> compare_;
    QHash<qint64, std::shared_ptr<store::StreamingMessageWriter>> writers_;
};

ChatService::ChatService(const QString& databasePath, QObject* parent) : QObject(parent), path_(databasePath)
{
    thread_.setObjectName("hearth-chat-store");
    worker_ = new ChatStoreWorker(this);
    worker_->moveToThread(&thread_);
    thread_.start();
}

ChatService::~ChatService()
{
    ChatStoreWorker* worker = worker_;
    // Blocking: the queue runs first (it is in order), then close().
    QMetaObject::invokeMethod(worker, [worker] { worker->close(); }, Qt::BlockingQueuedConnection);
    thread_.quit();
    thread_.wait();
    delete worker_;
}

void ChatService::open()
{
    ChatStoreWorker* worker = worker_;
    const QString requested = path_;
    QMetaObject::invokeMethod(
        worker,
        [this, worker, requested] {
            try {
                const QString path = worker->open(requested);
                deliver([this, path] {
                    path_ = path;
                    open_ = true;
                    Q_EMIT opened();
                });
            } catch (const std::exception& e) {
                const QString message = QString::fromUtf8(e.what());
                deliver([this, message] { Q_EMIT openFailed(message); });
            }
        },
        Qt::QueuedConnection);
}

void ChatService::enqueue(std::function<void(Stores&)> work)
{
    ChatStoreWorker* worker = worker_;
    QMetaObject::invokeMethod(
        worker, [worker, work = std::move(work)] { worker->run(work); }, Qt::QueuedConnection);
}

void ChatService::deliver(std::function<void()> callback)
{
    QMetaObject::invokeMethod(this, std::move(callback), Qt::QueuedConnection);
}

void ChatService::beginAnswer(qint64 chatId, qint64 parentId, qint64 alternativeOf, const QString& model,
                              const QString& settingsJson, QObject* receiver, std::function<void(qint64)> done)
{
    ChatStoreWorker* worker = worker_;
    post(
        receiver,
        [worker, chatId, parentId, alternativeOf, model, settingsJson](Stores&) {
            auto writer = worker->newWriter();
            const qint64 id = alternativeOf ? writer->beginAlternative(alternativeOf, model, settingsJson)
                                            : writer->begin(chatId, parentId, model, settingsJson);
            worker->keepWriter(id, std::move(writer));
            return id;
        },
        std::move(done));
}

void ChatService::resumeAnswer(qint64 messageId)
{
    ChatStoreWorker* worker = worker_;
    post([worker, messageId](Stores&) {
        auto writer = worker->newWriter();
        writer->resume(messageId);
        worker->keepWriter(messageId, std::move(writer));
    });
}

void ChatService::appendAnswer(qint64 messageId, const QString& reasoning, const QString& answer)
{
    ChatStoreWorker* worker = worker_;
    post([worker, messageId, reasoning, answer](Stores&) {
        store::StreamingMessageWriter* writer = worker->writer(messageId);
        if (!writer)
            return; // its begin failed, and that was reported
        if (!reasoning.isEmpty())
            writer->appendReasoning(reasoning);
        if (!answer.isEmpty())
            writer->append(answer);
    });
}

void ChatService::finishAnswer(qint64 messageId, const store::GenerationStats& stats, store::FinishReason reason)
{
    ChatStoreWorker* worker = worker_;
    post([worker, messageId, stats, reason](Stores&) {
        store::StreamingMessageWriter* writer = worker->writer(messageId);
        if (!writer)
            return;
        // Dropped even when the final write fails: the text stays
        // "streaming" in the file and is marked interrupted at next start.
        struct Drop {
            ChatStoreWorker* w;
            qint64 id;
            ~Drop() { w->dropWriter(id); }
        } drop{worker, messageId};
        writer->finish(stats, reason);
    });
}

} // namespace hearth::chat
