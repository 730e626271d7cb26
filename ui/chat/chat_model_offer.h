#pragma once

#include "chat_controller.h"
#include "model_picker_model.h"

#include <QObject>
#include <QPointer>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

// The chat page's offer to load the model the open chat used: "This chat
// used <model>. Load it" when that model (or an identical copy, or a file
// of the same name) is in the library, or "... is not in your library"
// when it is gone. Hidden while that model is loaded, while any model
// loads, and once dismissed for this chat; a load the user starts from the
// picker answers the offer too.
class ChatModelOffer : public QObject {
    Q_OBJECT
    QML_ELEMENT
    Q_PROPERTY(hearth::ui::ChatController* conversation READ conversation WRITE setConversation NOTIFY changed)
    Q_PROPERTY(hearth::ui::ModelPickerModel* models READ models WRITE setModels NOTIFY changed)
    Q_PROPERTY(bool visible READ visible NOTIFY changed)
    Q_PROPERTY(bool canLoad READ canLoad NOTIFY changed)
    Q_PROPERTY(QString text READ text NOTIFY changed)

public:
    using QObject::QObject;

    ChatController* conversation() const { return conversation_; }
    void setConversation(ChatController* conversation);
    ModelPickerModel* models() const { return models_; }
    void setModels(ModelPickerModel* models);
    bool visible() const { return visible_; }
    bool canLoad() const { return !loadPath_.isEmpty(); }
    QString text() const { return text_; }

    Q_INVOKABLE void load();
    Q_INVOKABLE void dismiss();

Q_SIGNALS:
    void changed();

private:
    void update();

    QPointer<ChatController> conversation_;
    QPointer<ModelPickerModel> models_;
    bool visible_ = false;
    QString text_;
    QString loadPath_;
    qint64 dismissedChat_ = 0;
};

} // namespace hearth::ui
