import QtQuick
import QtQuick.Controls
import Hearth

// A rounded tag: a licence, "Gated", a quant, "Recommended".
Rectangle {
    id: badge
    property string text
    property color tint: Theme.textMuted
    property bool strong: false // filled with the tint instead of outlined

    visible: text.length > 0
    implicitWidth: label.implicitWidth + 14
    implicitHeight: label.implicitHeight + 4
    radius: height / 2
    color: strong ? tint : "transparent"
    border.color: tint
    Accessible.role: Accessible.StaticText
    Accessible.name: text
    Label {
        id: label
        anchors.centerIn: parent
        text: badge.text
        color: badge.strong ? Theme.textOnAccent : badge.tint
        font.pixelSize: Theme.fontSmall - 1
        font.weight: Font.DemiBold
    }
}
