import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One chat in the sidebar: title (or a search snippet), pin, and a menu
// to rename, pin, file into a folder or delete.
ItemDelegate {
    id: item
    required property int index
    required property var chatId
    required property string title
    required property bool pinned
    required property string folder
    required property string snippet
    property bool current: false
    property bool renaming: false
    signal openRequested()

    objectName: "chat_" + index
    width: ListView.view ? ListView.view.width : 200
    implicitHeight: Math.max(36, column.implicitHeight + 12)
    Accessible.name: title
    onClicked: openRequested()

    background: Rectangle {
        radius: Theme.radius
        color: item.current ? Theme.selected : item.hovered ? Theme.hover : "transparent"
    }
    contentItem: RowLayout {
        spacing: 6
        ColumnLayout {
            id: column
            Layout.fillWidth: true
            spacing: 2
            Label {
                visible: !item.renaming
                Layout.fillWidth: true
                text: item.title
                color: Theme.text
                font.pixelSize: Theme.fontBody - 1
                elide: Text.ElideRight
            }
            TextField {
                id: renameField
                objectName: "renameField"
                visible: item.renaming
                Layout.fillWidth: true
                text: item.title
                color: Theme.text
                font.pixelSize: Theme.fontBody - 1
                Accessible.name: qsTr("Chat title")
                onAccepted: { App.chats.rename(item.chatId, text); item.renaming = false }
                onActiveFocusChanged: if (!activeFocus) item.renaming = false
                Keys.onEscapePressed: item.renaming = false
            }
            Label {
                visible: item.snippet.length > 0
                Layout.fillWidth: true
                text: item.snippet
                textFormat: Text.StyledText
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            Label {
                visible: item.folder.length > 0 && item.snippet.length === 0
                text: item.folder
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall - 1
            }
        }
        Image {
            visible: item.pinned
            source: "qrc:/Hearth/icons/pin.svg"
            sourceSize: Qt.size(14, 14)
        }
        IconButton {
            id: menuButton
            objectName: "chatMenuButton"
            visible: item.hovered || item.current || menu.visible
            iconSource: "qrc:/Hearth/icons/more.svg"
            tip: qsTr("Chat actions")
            implicitWidth: 24
            implicitHeight: 24
            // Under the button, wherever the pointer is (or when opened by keyboard).
            onClicked: menu.popup(menuButton, 0, menuButton.height)
        }
    }

    ThemedMenu {
        id: menu
        objectName: "chatMenu"
        ThemedMenuItem {
            text: qsTr("Rename")
            onTriggered: { item.renaming = true; renameField.forceActiveFocus(); renameField.selectAll() }
        }
        ThemedMenuItem {
            text: item.pinned ? qsTr("Unpin") : qsTr("Pin")
            onTriggered: App.chats.setPinned(item.chatId, !item.pinned)
        }
        ThemedMenu {
            objectName: "folderMenu"
            title: qsTr("Move to folder")
            Repeater {
                model: App.chats.folders
                ThemedMenuItem {
                    required property string modelData
                    text: modelData
                    onTriggered: App.chats.setFolder(item.chatId, modelData)
                }
            }
            ThemedMenuItem {
                text: qsTr("New folder…")
                onTriggered: folderDialog.open()
            }
            ThemedMenuItem {
                visible: item.folder.length > 0
                text: qsTr("Remove from folder")
                onTriggered: App.chats.setFolder(item.chatId, "")
            }
        }
        ThemedMenuItem {
            text: qsTr("Export as Markdown")
            onTriggered: App.chats.exportChat(item.chatId, "md")
        }
        ThemedMenuItem {
            text: qsTr("Export as JSON")
            onTriggered: App.chats.exportChat(item.chatId, "json")
        }
        ThemedMenuSeparator {}
        ThemedMenuItem {
            objectName: "deleteChat"
            text: qsTr("Delete")
            onTriggered: App.chats.remove(item.chatId)
        }
    }

    ThemedDialog {
        id: folderDialog
        objectName: "newFolderDialog"
        title: qsTr("New folder")
        standardButtons: Dialog.Ok | Dialog.Cancel
        TextField {
            id: folderName
            width: 240
            placeholderText: qsTr("Folder name")
            Accessible.name: qsTr("Folder name")
        }
        onAccepted: if (folderName.text.trim().length > 0) App.chats.setFolder(item.chatId, folderName.text)
    }
}
