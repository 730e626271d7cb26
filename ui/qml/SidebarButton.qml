import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One navigation entry in the sidebar: icon, label, selected state.
AbstractButton {
    id: control
    property url iconSource
    property bool current: false
    property string badge // a count or a percentage at the right; "" for none

    implicitHeight: 36
    Accessible.role: Accessible.Button
    Accessible.name: text

    background: Rectangle {
        radius: Theme.radius
        color: control.current ? Theme.selected : control.hovered ? Theme.hover : "transparent"
    }
    contentItem: RowLayout {
        spacing: 10
        Item { Layout.preferredWidth: 2 }
        Image {
            source: control.iconSource
            sourceSize: Qt.size(18, 18)
            Layout.preferredWidth: 18
            Layout.preferredHeight: 18
            opacity: control.current ? 1.0 : 0.8
        }
        Label {
            text: control.text
            color: Theme.text
            font.pixelSize: Theme.fontBody
            font.weight: control.current ? Font.DemiBold : Font.Normal
            elide: Text.ElideRight
            Layout.fillWidth: true
        }
        Rectangle {
            visible: control.badge.length > 0
            Layout.rightMargin: 6
            implicitWidth: Math.max(20, badgeText.implicitWidth + 12)
            implicitHeight: 20
            radius: 10
            color: Theme.accent
            Label {
                id: badgeText
                anchors.centerIn: parent
                text: control.badge
                color: Theme.textOnAccent
                font.pixelSize: Theme.fontSmall - 1
                font.weight: Font.DemiBold
            }
        }
    }
}
