import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The app shell: sidebar, top bar and the current page.
ApplicationWindow {
    id: root

    property string currentPage: "chats"
    readonly property var pages: ["chats", "discover", "downloads", "models", "leaderboard", "settings"]
    readonly property var pageTitles: [qsTr("Chat"), qsTr("Discover"), qsTr("Downloads"), qsTr("My Models"),
                                       qsTr("Leaderboard"), qsTr("Settings")]

    width: 1280
    height: 800
    minimumWidth: 800
    minimumHeight: 600
    visible: true
    title: qsTr("Hearth")
    color: Theme.window

    // Every role the Basic style reads, so controls we do not style
    // ourselves (Qt's file and folder dialogs, attached tooltips) read well
    // in both themes: "light" is the dialogs' header and footer, "dark" their border.
    palette.window: Theme.surface
    palette.windowText: Theme.text
    palette.text: Theme.text
    palette.base: Theme.surface
    palette.alternateBase: Theme.surfaceRaised
    palette.button: Theme.surfaceRaised
    palette.buttonText: Theme.text
    palette.brightText: Theme.textOnAccent
    palette.light: Theme.surfaceRaised
    palette.midlight: Theme.hover
    palette.mid: Theme.selected
    palette.dark: Theme.border
    palette.shadow: "#000000"
    palette.highlight: Theme.accent
    // Also the selected row of Qt's file dialog, tinted only lightly with
    // the accent: white would vanish on it in the light theme.
    palette.highlightedText: Theme.dark ? Theme.textOnAccent : Theme.text
    palette.placeholderText: Theme.textMuted
    palette.toolTipBase: Theme.surfaceRaised
    palette.toolTipText: Theme.text
    palette.link: Theme.accent
    palette.linkVisited: Theme.accentHover
    palette.disabled.text: Theme.textMuted
    palette.disabled.windowText: Theme.textMuted
    palette.disabled.buttonText: Theme.textMuted

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
            onChatRequested: (chatId, messageId) => {
                root.currentPage = "chats"
                App.conversation.openChat(chatId, messageId)
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

            // App-wide problems (chats not saved, a download that could
            // not start) show on every page, not only where they began.
            Banner {
                objectName: "appErrorBanner"
                Layout.fillWidth: true
                Layout.margins: 12
                Layout.bottomMargin: 0
                visible: App.errorText.length > 0
                danger: true
                text: App.errorText
                onDismissed: App.clearError()
            }

            StackLayout {
                Layout.fillWidth: true
                Layout.fillHeight: true
                currentIndex: Math.max(0, root.pages.indexOf(root.currentPage))

                ChatPage { id: chatPage; objectName: "chatPage"; onBrowseModels: root.currentPage = "models" }
                DiscoverPage {
                    id: discoverPage
                    objectName: "discoverPage"
                    discover: App.discover
                    details: App.modelDetails
                    onDownloadRequested: (repo, fileName) => App.startDownload(repo, fileName)
                }
                // Built while shown only: rows laid out in a hidden page
                // (zero size) make Qt 6.4's layouts loop.
                Loader {
                    active: root.currentPage === "downloads"
                    sourceComponent: Item {
                        DownloadsPanel {
                            anchors.horizontalCenter: parent.horizontalCenter
                            anchors.top: parent.top
                            anchors.bottom: parent.bottom
                            anchors.topMargin: 16
                            width: Math.max(0, Math.min(parent.width - 48, 860))
                            showTitle: false
                            downloads: App.downloads
                            onChatRequested: root.currentPage = "chats"
                        }
                    }
                }
                ModelsPage {
                    onChatRequested: root.currentPage = "chats"
                    onDiscoverRequested: root.currentPage = "discover"
                }
                LeaderboardPage { objectName: "leaderboardPage" }
                SettingsPage { id: settingsPage; devices: deviceList; modelsFolderInUse: App.models.modelsFolder }
            }
        }
    }

    // A token added in Settings (say for a gated model) is used at once.
    Connections {
        target: settingsPage.settingsModel
        function onHuggingFaceTokenChanged() { App.reloadHubToken() }
    }

    Shortcut { sequence: "Ctrl+,"; onActivated: root.currentPage = "settings" }
    // The platform's Quit key, and Ctrl+Q where that is something else
    // (one key in two sequences of a Shortcut would make it ambiguous).
    Shortcut {
        id: quitShortcut
        objectName: "quitShortcut"
        sequence: StandardKey.Quit
        context: Qt.ApplicationShortcut
        onActivated: Qt.quit()
    }
    Shortcut {
        sequence: "Ctrl+Q"
        enabled: quitShortcut.portableText !== "Ctrl+Q"
        context: Qt.ApplicationShortcut
        onActivated: Qt.quit()
    }
    Shortcut { sequence: "Ctrl+N"; onActivated: root.newChat() }
    Shortcut {
        sequence: "Ctrl+F"
        onActivated: root.currentPage === "discover" ? discoverPage.focusSearch() : sidebar.focusSearch()
    }

    function newChat() {
        root.currentPage = "chats"
        App.conversation.newChat()
        chatPage.focusComposer()
    }
}
