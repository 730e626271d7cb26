#include "chat_model_offer.h"

#include <QFileInfo>

namespace hearth::ui {

void ChatModelOffer::setConversation(ChatController* conversation)
{
    if (conversation == conversation_)
        return;
    if (conversation_)
        disconnect(conversation_, nullptr, this, nullptr);
    conversation_ = conversation;
    if (conversation_) {
        connect(conversation_, &ChatController::chatModelChanged, this, &ChatModelOffer::update);
        connect(conversation_, &ChatController::chatChanged, this, [this] {
            if (conversation_->chatId() != dismissedChat_)
                dismissedChat_ = 0; // another chat: reopening one asks again
            update();
        });
    }
    update();
}

void ChatModelOffer::setModels(ModelPickerModel* models)
{
    if (models == models_)
        return;
    if (models_)
        disconnect(models_, nullptr, this, nullptr);
    models_ = models;
    if (models_) {
        connect(models_, &ModelPickerModel::stateChanged, this, [this] {
            // A load started while the offer shows (its own Load, or the
            // picker): the user chose, so it does not come back for this chat.
            if (visible_ && models_->loading())
                dismissedChat_ = conversation_ ? conversation_->chatId() : 0;
            update();
        });
        connect(models_, &ModelPickerModel::countChanged, this, &ChatModelOffer::update);
    }
    update();
}

void ChatModelOffer::update()
{
    bool show = false;
    QString text;
    QString loadPath;
    if (conversation_ && models_) {
        const QString wanted = conversation_->chatModel();
        const qint64 chatId = conversation_->chatId();
        // Not while the library is being scanned: the model may just not be listed yet.
        show = chatId != 0 && !wanted.isEmpty() && chatId != dismissedChat_ && !models_->loading() &&
               !models_->scanning() && !models_->isLoaded(wanted);
        if (show) {
            if (const auto found = models_->findModel(wanted)) {
                loadPath = found->path;
                text = tr("This chat used %1. Load it to go on with the same model.").arg(found->label);
            } else {
                // A path, or a Hub repo id from an imported chat: its last part names it.
                const QString name = QFileInfo(wanted).fileName().isEmpty() ? wanted : QFileInfo(wanted).fileName();
                text = tr("This chat used %1, which is not in your library.").arg(name);
            }
        }
    }
    if (show == visible_ && text == text_ && loadPath == loadPath_)
        return;
    visible_ = show;
    text_ = text;
    loadPath_ = loadPath;
    Q_EMIT changed();
}

void ChatModelOffer::load()
{
    if (visible_ && models_ && !loadPath_.isEmpty())
        models_->load(loadPath_);
}

void ChatModelOffer::dismiss()
{
    dismissedChat_ = conversation_ ? conversation_->chatId() : 0;
    update();
}

} // namespace hearth::ui
