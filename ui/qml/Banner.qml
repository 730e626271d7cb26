import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// An inline message above the composer: an error with a retry, or progress.
Rectangle {
    id: banner
    property string text
    property string actionText
    property bool danger: false
    property double progress: -1 // 0..1 shows a bar; < 0 none
    signal action()
    signal dismissed()

    implicitHeight: row.implicitHeight + 16
    radius: Theme.radius
    color: Theme.surface
    border.color: danger ? Theme.danger : Theme.border
    Accessible.role: Accessible.AlertMessage
    Accessible.name: text

    Rectangle {
        visible: banner.progress >= 0
        anchors.left: parent.left
        anchors.bottom: parent.bottom
        anchors.margins: 1
        height: 3
        radius: 1.5
        width: (parent.width - 2) * Math.max(0, Math.min(1, banner.progress))
        color: Theme.accent
    }

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 8
        anchors.leftMargin: 14
        spacing: 8
        Label {
            Layout.fillWidth: true
            text: banner.text
            color: banner.danger ? Theme.danger : Theme.text
            wrapMode: Text.Wrap
            font.pixelSize: Theme.fontBody - 1
        }
        AccentButton {
            visible: banner.actionText.length > 0
            text: banner.actionText
            quiet: true
            onClicked: banner.action()
        }
        IconButton {
            visible: banner.danger
            iconSource: "qrc:/Hearth/icons/close.svg"
            tip: qsTr("Dismiss")
            onClicked: banner.dismissed()
        }
    }
}
