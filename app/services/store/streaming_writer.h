#pragma once

// Saves an answer while it is being generated. begin() adds the message
// (finish reason "streaming"); append() collects pieces and writes the text
// to the database whenever the last write is `flushInterval` old (1 s by
// default), so a crash loses at most about that much; finish() or abort()
// write the rest and the outcome. Used from the Database's thread only:
// the generation loop (or the thread receiving its tokens) owns it.

#include "services/store/database.h"
#include "services/store/store_types.h"

#include <QElapsedTimer>

namespace hearth::store {

class StreamingMessageWriter {
public:
    explicit StreamingMessageWriter(Database& db, int flushIntervalMs = 1000);
    // Ends an unfinished answer as cancelled (never throws).
    ~StreamingMessageWriter();
    StreamingMessageWriter(const StreamingMessageWriter&) = delete;
    StreamingMessageWriter& operator=(const StreamingMessageWriter&) = delete;

    // Adds an empty assistant message by `model` under `parentId` (usually
    // the user's message; 0 for none), made with `settingsJson` (Message::
    // settingsJson). Returns its id.
    qint64 begin(qint64 chatId, qint64 parentId, const QString& model, const QString& settingsJson = {});
    // Same, as an alternative to the assistant message `messageId`.
    qint64 beginAlternative(qint64 messageId, const QString& model, const QString& settingsJson = {});
    // Goes on writing the existing assistant message `messageId` ("continue"):
    // new pieces are added to the text and thinking it already has.
    void resume(qint64 messageId);

    void append(const QString& piece);          // answer text
    void appendReasoning(const QString& piece); // thinking text
    void flush();                               // writes now (also called by append when due)

    void finish(const GenerationStats& stats, FinishReason reason = FinishReason::Stop);
    void abort(FinishReason reason = FinishReason::Cancelled); // keeps the text so far

    qint64 messageId() const { return messageId_; }
    bool isActive() const { return active_; }
    const QString& content() const { return content_; }
    int flushCount() const { return flushes_; }

private:
    void requireActive(const char* what) const;
    void flushIfDue();
    void end(const GenerationStats& stats, FinishReason reason);

    Database& db_;
    int flushIntervalMs_;
    qint64 messageId_ = 0;
    bool active_ = false;
    bool dirty_ = false;
    QString content_;
    QString reasoning_;
    QElapsedTimer sinceFlush_;
    int flushes_ = 0;
};

} // namespace hearth::store
