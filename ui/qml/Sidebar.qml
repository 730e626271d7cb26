import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Left column: brand, new chat, chat search and list, page navigation.
Rectangle {
    id: sidebar
    property string currentPage: "chats"
    signal pageRequested(string name)
    signal newChatRequested()
    signal chatRequested(var chatId, var messageId) // messageId: a search hit's message, else 0

    function focusSearch() { search.forceActiveFocus(); search.selectAll() }

    color: Theme.sidebar

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 10

        RowLayout {
            spacing: 10
            Layout.topMargin: 4
            Layout.leftMargin: 4
            Image {
                source: "qrc:/resources/hearth.svg"
                sourceSize: Qt.size(28, 28)
                Layout.preferredWidth: 28
                Layout.preferredHeight: 28
            }
            Label {
                text: qsTr("Hearth")
                color: Theme.text
                font.pixelSize: Theme.fontLarge + 1
                font.weight: Font.Bold
                Layout.fillWidth: true
            }
        }

        Button {
            id: newChat
            objectName: "newChatButton"
            text: qsTr("New chat")
            Layout.fillWidth: true
            Accessible.name: qsTr("New chat")
            onClicked: sidebar.newChatRequested()
            contentItem: RowLayout {
                spacing: 8
                Item { Layout.fillWidth: true }
                Image { source: "qrc:/Hearth/icons/plus.svg"; sourceSize: Qt.size(16, 16) }
                Label { text: newChat.text; color: Theme.textOnAccent; font.pixelSize: Theme.fontBody; font.weight: Font.DemiBold }
                Item { Layout.fillWidth: true }
            }
            background: Rectangle {
                implicitHeight: 38
                radius: Theme.radius
                color: newChat.hovered ? Theme.accentHover : Theme.accent
            }
        }

        TextField {
            id: search
            objectName: "chatSearch"
            placeholderText: qsTr("Search chats")
            Layout.fillWidth: true
            color: Theme.text
            placeholderTextColor: Theme.textMuted
            font.pixelSize: Theme.fontBody
            leftPadding: 34
            rightPadding: 30
            Accessible.name: qsTr("Search chats")
            text: App.chats.searchText
            onTextEdited: App.chats.searchText = text
            Keys.onEscapePressed: { App.chats.searchText = ""; text = "" }
            background: Rectangle {
                implicitHeight: 36
                radius: Theme.radius
                color: Theme.surface
                border.color: search.activeFocus ? Theme.accent : Theme.border
                Image {
                    source: "qrc:/Hearth/icons/search.svg"
                    sourceSize: Qt.size(16, 16)
                    anchors.verticalCenter: parent.verticalCenter
                    x: 11
                }
            }
            IconButton {
                visible: search.text.length > 0
                anchors.right: parent.right
                anchors.rightMargin: 4
                anchors.verticalCenter: parent.verticalCenter
                implicitWidth: 24
                implicitHeight: 24
                iconSource: "qrc:/Hearth/icons/close.svg"
                tip: qsTr("Clear search")
                onClicked: { App.chats.searchText = ""; search.text = "" }
            }
        }

        Label {
            visible: App.chats.count === 0
            text: App.chats.searching ? qsTr("No chats match your search.")
                                      : qsTr("Your conversations will appear here.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
            Layout.leftMargin: 6
            Layout.topMargin: 6
        }

        ThemedComboBox {
            id: folderFilter
            objectName: "folderFilter"
            visible: App.chats.folders.length > 0 && !App.chats.searching
            Layout.fillWidth: true
            model: [qsTr("All chats")].concat(App.chats.folders)
            Accessible.name: qsTr("Show chats of folder")
            onActivated: (i) => App.chats.folderFilter = i === 0 ? "" : App.chats.folders[i - 1]
            contentItem: RowLayout {
                spacing: 6
                Item { Layout.preferredWidth: 4 }
                Image { source: "qrc:/Hearth/icons/folder.svg"; sourceSize: Qt.size(14, 14) }
                Label {
                    Layout.fillWidth: true
                    text: folderFilter.displayText
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall + 1
                    elide: Text.ElideRight
                }
            }
            implicitHeight: 30
        }

        ListView {
            id: chatList
            objectName: "chatList"
            Layout.fillWidth: true
            Layout.fillHeight: true
            clip: true
            spacing: 1
            model: App.chats
            boundsBehavior: Flickable.StopAtBounds
            ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
            Accessible.name: qsTr("Chats")
            section.property: "section"
            section.delegate: Label {
                required property string section
                text: section
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
                leftPadding: 8
                topPadding: 10
                bottomPadding: 4
            }
            delegate: ChatListItem {
                required property var messageId
                current: chatId === App.conversation.chatId
                onOpenRequested: sidebar.chatRequested(chatId, messageId)
            }
        }

        // Where an export went (or why it failed).
        Rectangle {
            visible: App.chats.noticeText.length > 0
            Layout.fillWidth: true
            implicitHeight: noticeRow.implicitHeight + 12
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.border
            RowLayout {
                id: noticeRow
                anchors.fill: parent
                anchors.margins: 6
                anchors.leftMargin: 10
                Label {
                    objectName: "chatNotice"
                    Layout.fillWidth: true
                    text: App.chats.noticeText
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WrapAnywhere
                    maximumLineCount: 3
                    elide: Text.ElideRight
                }
                IconButton {
                    iconSource: "qrc:/Hearth/icons/close.svg"
                    tip: qsTr("Dismiss")
                    onClicked: App.chats.clearNotice()
                }
            }
        }

        // Undo for the last deleted chat.
        Rectangle {
            visible: App.chats.hasPendingRemoval
            Layout.fillWidth: true
            implicitHeight: undoRow.implicitHeight + 12
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.border
            RowLayout {
                id: undoRow
                anchors.fill: parent
                anchors.margins: 6
                anchors.leftMargin: 10
                Label {
                    Layout.fillWidth: true
                    text: qsTr("Deleted “%1”").arg(App.chats.pendingRemovalTitle)
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideRight
                }
                AccentButton {
                    objectName: "undoDelete"
                    text: qsTr("Undo")
                    quiet: true
                    onClicked: App.chats.undoRemove()
                }
            }
        }


        Rectangle { color: Theme.border; height: 1; Layout.fillWidth: true }

        SidebarButton {
            text: qsTr("Chats")
            iconSource: "qrc:/Hearth/icons/chat.svg"
            current: sidebar.currentPage === "chats"
            Layout.fillWidth: true
            onClicked: sidebar.pageRequested("chats")
        }
        SidebarButton {
            objectName: "discoverButton"
            text: qsTr("Discover")
            iconSource: "qrc:/Hearth/icons/search.svg"
            current: sidebar.currentPage === "discover"
            Layout.fillWidth: true
            onClicked: sidebar.pageRequested("discover")
        }
        SidebarButton {
            objectName: "downloadsButton"
            text: qsTr("Downloads")
            iconSource: "qrc:/Hearth/icons/download.svg"
            current: sidebar.currentPage === "downloads"
            // While something downloads: its overall progress.
            badge: App.downloads.activeCount > 0 ? Math.round(App.downloads.totalProgress * 100) + "%" : ""
            Layout.fillWidth: true
            onClicked: sidebar.pageRequested("downloads")
        }
        SidebarButton {
            text: qsTr("My Models")
            iconSource: "qrc:/Hearth/icons/models.svg"
            current: sidebar.currentPage === "models"
            Layout.fillWidth: true
            onClicked: sidebar.pageRequested("models")
        }
        SidebarButton {
            objectName: "leaderboardButton"
            text: qsTr("Leaderboard")
            iconSource: "qrc:/Hearth/icons/trophy.svg"
            current: sidebar.currentPage === "leaderboard"
            Layout.fillWidth: true
            onClicked: sidebar.pageRequested("leaderboard")
        }
        SidebarButton {
            text: qsTr("Settings")
            iconSource: "qrc:/Hearth/icons/settings.svg"
            current: sidebar.currentPage === "settings"
            Layout.fillWidth: true
            onClicked: sidebar.pageRequested("settings")
        }
    }
}
