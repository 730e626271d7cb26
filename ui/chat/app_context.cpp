#include "app_context.h"

#include "core/data_folder.h"
#include "core/settings.h"
#include "services/library/models_folder.h"
#include "services/store/store_location.h"

#include <QClipboard>
#include <QDir>
#include <QGuiApplication>
#include <QJSEngine>
#include <QPointer>
#include <QQmlEngine>

namespace hearth::ui {
namespace {

QPointer<AppContext> g_installed;

} // namespace

AppContext::AppContext(const Folders& folders, QObject* parent) : QObject(parent)
{
    const QString dataDir = appDataFolder(folders.dataDir);
    QDir().mkpath(dataDir);
    chatService_ = std::make_unique<chat::ChatService>(store::chatDatabasePath(dataDir));
    inference_ = std::make_unique<inference::InferenceService>();
    library_ = std::make_unique<ModelLibraryService>(library::resolveModelsFolder(folders.modelsFolder, folders.dataDir));
    chatList_ = std::make_unique<ChatListModel>(*chatService_);
    controller_ = std::make_unique<ChatController>(*chatService_, *inference_);
    picker_ = std::make_unique<ModelPickerModel>(*library_, *inference_);
    modelDefaults_ = std::make_unique<ModelDefaultsEditor>(*library_);
    importer_ = std::make_unique<ModelImporter>(*library_);
    const hub::HubConfig hubConfig = hub::HubConfig::fromEnvironment(Settings().huggingFaceToken());
    hub_ = std::make_unique<hub::HubClient>(hubConfig);
    downloadManager_ = std::make_unique<downloads::DownloadManager>(hubConfig);
    discover_ = std::make_unique<DiscoverModel>(*hub_);
    details_ = std::make_unique<ModelDetailsModel>(*hub_);
    downloadList_ = std::make_unique<DownloadsModel>(*downloadManager_, hubConfig, library_->modelsFolder());
    leaderboard_ = std::make_unique<LeaderboardModel>(*chatService_);

    // A finished download's buttons, and the library seeing new files.
    connect(downloadList_.get(), &DownloadsModel::loadRequested, picker_.get(), &ModelPickerModel::load);
    connect(downloadList_.get(), &DownloadsModel::newChatRequested, this, [this](const QString& path) {
        controller_->newChat();
        picker_->load(path);
    });
    connect(downloadList_.get(), &DownloadsModel::downloadFinished, library_.get(), &ModelLibraryService::rescanFolderOf);
    connect(downloadList_.get(), &DownloadsModel::startFailed, this, &AppContext::showError);

    // A new chat starts with the loaded model's own defaults (My Models)
    // over the global ones.
    controller_->setDefaultsSource([this] {
        if (inference_->hasModel())
            for (const library::LibraryEntry& e : library_->models())
                if (e.path == inference_->model().path)
                    return library_->effectiveDefaults(e.relativePath);
        return Settings().generationDefaults();
    });
    connect(inference_.get(), &inference::InferenceService::modelLoaded, controller_.get(),
            &ChatController::applyDefaultsToUnstartedChat);
    connect(modelDefaults_.get(), &ModelDefaultsEditor::saved, controller_.get(),
            &ChatController::applyDefaultsToUnstartedChat);
    // A chat format chosen for the loaded model applies from its next answer.
    connect(modelDefaults_.get(), &ModelDefaultsEditor::saved, this, [this](const QString& relativePath) {
        const auto entry = library_->find(relativePath);
        if (entry && inference_->hasModel() && inference_->model().path == entry->path)
            inference_->setChatTemplate(library_->modelDefaults(relativePath).chatTemplate.value_or(QString()));
    });


    connect(chatService_.get(), &chat::ChatService::opened, this, [this] {
        chatList_->refresh();
        Q_EMIT storeReadyChanged();
    });
    connect(chatService_.get(), &chat::ChatService::openFailed, this, [this](const QString& message) {
        showError(tr("Your chats could not be opened, so nothing will be saved: %1").arg(message));
        Q_EMIT storeReadyChanged();
    });
    connect(chatService_.get(), &chat::ChatService::errorOccurred, this, &AppContext::showError);
    connect(controller_.get(), &ChatController::chatListChanged, chatList_.get(), &ChatListModel::refresh);
    connect(chatList_.get(), &ChatListModel::chatRemoved, this, [this](qint64 id) {
        if (controller_->chatId() == id)
            controller_->newChat();
    });
    connect(&devices_, &DeviceService::devicesReady, this,
            [this](const QList<DeviceSummary>& devices, int selected) {
                if (selected >= 0 && selected < devices.size()) {
                    picker_->setDeviceMemory(devices[selected].memoryBytes);
                    details_->setDeviceMemory(devices[selected].memoryBytes);
                }
            });
    chatService_->open();
    library_->start();
    devices_.refresh();
    downloadList_->restore(); // what the last run left unfinished continues
}

AppContext::~AppContext()
{
    // View models first (they post their last writes), then the services.
    leaderboard_.reset();
    downloadList_.reset();
    details_.reset();
    discover_.reset();
    importer_.reset();
    modelDefaults_.reset();
    picker_.reset();
    controller_.reset();
    chatList_.reset();
    inference_.reset();
    downloadManager_.reset(); // stops transfers; partial files stay for the next run
    hub_.reset();
    library_.reset();
    chatService_.reset();
}

void AppContext::copyText(const QString& text) const
{
    if (QClipboard* clipboard = QGuiApplication::clipboard())
        clipboard->setText(text);
}

void AppContext::clearError()
{
    errorText_.clear();
    Q_EMIT errorTextChanged();
}

QVariantList AppContext::promptPresets() const
{
    QVariantList list;
    for (const Settings::PromptPreset& p : Settings().promptPresets())
        list.push_back(QVariantMap{{"name", p.name}, {"text", p.text}});
    return list;
}

void AppContext::savePromptPreset(const QString& name, const QString& text)
{
    Settings().savePromptPreset(name, text);
    Q_EMIT promptPresetsChanged();
}

void AppContext::removePromptPreset(const QString& name)
{
    Settings().removePromptPreset(name);
    Q_EMIT promptPresetsChanged();
}

void AppContext::install(AppContext* context)
{
    g_installed = context;
}

AppContext* AppContext::create(QQmlEngine* qml, QJSEngine*)
{
    if (g_installed) {
        QJSEngine::setObjectOwnership(g_installed, QJSEngine::CppOwnership);
        return g_installed;
    }
    // No app set one up (a QML tool, a test loading the window alone).
    auto* context = new AppContext(Folders{}, nullptr);
    QJSEngine::setObjectOwnership(context, QJSEngine::JavaScriptOwnership);
    Q_UNUSED(qml);
    return context;
}

void AppContext::startDownload(const QString& repoId, const QString& fileGroupName)
{
    // The page always asks for a file of the repo it shows; anything else
    // is a stale click, said rather than dropped.
    const auto group = details_->repoId() == repoId ? details_->fileGroup(fileGroupName) : std::nullopt;
    if (!group) {
        showError(tr("%1 of %2 could not be downloaded: open the model's page again and retry.")
                      .arg(fileGroupName, repoId));
        return;
    }
    downloadList_->start(repoId, *group);
}

void AppContext::reloadHubToken()
{
    const hub::HubConfig config = hub::HubConfig::fromEnvironment(Settings().huggingFaceToken());
    hub_->setConfig(config);
    downloadManager_->setConfig(config);
    downloadList_->setHubConfig(config);
    details_->tokenChanged();
}

void AppContext::showError(const QString& message)
{
    errorText_ = message;
    Q_EMIT errorTextChanged();
}

} // namespace hearth::ui
