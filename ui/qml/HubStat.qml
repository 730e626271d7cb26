import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A small icon + number pair under a Hub model ("1.2M downloads").
RowLayout {
    id: stat
    property url iconSource
    property string text
    property string tip

    visible: text.length > 0
    spacing: 4
    Accessible.role: Accessible.StaticText
    Accessible.name: tip.length > 0 ? tip : text
    Image {
        source: stat.iconSource
        sourceSize: Qt.size(14, 14)
        Layout.preferredWidth: 14
        Layout.preferredHeight: 14
    }
    Label {
        text: stat.text
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
    }
}
