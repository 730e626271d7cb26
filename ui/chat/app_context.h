#pragma once

#include "chat_controller.h"
#include "chat_list_model.h"
#include "model_picker_model.h"
#include "arena/leaderboard_model.h"
#include "downloads/downloads_model.h"
#include "hub/discover_model.h"
#include "hub/model_details_model.h"
#include "models/model_defaults_editor.h"
#include "models/model_importer.h"
#include "services/chat/chat_service.h"
#include "services/device_service.h"
#include "services/downloads/download_manager.h"
#include "services/hub/hub_client.h"
#include "services/inference/inference_service.h"
#include "services/library/model_library_service.h"

#include <QObject>
#include <QVariantList>
#include <QtQml/qqmlregistration.h>

#include <memory>

class QQmlEngine;
class QJSEngine;

namespace hearth::ui {

// Everything the QML needs, as the singleton `App`: the services (chat
// store, inference, model library) and the view models built on them.
// runGui (or a test) creates it with its folders and installs it before
// the QML loads; otherwise QML gets one on the default folders.
class AppContext : public QObject {
    Q_OBJECT
    QML_NAMED_ELEMENT(App)
    QML_SINGLETON
    Q_PROPERTY(hearth::ui::ChatListModel* chats READ chats CONSTANT)
    Q_PROPERTY(hearth::ui::ChatController* conversation READ conversation CONSTANT)
    Q_PROPERTY(hearth::ui::ModelPickerModel* models READ models CONSTANT)
    Q_PROPERTY(hearth::ui::ModelDefaultsEditor* modelDefaults READ modelDefaults CONSTANT)
    Q_PROPERTY(hearth::ui::ModelImporter* importer READ importer CONSTANT)
    Q_PROPERTY(hearth::ui::DiscoverModel* discover READ discover CONSTANT)
    Q_PROPERTY(hearth::ui::ModelDetailsModel* modelDetails READ modelDetails CONSTANT)
    Q_PROPERTY(hearth::ui::DownloadsModel* downloads READ downloads CONSTANT)
    Q_PROPERTY(hearth::ui::LeaderboardModel* leaderboard READ leaderboard CONSTANT)
    Q_PROPERTY(bool storeReady READ storeReady NOTIFY storeReadyChanged)
    // The last problem of the chat history (it could not open, a save
    // failed), for a banner; empty when all is well.
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)
    // [{name, text}]: system prompts the user saved (Settings).
    Q_PROPERTY(QVariantList promptPresets READ promptPresets NOTIFY promptPresetsChanged)

public:
    struct Folders {
        QString dataDir;      // empty: appDataFolder() (HEARTH_DATA_DIR, else the platform's)
        QString modelsFolder; // empty: the setting, else <data>/models
    };
    explicit AppContext(const Folders& folders, QObject* parent = nullptr);
    ~AppContext() override;

    // The instance QML gets; the caller keeps ownership.
    static void install(AppContext* context);
    static AppContext* create(QQmlEngine* qml, QJSEngine* js);

    ChatListModel* chats() { return chatList_.get(); }
    ChatController* conversation() { return controller_.get(); }
    ModelPickerModel* models() { return picker_.get(); }
    ModelDefaultsEditor* modelDefaults() { return modelDefaults_.get(); }
    ModelImporter* importer() { return importer_.get(); }
    DiscoverModel* discover() { return discover_.get(); }
    ModelDetailsModel* modelDetails() { return details_.get(); }
    DownloadsModel* downloads() { return downloadList_.get(); }
    LeaderboardModel* leaderboard() { return leaderboard_.get(); }
    chat::ChatService& chatService() { return *chatService_; }
    inference::InferenceService& inference() { return *inference_; }
    ModelLibraryService& library() { return *library_; }
    bool storeReady() const { return chatService_->isOpen(); }

    Q_INVOKABLE void copyText(const QString& text) const;
    QVariantList promptPresets() const;
    Q_INVOKABLE void savePromptPreset(const QString& name, const QString& text);
    Q_INVOKABLE void removePromptPreset(const QString& name);
    QString errorText() const { return errorText_; }
    Q_INVOKABLE void clearError();
    // Downloads the model page's file group `fileGroupName` of `repoId`.
    Q_INVOKABLE void startDownload(const QString& repoId, const QString& fileGroupName);
    // The Hugging Face token changed in Settings: Hub requests and
    // downloads use it from now on.
    Q_INVOKABLE void reloadHubToken();
    // Shows `message` in the window's error banner (also at start-up, e.g.
    // when the data folder could not be moved).
    void showError(const QString& message);

Q_SIGNALS:
    void storeReadyChanged();
    void errorTextChanged();
    void promptPresetsChanged();

private:
    // Destroyed in reverse: view models first, then the services they use.
    std::unique_ptr<chat::ChatService> chatService_;
    std::unique_ptr<inference::InferenceService> inference_;
    std::unique_ptr<ModelLibraryService> library_;
    std::unique_ptr<hub::HubClient> hub_;
    std::unique_ptr<downloads::DownloadManager> downloadManager_;
    std::unique_ptr<ChatListModel> chatList_;
    std::unique_ptr<ChatController> controller_;
    std::unique_ptr<ModelPickerModel> picker_;
    std::unique_ptr<ModelDefaultsEditor> modelDefaults_;
    std::unique_ptr<ModelImporter> importer_;
    std::unique_ptr<DiscoverModel> discover_;
    std::unique_ptr<ModelDetailsModel> details_;
    std::unique_ptr<DownloadsModel> downloadList_;
    std::unique_ptr<LeaderboardModel> leaderboard_;
    DeviceService devices_; // the GPU's memory for the picker's fit warnings
    QString errorText_;
};

} // namespace hearth::ui
