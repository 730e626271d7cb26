#include "services/store/streaming_writer.h"

#include "hearth/error.h"
#include "services/store/message_tree.h"

namespace hearth::store {

StreamingMessageWriter::StreamingMessageWriter(Database& db, int flushIntervalMs)
    : db_(db), flushIntervalMs_(flushIntervalMs)
{
}

StreamingMessageWriter::~StreamingMessageWriter()
{
    if (!active_)
        return;
    try {
        abort(FinishReason::Cancelled);
    } catch (...) {
        // Nothing to do in a destructor; the message stays "streaming" and
        // ChatStore::recoverInterrupted marks it at the next start.
    }
}

qint64 StreamingMessageWriter::begin(qint64 chatId, qint64 parentId, const QString& model,
                                     const QString& settingsJson)
{
    if (active_)
        throw Error("This answer is already being saved; finish it before starting another.");
    Message message;
    message.role = Role::Assistant;
    message.model = model;
    message.settingsJson = settingsJson;
    message.finishReason = FinishReason::Streaming;
    messageId_ = MessageTree(db_).addChild(chatId, parentId, message);
    active_ = true;
    dirty_ = false;
    content_.clear();
    reasoning_.clear();
    flushes_ = 0;
    sinceFlush_.start();
    return messageId_;
}

qint64 StreamingMessageWriter::beginAlternative(qint64 messageId, const QString& model, const QString& settingsJson)
{
    const Message original = MessageTree(db_).requireMessage(messageId);
    return begin(original.chatId, original.parentId, model, settingsJson);
}

void StreamingMessageWriter::resume(qint64 messageId)
{
    if (active_)
        throw Error("This answer is already being saved; finish it before starting another.");
    const Message message = MessageTree(db_).requireMessage(messageId);
    if (message.role != Role::Assistant)
        throw Error("Only an answer of the model can be continued.");
    messageId_ = messageId;
    active_ = true;
    content_ = message.content;
    reasoning_ = message.reasoning;
    dirty_ = true; // marks it "streaming" again at the first flush
    flushes_ = 0;
    sinceFlush_.start();
}

void StreamingMessageWriter::append(const QString& piece)
{
    requireActive("append");
    content_ += piece;
    dirty_ = true;
    flushIfDue();
}

void StreamingMessageWriter::appendReasoning(const QString& piece)
{
    requireActive("append");
    reasoning_ += piece;
    dirty_ = true;
    flushIfDue();
}

void StreamingMessageWriter::flush()
{
    requireActive("flush");
    if (dirty_) {
        // One short autocommit UPDATE: WAL makes it cheap and durable
        // against a crash of the app.
        MessageTree(db_).updateGenerated(messageId_, content_, reasoning_, {}, FinishReason::Streaming);
        dirty_ = false;
        ++flushes_;
    }
    sinceFlush_.restart();
}

void StreamingMessageWriter::finish(const GenerationStats& stats, FinishReason reason)
{
    requireActive("finish");
    end(stats, reason == FinishReason::Streaming ? FinishReason::Stop : reason);
}

void StreamingMessageWriter::abort(FinishReason reason)
{
    requireActive("abort");
    end({}, reason == FinishReason::Streaming ? FinishReason::Cancelled : reason);
}

void StreamingMessageWriter::flushIfDue()
{
    if (sinceFlush_.elapsed() >= flushIntervalMs_)
        flush();
}

void StreamingMessageWriter::end(const GenerationStats& stats, FinishReason reason)
{
    MessageTree(db_).updateGenerated(messageId_, content_, reasoning_, stats, reason);
    active_ = false;
    dirty_ = false;
    ++flushes_;
}

void StreamingMessageWriter::requireActive(const char* what) const
{
    if (!active_)
        throw Error(std::string("Cannot ") + what + " an answer that is not being saved (call begin first).");
}

} // namespace hearth::store
