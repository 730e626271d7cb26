#pragma once

#include "message_list_model.h"
#include "services/chat/chat_service.h"
#include "services/inference/inference_service.h"

#include "core/settings.h"

#include <QObject>
#include <QTimer>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

#include <functional>
#include <optional>

namespace hearth::ui {

// The open chat: its messages, its settings, and everything the chat view
// can do with them (send, stop, regenerate, edit, continue, switch
// alternatives, delete). Writes go to ChatService, answers come from
// InferenceService; streamed pieces are applied once per frame so a fast
// model never floods the view.
class ChatController : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use App.conversation")
    Q_PROPERTY(qint64 chatId READ chatId NOTIFY chatChanged)
    Q_PROPERTY(QString title READ title NOTIFY chatChanged)
    Q_PROPERTY(hearth::ui::MessageListModel* messages READ messages CONSTANT)
    Q_PROPERTY(bool generating READ generating NOTIFY generatingChanged)
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    Q_PROPERTY(QString systemPrompt READ systemPrompt WRITE setSystemPrompt NOTIFY settingsChanged)
    // Sampling values by name, and "textCompletion": the chat is sent as
    // plain text the model continues, with no chat format.
    Q_PROPERTY(QVariantMap sampling READ sampling NOTIFY settingsChanged)
    Q_PROPERTY(QString noticeText READ noticeText NOTIFY noticeTextChanged)
    // The model file the open chat used last ("" for a new chat).
    Q_PROPERTY(QString chatModel READ chatModel NOTIFY chatModelChanged)
    // False when retrying the failed answer would fail the same way (it
    // does not fit in the context): the view then offers no Retry.
    Q_PROPERTY(bool retryable READ retryable NOTIFY errorTextChanged)
    // How full the model's context is: tokens of the open chat in it, of
    // contextSize. Exact after an answer; an estimate (contextEstimated)
    // when a chat has just been opened.
    Q_PROPERTY(int contextUsed READ contextUsed NOTIFY contextUsageChanged)
    Q_PROPERTY(int contextSize READ contextSize NOTIFY contextUsageChanged)
    Q_PROPERTY(bool contextEstimated READ contextEstimated NOTIFY contextUsageChanged)

public:
    ChatController(chat::ChatService& chats, inference::InferenceService& inference, QObject* parent = nullptr);
    ~ChatController() override; // saves what a running answer has so far

    qint64 chatId() const { return chatId_; }
    QString title() const { return title_; }
    MessageListModel* messages() { return &messages_; }
    bool generating() const { return streaming_.requestId != 0 || startingAnswer_; }
    QString errorText() const { return errorText_; }
    QString noticeText() const { return noticeText_; }
    QString chatModel() const { return chatModel_; }
    QString systemPrompt() const { return systemPrompt_; }
    void setSystemPrompt(const QString& prompt);
    QVariantMap sampling() const { return sampling_; }
    bool retryable() const { return retryable_; }
    int contextUsed() const { return contextUsed_; }
    int contextSize() const { return inference_.model().contextLength; }
    bool contextEstimated() const { return contextEstimated_; }

    // Where a new chat's system prompt and sampling come from (the loaded
    // model's own defaults over the global ones); Settings when unset.
    void setDefaultsSource(std::function<GenerationDefaults()> source);
    // A model was loaded: a new chat nobody has written in yet takes its defaults.
    void applyDefaultsToUnstartedChat();

    Q_INVOKABLE void newChat();
    // Opens a chat; with `messageId` (a search hit), on the version of the
    // chat that holds that message.
    Q_INVOKABLE void openChat(qint64 chatId, qint64 messageId = 0);
    Q_INVOKABLE void send(const QString& text);
    Q_INVOKABLE void stop();
    Q_INVOKABLE void regenerate(qint64 messageId);
    Q_INVOKABLE void continueAnswer(qint64 messageId);
    Q_INVOKABLE void editAndResend(qint64 messageId, const QString& text);
    Q_INVOKABLE void switchAlternative(qint64 messageId, int step); // -1 previous, +1 next
    Q_INVOKABLE void deleteMessage(qint64 messageId);
    Q_INVOKABLE void retry(); // after an error: the last answer again
    Q_INVOKABLE void setSamplingValue(const QString& name, const QVariant& value);
    Q_INVOKABLE void resetSampling();
    Q_INVOKABLE void clearError();
    Q_INVOKABLE void clearNotice();

    // For tests: how often streamed text reaches the view (ms).
    void setFrameInterval(int ms) { frame_.setInterval(ms); }
    int viewUpdates() const { return viewUpdates_; }

Q_SIGNALS:
    void chatChanged();
    void generatingChanged();
    void errorTextChanged();
    void noticeTextChanged();
    void settingsChanged();
    void chatModelChanged();
    void chatListChanged(); // a chat was created, renamed or got new messages
    void answerFinished(qint64 messageId, const QString& finishReason);
    void contextUsageChanged();

private:
    struct Streaming {
        int requestId = 0;
        qint64 messageId = 0;
        QString content;
        QString reasoning;
        QString pendingContent; // not yet sent to the store
        QString pendingReasoning;
        bool dirty = false;
        // Continuing an answer: how it ended before, kept when the
        // continuation adds nothing and merged into its stats otherwise.
        std::optional<store::Message> continued;
    };

    // The settings a new chat starts with: Settings' defaults, read again
    // for every new chat so changes on the settings page apply at once.
    void readDefaults();
    void reloadBranch(std::function<void()> then = {});
    void abandonStartingAnswer();
    void startAnswer(qint64 parentId, qint64 alternativeOf);
    void generateInto(qint64 messageId, bool continueLast);
    QList<inference::PromptMessage> promptUpTo(int row) const;
    void onPiece(int id, const QString& reasoning, const QString& answer);
    void onFinished(int id, const inference::GenerationResult& result);
    void flushFrame();
    void setError(const QString& text, bool retryable = true);
    // Long conversations (context overflow policy, gauge, stopped answers).
    hearth::ContextOverflow contextOverflow() const;
    void showFinishError(int row, const inference::GenerationResult& result);
    store::GenerationStats finishedStats(const inference::GenerationResult& result) const;
    void setContextUsage(int used, bool estimated);
    void estimateContextUsage();
    void saveSettings();
    inference::GenerationSettings generationSettings() const;
    QString modelLabel() const;
    void setChatModel(const QString& path);

    chat::ChatService& chats_;
    inference::InferenceService& inference_;
    MessageListModel messages_;
    qint64 chatId_ = 0;
    QString title_;
    QString chatModel_;
    QString systemPrompt_;
    QVariantMap sampling_;
    std::function<GenerationDefaults()> defaultsSource_;
    QString defaultSystemPrompt_;
    QVariantMap defaultSampling_;
    Streaming streaming_;
    bool startingAnswer_ = false;
    QString errorText_;
    bool retryable_ = true;
    int contextUsed_ = 0;
    bool contextEstimated_ = false;
    QString noticeText_;
    QTimer frame_;
    QTimer saveSettingsDelay_;
    int viewUpdates_ = 0;
    quint64 openGeneration_ = 0; // drops replies for a chat no longer open
    quint64 switches_ = 0;       // bumped when another chat opens: pending sends are dropped
};

// Title of a new chat from its first message: the first line, shortened.
QString titleFromMessage(const QString& text);

} // namespace hearth::ui
