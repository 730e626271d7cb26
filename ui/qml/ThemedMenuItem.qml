import QtQuick
import QtQuick.Controls
import Hearth

// One entry of a ThemedMenu: text in the theme's colours, the hover
// highlight, and an arrow when it opens a sub-menu.
MenuItem {
    id: item

    implicitHeight: 32
    leftPadding: 10
    rightPadding: 10
    font.pixelSize: Theme.fontBody - 1

    contentItem: Label {
        rightPadding: item.subMenu ? 18 : 0
        text: item.text
        font: item.font
        color: item.enabled ? Theme.text : Theme.textMuted
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    arrow: Image {
        visible: item.subMenu
        x: item.width - width - item.rightPadding
        y: (item.height - height) / 2
        source: "qrc:/Hearth/icons/chevron-right.svg"
        sourceSize: Qt.size(12, 12)
    }
    background: Rectangle {
        implicitWidth: 200
        radius: Theme.radius - 2
        color: item.down ? Theme.selected : item.highlighted ? Theme.hover : "transparent"
    }
}
