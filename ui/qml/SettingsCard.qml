import QtQuick
import QtQuick.Layouts
import Hearth

// A rounded panel holding the rows of one settings section.
Rectangle {
    id: card
    default property alias content: column.data

    Layout.fillWidth: true
    implicitHeight: column.implicitHeight + 8
    radius: Theme.radiusLarge
    color: Theme.surface
    border.color: Theme.border

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.topMargin: 4
        anchors.bottomMargin: 4
        anchors.leftMargin: Theme.padding
        anchors.rightMargin: Theme.padding
        spacing: 0
    }
}
