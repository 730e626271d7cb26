import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Centred explanation for a page with nothing to show yet, with one action.
Item {
    id: empty
    property url iconSource
    property string heading
    property string body
    property string actionText
    property string secondaryActionText // a quieter second choice below the first
    signal actionTriggered()
    signal secondaryActionTriggered()

    ColumnLayout {
        anchors.centerIn: parent
        width: Math.min(parent.width - 64, 460)
        spacing: 14

        Rectangle {
            Layout.alignment: Qt.AlignHCenter
            width: 72; height: 72; radius: 36
            color: Theme.surfaceRaised
            Image { anchors.centerIn: parent; source: empty.iconSource; sourceSize: Qt.size(34, 34) }
        }
        Label {
            text: empty.heading
            color: Theme.text
            font.pixelSize: Theme.fontTitle
            font.weight: Font.DemiBold
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }
        Label {
            text: empty.body
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody
            horizontalAlignment: Text.AlignHCenter
            wrapMode: Text.WordWrap
            lineHeight: 1.25
            Layout.fillWidth: true
        }
        Button {
            id: action
            visible: empty.actionText.length > 0
            text: empty.actionText
            Layout.alignment: Qt.AlignHCenter
            Layout.topMargin: 6
            onClicked: empty.actionTriggered()
            contentItem: Label {
                text: action.text
                color: Theme.textOnAccent
                font.pixelSize: Theme.fontBody
                font.weight: Font.DemiBold
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
            }
            background: Rectangle {
                implicitWidth: 160
                implicitHeight: 38
                radius: Theme.radius
                color: action.hovered ? Theme.accentHover : Theme.accent
            }
        }
        AccentButton {
            visible: empty.secondaryActionText.length > 0
            Layout.alignment: Qt.AlignHCenter
            quiet: true
            text: empty.secondaryActionText
            onClicked: empty.secondaryActionTriggered()
        }
    }
}
