import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The model's reasoning: a header with how long it thought, and the text,
// open while it streams and folded once the answer begins.
ColumnLayout {
    id: block
    property string text
    property bool live: false
    property double durationMs: 0
    property bool expanded: live

    onLiveChanged: expanded = live
    spacing: 4

    AbstractButton {
        id: header
        objectName: "thinkingHeader"
        Layout.fillWidth: true
        implicitHeight: 28
        Accessible.role: Accessible.Button
        Accessible.name: label.text
        onClicked: block.expanded = !block.expanded
        contentItem: RowLayout {
            spacing: 6
            Image { source: "qrc:/Hearth/icons/thinking.svg"; sourceSize: Qt.size(16, 16) }
            Label {
                id: label
                text: block.live ? qsTr("Thinking…")
                                 : block.durationMs > 0
                                   ? qsTr("Thought for %1 s").arg((block.durationMs / 1000).toFixed(1))
                                   : qsTr("Thinking")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
            }
            Image {
                source: "qrc:/Hearth/icons/chevron-down.svg"
                sourceSize: Qt.size(14, 14)
                rotation: block.expanded ? 180 : 0
            }
            Item { Layout.fillWidth: true }
        }
    }
    Rectangle {
        visible: block.expanded
        Layout.fillWidth: true
        implicitHeight: thoughts.implicitHeight + 16
        color: "transparent"
        Rectangle { width: 2; height: parent.height; color: Theme.border }
        Text {
            id: thoughts
            x: 14; y: 8
            width: parent.width - 20
            text: block.text
            textFormat: Text.PlainText
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.fontBody - 1
        }
    }
}
