import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The app shell: sidebar, top bar and the current page.
ApplicationWindow {
    id: root

    property string currentPage: "chats"
    readonly property var pages: ["chats", "models", "settings"]
    readonly property var pageTitles: [qsTr("Chat"), qsTr("My Models"), qsTr("Settings")]

    width: 1280
    height: 800
    minimumWidth: 800
    minimumHeight: 600
    visible: true
    title: qsTr("Hearth")
    color: Theme.window

    palette.window: Theme.window
    palette.windowText: Theme.text
    palette.text: Theme.text
    palette.base: Theme.surface
    palette.button: Theme.surfaceRaised
    palette.buttonText: Theme.text
    palette.highlight: Theme.accent
    palette.highlightedText: Theme.textOnAccent
    palette.placeholderText: Theme.textMuted

    DeviceListModel { id: deviceList }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Sidebar {
            id: sidebar
            Layout.fillHeight: true
            Layout.preferredWidth: root.width < 1000 ? 224 : 264
            currentPage: root.currentPage
            onPageRequested: (name) => root.currentPage = name
            onNewChatRequested: root.newChat()
            onChatRequested: (chatId) => {
                root.currentPage = "chats"
                App.conversation.openChat(chatId)
            }
        }

        Rectangle { Layout.fillHeight: true; width: 1; color: Theme.border }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.fillHeight: true
            spacing: 0

            TopBar {
                Layout.fillWidth: true
                title: root.currentPage === "chats" && App.conversation.title.length > 0
                       ? App.conversation.title
                       : root.pageTitles[Math.max(0, root.pages.indexOf(root.currentPage))]
                deviceName: deviceList.selectedName
                deviceLoading: deviceList.loading
                showModelPicker: root.currentPage === "chats"
                onBrowseModels: root.currentPage = "models"
                onChatSettingsToggled: chatPage.settingsOpen = !chatPage.settingsOpen
            }

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: Math.max(0, root.pages.indexOf(root.currentPage))

                ChatPage { id: chatPage; objectName: "chatPage"; onBrowseModels: root.currentPage = "models" }
                ModelsPage { onChatRequested: root.currentPage = "chats" }
                SettingsPage { devices: deviceList }
            }
        }
    }

    Shortcut { sequence: "Ctrl+,"; onActivated: root.currentPage = "settings" }
    Shortcut { sequence: "Ctrl+N"; onActivated: root.newChat() }
    Shortcut { sequence: "Ctrl+F"; onActivated: sidebar.focusSearch() }

    function newChat() {
        root.currentPage = "chats"
        App.conversation.newChat()
        chatPage.focusComposer()
    }
}
