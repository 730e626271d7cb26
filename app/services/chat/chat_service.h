#pragma once

// The chat store for the UI: one Database connection on a thread of its
// own, so no SQLite call ever runs on the GUI thread. Callers post work as
// a function of the store objects; its result comes back, queued, on the
// caller's thread. Answers being generated are written through
// StreamingMessageWriters kept on the store thread, keyed by message id.
//
// Work runs in the order it was posted. An error (hearth::Error) in posted
// work is reported by errorOccurred and the result callback is skipped.

#include "services/store/chat_search.h"
#include "services/store/chat_store.h"
#include "services/store/compare_store.h"
#include "services/store/database.h"
#include "services/store/message_tree.h"

#include <QObject>
#include <QPointer>
#include <QThread>

#include <functional>
#include <memory>
#include <type_traits>
#include <utility>

namespace hearth::chat {

// The store objects posted work gets, all on the one connection.
struct Stores {
    store::Database& db;
    store::ChatStore& chats;
    store::MessageTree& messages;
    store::ChatSearch& search;
    store::CompareStore& compare;
};

class ChatStoreWorker;

class ChatService : public QObject {
    Q_OBJECT
public:
    // `databasePath` empty: the default location (store_location.h).
    explicit ChatService(const QString& databasePath = {}, QObject* parent = nullptr);
    // Runs the work already posted, ends unfinished answers as cancelled
    // (their text is kept), then closes the database.
    ~ChatService() override;

    // Opens the database (creating it) and marks answers a crash left
    // "streaming" as interrupted. Emits opened() or openFailed(message).
    void open();
    bool isOpen() const { return open_; }
    QString databasePath() const { return path_; }

    // Runs work(stores) on the store thread, then done(result) on this
    // service's thread if `receiver` still exists.
    template <class Work, class Done>
    void post(QObject* receiver, Work work, Done done)
    {
        using Result = std::invoke_result_t<Work, Stores&>;
        QPointer<QObject> guard(receiver);
        if constexpr (std::is_void_v<Result>) {
            enqueue([work = std::move(work), done = std::move(done), guard, this](Stores& s) mutable {
                work(s);
                deliver([done = std::move(done), guard]() mutable {
                    if (guard)
                        done();
                });
            });
        } else {
            enqueue([work = std::move(work), done = std::move(done), guard, this](Stores& s) mutable {
                auto result = work(s);
                deliver([done = std::move(done), guard, result = std::move(result)]() mutable {
                    if (guard)
                        done(std::move(result));
                });
            });
        }
    }
    // Fire and forget: errors still reach errorOccurred.
    void post(std::function<void(Stores&)> work) { enqueue(std::move(work)); }

    // Streaming answers (StreamingMessageWriter on the store thread).
    // beginAnswer adds the empty assistant message under `parentId`, or as
    // an alternative to assistant message `alternativeOf` when non-zero,
    // written by `model` with `settingsJson` (store::Message), and hands its
    // id to `done`.
    void beginAnswer(qint64 chatId, qint64 parentId, qint64 alternativeOf, const QString& model,
                     const QString& settingsJson, QObject* receiver, std::function<void(qint64 messageId)> done);
    // Continues an existing assistant message: its text so far is kept.
    void resumeAnswer(qint64 messageId);
    void appendAnswer(qint64 messageId, const QString& reasoning, const QString& answer);
    void finishAnswer(qint64 messageId, const store::GenerationStats& stats, store::FinishReason reason);

Q_SIGNALS:
    void opened();
    void openFailed(const QString& message);
    void errorOccurred(const QString& message);

private:
    void enqueue(std::function<void(Stores&)> work);
    void deliver(std::function<void()> callback);

    QString path_;
    QThread thread_;
    ChatStoreWorker* worker_ = nullptr; // lives on thread_
    bool open_ = false;
};

} // namespace hearth::chat
