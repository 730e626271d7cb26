import QtQuick
import QtQuick.Controls
import Hearth

// The main action of a view: filled with the accent colour.
Button {
    id: control
    property bool quiet: false // outlined instead of filled

    Accessible.name: text
    contentItem: Label {
        text: control.text
        color: control.quiet ? Theme.text : Theme.textOnAccent
        font.pixelSize: Theme.fontBody
        font.weight: Font.DemiBold
        horizontalAlignment: Text.AlignHCenter
        verticalAlignment: Text.AlignVCenter
    }
    background: Rectangle {
        implicitWidth: 88
        implicitHeight: 34
        radius: Theme.radius
        color: control.quiet ? (control.hovered ? Theme.hover : "transparent")
                             : (control.hovered ? Theme.accentHover : Theme.accent)
        border.color: control.quiet ? Theme.border : "transparent"
        opacity: control.enabled ? 1.0 : 0.45
    }
}
