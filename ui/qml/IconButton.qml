import QtQuick
import QtQuick.Controls
import Hearth

// A small flat button with an icon, a tooltip and an accessible name.
AbstractButton {
    id: control
    property url iconSource
    property string tip
    property int iconSize: 16

    implicitWidth: 28
    implicitHeight: 28
    hoverEnabled: true
    focusPolicy: Qt.TabFocus
    Accessible.role: Accessible.Button
    Accessible.name: tip

    background: Rectangle {
        radius: Theme.radius - 2
        color: control.down ? Theme.selected : control.hovered ? Theme.hover : "transparent"
        border.color: control.visualFocus ? Theme.accent : "transparent"
    }
    // Made on hover only: lists hold many of these buttons.
    Loader {
        active: control.hovered && control.tip.length > 0
        sourceComponent: ThemedToolTip {
            parent: control
            visible: true
            text: control.tip
        }
    }

    contentItem: Item {
        Image {
            anchors.centerIn: parent
            source: control.iconSource
            sourceSize: Qt.size(control.iconSize, control.iconSize)
            opacity: control.enabled ? 1.0 : 0.4
        }
    }
}
