import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One setting: title and description on the left, its controls on the
// right, optional wide content underneath and the reason a value was refused.
Item {
    id: row
    property string title
    property string description
    property string hint            // e.g. the built-in value
    property string errorText
    property bool divider: true     // a line above, between rows of a card
    default property alias controls: controlSlot.data
    property alias below: belowSlot.data

    Layout.fillWidth: true
    implicitHeight: body.implicitHeight + 24

    Rectangle {
        visible: row.divider
        anchors.top: parent.top
        width: parent.width
        height: 1
        color: Theme.border
    }

    ColumnLayout {
        id: body
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.verticalCenter: parent.verticalCenter
        spacing: 8

        RowLayout {
            spacing: 16
            Layout.fillWidth: true

            ColumnLayout {
                spacing: 2
                Layout.fillWidth: true
                Label {
                    text: row.title
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    font.weight: Font.DemiBold
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                Label {
                    visible: text.length > 0
                    text: row.description
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
                Label {
                    visible: text.length > 0
                    text: row.hint
                    color: Theme.textMuted
                    opacity: 0.85
                    font.pixelSize: Theme.fontSmall
                    font.italic: true
                    Layout.fillWidth: true
                }
            }

            RowLayout {
                id: controlSlot
                spacing: 8
                Layout.alignment: Qt.AlignRight | Qt.AlignVCenter
            }
        }

        ColumnLayout {
            id: belowSlot
            visible: children.length > 0
            spacing: 8
            Layout.fillWidth: true
        }

        Label {
            objectName: "errorLabel"
            visible: text.length > 0
            text: row.errorText
            color: Theme.danger
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
            Accessible.role: Accessible.AlertMessage
            Accessible.name: text
        }
    }
}
