import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The chat area. Until a model is loaded it explains how to get one.
Item {
    id: page
    signal browseModels()

    EmptyState {
        anchors.fill: parent
        anchors.bottomMargin: composer.height + 24
        iconSource: "qrc:/resources/hearth.svg"
        heading: qsTr("Chat privately with open models")
        body: qsTr("Everything runs on your own computer: nothing you type leaves it. "
                   + "Add a model to your library to start a conversation.")
        actionText: qsTr("Get a model")
        onActionTriggered: page.browseModels()
    }

    Rectangle {
        id: composer
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.bottom: parent.bottom
        anchors.margins: 24
        height: 56
        radius: Theme.radiusLarge
        color: Theme.surface
        border.color: Theme.border

        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 16
            anchors.rightMargin: 10
            spacing: 8
            TextField {
                id: input
                Layout.fillWidth: true
                enabled: false
                placeholderText: qsTr("Load a model to send a message")
                placeholderTextColor: Theme.textMuted
                color: Theme.text
                font.pixelSize: Theme.fontBody
                background: null
                Accessible.name: qsTr("Message")
            }
            Button {
                id: send
                enabled: false
                text: qsTr("Send")
                Accessible.name: qsTr("Send message")
                contentItem: Label {
                    text: send.text
                    color: Theme.textOnAccent
                    font.pixelSize: Theme.fontBody
                    font.weight: Font.DemiBold
                    horizontalAlignment: Text.AlignHCenter
                    verticalAlignment: Text.AlignVCenter
                }
                background: Rectangle {
                    implicitWidth: 72
                    implicitHeight: 36
                    radius: Theme.radius
                    color: Theme.accent
                    opacity: send.enabled ? 1.0 : 0.45
                }
            }
        }
    }
}
