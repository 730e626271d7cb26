import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Left column: brand, new chat, chat search and list, page navigation.
Rectangle {
    id: sidebar
    property string currentPage: "chats"
    signal pageRequested(string name)

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
            text: qsTr("New chat")
            Layout.fillWidth: true
            Accessible.name: qsTr("New chat")
            onClicked: sidebar.pageRequested("chats")
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
            placeholderText: qsTr("Search chats")
            Layout.fillWidth: true
            color: Theme.text
            placeholderTextColor: Theme.textMuted
            font.pixelSize: Theme.fontBody
            leftPadding: 34
            Accessible.name: qsTr("Search chats")
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
        }

        Label {
            text: qsTr("Chats")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.weight: Font.DemiBold
            Layout.topMargin: 6
            Layout.leftMargin: 6
        }

        Label {
            text: qsTr("Your conversations will appear here.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
            Layout.leftMargin: 6
        }

        Item { Layout.fillHeight: true }

        Rectangle { color: Theme.border; height: 1; Layout.fillWidth: true }

        SidebarButton {
            text: qsTr("Chats")
            iconSource: "qrc:/Hearth/icons/chat.svg"
            current: sidebar.currentPage === "chats"
            Layout.fillWidth: true
            onClicked: sidebar.pageRequested("chats")
        }
        SidebarButton {
            text: qsTr("My Models")
            iconSource: "qrc:/Hearth/icons/models.svg"
            current: sidebar.currentPage === "models"
            Layout.fillWidth: true
            onClicked: sidebar.pageRequested("models")
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
