import QtQuick
import QtQuick.Controls
import Hearth

// A tooltip in the app's colours. Controls show one with
// `ThemedToolTip { visible: hovered; text: ... }`; attached ToolTips that
// remain read the window's palette, which Main.qml sets from Theme too.
ToolTip {
    id: tip

    delay: 600
    padding: 6
    leftPadding: 8
    rightPadding: 8
    font.pixelSize: Theme.fontSmall

    contentItem: Label {
        text: tip.text
        font: tip.font
        color: Theme.text
        wrapMode: Text.Wrap
    }
    background: Rectangle {
        radius: Theme.radius - 2
        color: Theme.surfaceRaised
        border.color: Theme.border
    }
}
