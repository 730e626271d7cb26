import QtQuick
import QtQuick.Controls
import Hearth

// A button in the app's colours; `primary` fills it with the accent
// (also while checked, for toggle groups).
Button {
    id: control
    property bool primary: false
    readonly property bool filled: control.primary || control.checked

    font.pixelSize: Theme.fontBody
    leftPadding: 14
    rightPadding: 14
    Accessible.role: Accessible.Button
    Accessible.name: text

    contentItem: Label {
        text: control.text
        font: control.font
        color: control.filled ? Theme.textOnAccent : Theme.text
        opacity: control.enabled ? 1.0 : 0.45
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    background: Rectangle {
        implicitWidth: 72
        implicitHeight: 34
        radius: Theme.radius
        color: control.filled ? (control.hovered ? Theme.accentHover : Theme.accent)
                              : control.down ? Theme.selected : control.hovered ? Theme.hover : Theme.surfaceRaised
        border.width: control.filled ? 0 : 1
        border.color: control.visualFocus ? Theme.accent : Theme.border
        opacity: control.enabled ? 1.0 : 0.6
    }
}
