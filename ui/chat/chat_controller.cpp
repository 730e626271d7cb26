#include "chat_controller.h"

#include "answer_settings.h"
#include "core/settings.h"
#include "services/store/store_types.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>

namespace hearth::ui {
namespace {

struct BranchRows {
    store::Chat chat;
    QList<MessageRow> rows;
};

BranchRows readBranch(chat::Stores& s, qint64 chatId)
{
    BranchRows branch;
    branch.chat = s.chats.requireChat(chatId);
    for (store::Message& m : s.messages.activeBranch(chatId)) {
        MessageRow row;
        const store::SiblingPosition position = s.messages.siblings(m);
        row.siblingIndex = position.index;
        row.siblingCount = position.count();
        row.message = std::move(m);
        row.streaming = row.message.finishReason == store::FinishReason::Streaming;
        branch.rows.push_back(std::move(row));
    }
    return branch;
}

store::FinishReason finishReasonFrom(const QString& name)
{
    return store::finishReasonFromName(name).value_or(store::FinishReason::Error);
}

QVariantMap samplingFromJson(const QString& json, const QVariantMap& defaults)
{
    QVariantMap values = defaults;
    const QVariantMap saved = QJsonDocument::fromJson(json.toUtf8()).object().toVariantMap();
    for (auto it = saved.begin(); it != saved.end(); ++it)
        if (values.contains(it.key()))
            values[it.key()] = it.value();
    return values;
}

} // namespace

QString titleFromMessage(const QString& text)
{
    QString line = text.trimmed().section('\n', 0, 0).simplified();
    constexpr int kMaxLength = 60;
    if (line.size() > kMaxLength) {
        line.truncate(kMaxLength);
        const int space = line.lastIndexOf(' ');
        if (space > kMaxLength / 2)
            line.truncate(space);
        line += QString::fromUtf8("…");
    }
    return line;
}

ChatController::ChatController(chat::ChatService& chats, inference::InferenceService& inference, QObject* parent)
    : QObject(parent), chats_(chats), inference_(inference), messages_(this)
{
    readDefaults();
    systemPrompt_ = defaultSystemPrompt_;
    sampling_ = defaultSampling_;
    frame_.setInterval(16); // about one update per frame
    connect(&frame_, &QTimer::timeout, this, &ChatController::flushFrame);
    saveSettingsDelay_.setSingleShot(true);
    saveSettingsDelay_.setInterval(400);
    connect(&saveSettingsDelay_, &QTimer::timeout, this, &ChatController::saveSettings);
    connect(&inference_, &inference::InferenceService::piece, this, &ChatController::onPiece);
    connect(&inference_, &inference::InferenceService::generationFinished, this, &ChatController::onFinished);
    // The gauge's size is the loaded model's context.
    connect(&inference_, &inference::InferenceService::modelLoaded, this, &ChatController::contextUsageChanged);
    connect(&inference_, &inference::InferenceService::modelUnloaded, this, &ChatController::contextUsageChanged);
}

ChatController::~ChatController()
{
    if (streaming_.requestId) {
        // Quitting mid-answer: keep what arrived; the store's writer ends it
        // as cancelled when the chat service closes.
        inference_.stop();
        flushFrame();
    }
    if (saveSettingsDelay_.isActive())
        saveSettings();
}

void ChatController::setDefaultsSource(std::function<GenerationDefaults()> source)
{
    defaultsSource_ = std::move(source);
}

void ChatController::applyDefaultsToUnstartedChat()
{
    if (chatId_ != 0 || messages_.rowCount() > 0 || generating())
        return;
    readDefaults();
    systemPrompt_ = defaultSystemPrompt_;
    sampling_ = defaultSampling_;
    Q_EMIT settingsChanged();
}

void ChatController::readDefaults()
{
    const GenerationDefaults d = defaultsSource_ ? defaultsSource_() : Settings().generationDefaults();
    const inference::GenerationSettings builtIn;
    defaultSystemPrompt_ = d.systemPrompt;
    defaultSampling_ = {{"temperature", d.temperature},     {"topK", d.topK},
                        {"topP", d.topP},                   {"minP", d.minP},
                        {"repeatPenalty", d.repeatPenalty}, {"maxTokens", builtIn.maxTokens},
                        {"seed", builtIn.seed},             {"textCompletion", false}};
    defaultSampling_.insert("contextOverflow", QString::fromUtf8(contextOverflowName(Settings().contextOverflow())));
}

void ChatController::setError(const QString& text, bool retryable)
{
    if (errorText_ == text && retryable_ == retryable)
        return;
    errorText_ = text;
    retryable_ = retryable;
    Q_EMIT errorTextChanged();
}

void ChatController::clearError()
{
    setError({});
}

void ChatController::abandonStartingAnswer()
{
    ++switches_;
    if (!startingAnswer_)
        return;
    // An answer was being set up for the chat we leave: end the message the
    // store may have begun, and forget it.
    startingAnswer_ = false;
    if (streaming_.messageId && streaming_.requestId == 0)
        chats_.finishAnswer(streaming_.messageId, {}, store::FinishReason::Cancelled);
    streaming_ = {};
    Q_EMIT generatingChanged();
}

void ChatController::clearNotice()
{
    if (noticeText_.isEmpty())
        return;
    noticeText_.clear();
    Q_EMIT noticeTextChanged();
}

void ChatController::newChat()
{
    if (generating())
        stop();
    abandonStartingAnswer();
    ++openGeneration_;
    readDefaults();
    chatId_ = 0;
    title_.clear();
    setChatModel({});
    systemPrompt_ = defaultSystemPrompt_;
    sampling_ = defaultSampling_;
    messages_.clear();
    setError({});
    setContextUsage(0, false);
    Q_EMIT chatChanged();
    Q_EMIT settingsChanged();
}

void ChatController::openChat(qint64 chatId, qint64 messageId)
{
    if (chatId == chatId_ && chatId != 0 && (messageId == 0 || messages_.rowOf(messageId) >= 0))
        return;
    if (generating())
        stop();
    abandonStartingAnswer();
    if (saveSettingsDelay_.isActive())
        saveSettings();
    chatId_ = chatId;
    setError({});
    if (messageId == 0) {
        reloadBranch();
        return;
    }
    // The message may sit on another version than the one last shown: show
    // the version through it (a message deleted meanwhile changes nothing).
    chats_.post(
        this,
        [chatId, messageId](chat::Stores& s) {
            const std::optional<store::Message> hit = s.messages.message(messageId);
            if (hit && hit->chatId == chatId)
                s.messages.switchBranch(messageId);
        },
        [this] { reloadBranch(); });
}

void ChatController::reloadBranch(std::function<void()> then)
{
    const qint64 chatId = chatId_;
    const quint64 generation = ++openGeneration_;
    chats_.post(
        this, [chatId](chat::Stores& s) { return readBranch(s, chatId); },
        [this, generation, then = std::move(then)](BranchRows branch) {
            if (generation != openGeneration_)
                return;
            const bool chatSwitched = title_ != branch.chat.title || chatId_ != branch.chat.id;
            title_ = branch.chat.title;
            setChatModel(branch.chat.model);
            if (!saveSettingsDelay_.isActive()) { // edits not saved yet win over the store's copy
                systemPrompt_ = branch.chat.systemPrompt;
                sampling_ = samplingFromJson(branch.chat.samplingJson, defaultSampling_);
            }
            // An answer streaming right now shows its newest text, not the
            // store's last flush.
            for (MessageRow& row : branch.rows) {
                if (row.message.id == streaming_.messageId && streaming_.messageId) {
                    row.streaming = true;
                    row.message.content = streaming_.content;
                    row.message.reasoning = streaming_.reasoning;
                } else {
                    row.streaming = false;
                }
            }
            messages_.setRows(std::move(branch.rows));
            if (chatSwitched) {
                estimateContextUsage();
                Q_EMIT chatChanged();
            }
            Q_EMIT settingsChanged();
            if (then)
                then();
        });
}

QString ChatController::modelLabel() const
{
    const inference::LoadedModel& m = inference_.model();
    return m.name.isEmpty() ? m.path : m.name;
}

void ChatController::setChatModel(const QString& path)
{
    if (path == chatModel_)
        return;
    chatModel_ = path;
    Q_EMIT chatModelChanged();
}

void ChatController::send(const QString& text)
{
    const QString message = text.trimmed();
    if (message.isEmpty() || generating())
        return;
    if (!inference_.hasModel()) {
        setError(inference_.isLoading() ? tr("The model is still loading. Send again when it is ready.")
                                        : tr("Choose a model at the top of the window before sending a message."));
        return;
    }
    setError({});
    startingAnswer_ = true;
    Q_EMIT generatingChanged();

    const qint64 parentId = messages_.rows().isEmpty() ? 0 : messages_.rows().constLast().message.id;
    store::Chat newChat;
    if (chatId_ == 0) {
        newChat.title = titleFromMessage(message);
        newChat.systemPrompt = systemPrompt_;
        newChat.model = inference_.model().path;
        newChat.samplingJson =
            QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(sampling_)).toJson(QJsonDocument::Compact));
    }
    const qint64 existingChat = chatId_;
    chats_.post(
        this,
        [existingChat, newChat, parentId, message](chat::Stores& s) {
            const qint64 chatId = existingChat ? existingChat : s.chats.createChat(newChat);
            store::Message user;
            user.role = store::Role::User;
            user.content = message;
            const qint64 userId = s.messages.addChild(chatId, existingChat ? parentId : 0, user);
            return std::pair<qint64, qint64>(chatId, userId);
        },
        [this, token = switches_](std::pair<qint64, qint64> ids) {
            if (token != switches_) { // the user moved to another chat meanwhile
                Q_EMIT chatListChanged();
                return;
            }
            const bool created = chatId_ != ids.first;
            chatId_ = ids.first;
            if (created)
                Q_EMIT chatChanged();
            Q_EMIT chatListChanged();
            startAnswer(ids.second, 0);
        });
}

void ChatController::startAnswer(qint64 parentId, qint64 alternativeOf)
{
    if (!inference_.hasModel()) {
        startingAnswer_ = false;
        Q_EMIT generatingChanged();
        setError(tr("Choose a model at the top of the window first."));
        reloadBranch();
        return;
    }
    startingAnswer_ = true;
    Q_EMIT generatingChanged();
    // The chat goes on with this model from now on.
    if (const QString path = inference_.model().path; path != chatModel_) {
        chats_.post([chatId = chatId_, path](chat::Stores& s) { s.chats.setModel(chatId, path); });
        setChatModel(path);
    }
    const QString how = answerSettingsJson(inference_.model(), generationSettings());
    chats_.beginAnswer(chatId_, parentId, alternativeOf, modelLabel(), how, this, [this, token = switches_](qint64 messageId) {
        if (token != switches_) {
            chats_.finishAnswer(messageId, {}, store::FinishReason::Cancelled);
            return;
        }
        streaming_ = {};
        streaming_.messageId = messageId;
        reloadBranch([this, messageId] { generateInto(messageId, false); });
    });
}

QList<inference::PromptMessage> ChatController::promptUpTo(int lastRow) const
{
    QList<inference::PromptMessage> prompt;
    if (!systemPrompt_.trimmed().isEmpty())
        prompt.push_back({"system", systemPrompt_, {}});
    const QList<MessageRow>& rows = messages_.rows();
    for (int i = 0; i <= lastRow && i < rows.size(); ++i) {
        const store::Message& m = rows[i].message;
        if (m.role == store::Role::System)
            continue;
        prompt.push_back({store::roleName(m.role), m.content, m.reasoning});
    }
    return prompt;
}

void ChatController::generateInto(qint64 messageId, bool continueLast)
{
    const int row = messages_.rowOf(messageId);
    startingAnswer_ = false;
    if (row < 0) { // not on screen any more: nothing to write into
        chats_.finishAnswer(messageId, {}, store::FinishReason::Cancelled);
        streaming_ = {};
        Q_EMIT generatingChanged();
        return;
    }
    inference::GenerationRequest request;
    request.messages = promptUpTo(continueLast ? row : row - 1);
    request.settings = generationSettings();
    request.continueLast = continueLast;
    request.raw = sampling_.value("textCompletion").toBool(); // saved with the chat's sampling
    request.overflow = contextOverflow();
    streaming_.messageId = messageId;
    streaming_.content = messages_.rows()[row].message.content;
    streaming_.reasoning = messages_.rows()[row].message.reasoning;
    MessageRow value = messages_.rows()[row];
    value.streaming = true;
    value.error.clear();
    messages_.updateRow(row, value);
    streaming_.requestId = inference_.generate(request);
    if (streaming_.requestId == 0) // refused at once; generationFinished says why
        streaming_.requestId = -1;
    frame_.start();
    Q_EMIT generatingChanged();
}

inference::GenerationSettings ChatController::generationSettings() const
{
    inference::GenerationSettings s;
    s.temperature = sampling_.value("temperature", s.temperature).toDouble();
    s.topK = sampling_.value("topK", s.topK).toInt();
    s.topP = sampling_.value("topP", s.topP).toDouble();
    s.minP = sampling_.value("minP", s.minP).toDouble();
    s.repeatPenalty = sampling_.value("repeatPenalty", s.repeatPenalty).toDouble();
    s.maxTokens = sampling_.value("maxTokens", s.maxTokens).toInt();
    s.seed = sampling_.value("seed", s.seed).toLongLong();
    return s;
}

void ChatController::onPiece(int id, const QString& reasoning, const QString& answer)
{
    if (id != streaming_.requestId)
        return;
    streaming_.content += answer;
    streaming_.reasoning += reasoning;
    streaming_.pendingContent += answer;
    streaming_.pendingReasoning += reasoning;
    streaming_.dirty = true;
}

void ChatController::flushFrame()
{
    if (!streaming_.dirty)
        return;
    streaming_.dirty = false;
    chats_.appendAnswer(streaming_.messageId, streaming_.pendingReasoning, streaming_.pendingContent);
    streaming_.pendingContent.clear();
    streaming_.pendingReasoning.clear();
    const int row = messages_.rowOf(streaming_.messageId);
    if (row >= 0) {
        messages_.setStreamingText(row, streaming_.content, streaming_.reasoning);
        ++viewUpdates_;
    }
}

void ChatController::onFinished(int id, const inference::GenerationResult& result)
{
    if (id != streaming_.requestId && !(streaming_.requestId == -1))
        return;
    flushFrame();
    frame_.stop();
    const qint64 messageId = streaming_.messageId;
    store::GenerationStats stats = finishedStats(result);
    store::FinishReason reason = finishReasonFrom(result.finishReason);
    if (streaming_.continued && result.generatedTokens == 0) { // nothing added: the answer stays as it was
        stats = streaming_.continued->stats;
        reason = streaming_.continued->finishReason;
    }
    chats_.finishAnswer(messageId, stats, reason);

    const int row = messages_.rowOf(messageId);
    if (row >= 0) {
        MessageRow value = messages_.rows()[row];
        value.streaming = false;
        value.message.stats = stats;
        value.message.finishReason = reason;
        messages_.updateRow(row, value);
    }
    showFinishError(row, result);
    if (result.contextTokens > 0) // the last token sampled is not in the cache: at most the context
        setContextUsage(contextSize() > 0 ? std::min(result.contextTokens, contextSize()) : result.contextTokens, false);
    if (result.droppedMessages > 0) {
        noticeText_ = tr("%1 earlier messages no longer fit in the context and were left out.")
                          .arg(result.droppedMessages);
        Q_EMIT noticeTextChanged();
    }
    streaming_ = {};
    Q_EMIT generatingChanged();
    Q_EMIT chatListChanged();
    Q_EMIT answerFinished(messageId, result.finishReason);
}

void ChatController::stop()
{
    if (generating())
        inference_.stop();
}

void ChatController::regenerate(qint64 messageId)
{
    const int row = messages_.rowOf(messageId);
    if (row < 0 || generating())
        return;
    const store::Message& m = messages_.rows()[row].message;
    setError({});
    if (m.role == store::Role::Assistant)
        startAnswer(m.parentId, m.id);
    else
        startAnswer(m.id, 0); // a question without an answer: answer it
}

void ChatController::retry()
{
    if (messages_.rows().isEmpty() || generating())
        return;
    regenerate(messages_.rows().constLast().message.id);
}

void ChatController::continueAnswer(qint64 messageId)
{
    const int row = messages_.rowOf(messageId);
    if (row < 0 || generating() || messages_.rows()[row].message.role != store::Role::Assistant)
        return;
    if (!inference_.hasModel()) {
        setError(tr("Choose a model at the top of the window first."));
        return;
    }
    setError({});
    streaming_ = {};
    streaming_.continued = messages_.rows()[row].message;
    chats_.resumeAnswer(messageId);
    generateInto(messageId, true);
}

void ChatController::editAndResend(qint64 messageId, const QString& text)
{
    const QString content = text.trimmed();
    if (content.isEmpty() || generating())
        return;
    startingAnswer_ = true;
    Q_EMIT generatingChanged();
    chats_.post(
        this, [messageId, content](chat::Stores& s) { return s.messages.edit(messageId, content); },
        [this, token = switches_](qint64 editedId) {
            if (token == switches_)
                startAnswer(editedId, 0);
            else
                Q_EMIT chatListChanged();
        });
}

void ChatController::switchAlternative(qint64 messageId, int step)
{
    if (generating())
        return;
    chats_.post(
        this,
        [messageId, step](chat::Stores& s) {
            const store::SiblingPosition position = s.messages.siblings(messageId);
            const int target = position.index - 1 + step;
            if (target < 0 || target >= position.count())
                return;
            s.messages.switchBranch(position.siblingIds[std::size_t(target)]);
        },
        [this] { reloadBranch(); });
}

void ChatController::deleteMessage(qint64 messageId)
{
    if (generating())
        return;
    chats_.post(
        this, [messageId](chat::Stores& s) { s.messages.deleteMessage(messageId); },
        [this] {
            reloadBranch();
            Q_EMIT chatListChanged();
        });
}

void ChatController::setSystemPrompt(const QString& prompt)
{
    if (prompt == systemPrompt_)
        return;
    systemPrompt_ = prompt;
    Q_EMIT settingsChanged();
    saveSettingsDelay_.start();
}

void ChatController::setSamplingValue(const QString& name, const QVariant& value)
{
    if (!sampling_.contains(name) || sampling_.value(name) == value)
        return;
    sampling_[name] = value;
    Q_EMIT settingsChanged();
    saveSettingsDelay_.start();
}

void ChatController::resetSampling()
{
    sampling_ = defaultSampling_;
    Q_EMIT settingsChanged();
    saveSettingsDelay_.start();
}

void ChatController::saveSettings()
{
    saveSettingsDelay_.stop();
    if (chatId_ == 0)
        return; // saved with the chat when its first message is sent
    const qint64 chatId = chatId_;
    const QString prompt = systemPrompt_;
    const QString json =
        QString::fromUtf8(QJsonDocument(QJsonObject::fromVariantMap(sampling_)).toJson(QJsonDocument::Compact));
    const QString model = inference_.model().path;
    chats_.post([chatId, prompt, json, model](chat::Stores& s) {
        const store::Chat chat = s.chats.requireChat(chatId);
        s.chats.updateSettings(chatId, prompt, model.isEmpty() ? chat.model : model, json);
    });
}

// Long conversations: the chat's overflow policy, where a failed answer's
// sentence shows, a stopped answer's stats and the context gauge.

hearth::ContextOverflow ChatController::contextOverflow() const
{
    const std::string name = sampling_.value("contextOverflow").toString().toStdString();
    return contextOverflowFromName(name).value_or(hearth::ContextOverflow::DropOldest);
}

void ChatController::showFinishError(int row, const inference::GenerationResult& result)
{
    if (result.error.isEmpty())
        return;
    // Once: under an answer that has text (it broke off), else in the banner
    // (nothing came; Retry there when it can help).
    const bool hasText = row >= 0 && (streaming_.continued ? result.generatedTokens > 0
                                                           : !(messages_.rows()[row].message.content.isEmpty() &&
                                                               messages_.rows()[row].message.reasoning.isEmpty()));
    if (hasText) {
        MessageRow value = messages_.rows()[row];
        value.error = result.error;
        messages_.updateRow(row, value);
    } else {
        setError(result.error, result.retryable);
    }
}

store::GenerationStats ChatController::finishedStats(const inference::GenerationResult& result) const
{
    store::GenerationStats stats;
    stats.promptTokens = result.promptTokens;
    stats.generatedTokens = result.generatedTokens;
    stats.timeToFirstTokenMs = result.timeToFirstTokenMs;
    stats.prefillTokensPerSecond = result.prefillTokensPerSecond;
    stats.decodeTokensPerSecond = result.decodeTokensPerSecond;
    stats.reasoningMs = result.reasoningMs;
    if (streaming_.continued) { // a continuation adds to the answer it goes on from
        const store::GenerationStats& before = streaming_.continued->stats;
        stats.generatedTokens += before.generatedTokens;
        stats.reasoningMs += before.reasoningMs;
        if (before.timeToFirstTokenMs > 0)
            stats.timeToFirstTokenMs = before.timeToFirstTokenMs;
    }
    return stats;
}

void ChatController::setContextUsage(int used, bool estimated)
{
    if (used == contextUsed_ && estimated == contextEstimated_)
        return;
    contextUsed_ = used;
    contextEstimated_ = estimated;
    Q_EMIT contextUsageChanged();
}

void ChatController::estimateContextUsage()
{
    // The last answer's prompt and tokens, plus what was written after it;
    // text without a measured answer counts as four characters a token.
    constexpr int kCharactersPerToken = 4;
    qint64 tokens = 0;
    qint64 characters = systemPrompt_.size();
    for (const MessageRow& row : messages_.rows()) {
        const store::GenerationStats& s = row.message.stats;
        if (row.message.role == store::Role::Assistant && s.promptTokens > 0) {
            tokens = s.promptTokens + s.generatedTokens;
            characters = 0;
        } else {
            characters += row.message.content.size() + row.message.reasoning.size();
        }
    }
    setContextUsage(int(tokens + characters / kCharactersPerToken), true);
}

} // namespace hearth::ui
