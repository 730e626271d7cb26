import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Opens a web address in the browser. When none opens (no browser set up)
// it says so in place, with the address to copy, instead of failing silently.
Rectangle {
    id: banner
    property string url
    property bool copied: false

    // Hidden again once the browser has it.
    function openExternally(address) {
        url = address
        copied = false
        visible = !Qt.openUrlExternally(address)
    }

    visible: false
    implicitHeight: column.implicitHeight + 20
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.danger
    Accessible.role: Accessible.AlertMessage
    Accessible.name: message.text

    ColumnLayout {
        id: column
        anchors.fill: parent
        anchors.margins: 10
        anchors.leftMargin: 14
        spacing: 8
        RowLayout {
            Layout.fillWidth: true
            Label {
                id: message
                Layout.fillWidth: true
                text: qsTr("Hearth could not open a web browser. Copy the address and open it in yours:")
                color: Theme.danger
                wrapMode: Text.Wrap
                font.pixelSize: Theme.fontBody - 1
            }
            IconButton {
                iconSource: "qrc:/Hearth/icons/close.svg"
                tip: qsTr("Dismiss")
                onClicked: banner.visible = false
            }
        }
        RowLayout {
            Layout.fillWidth: true
            spacing: 8
            SettingsField {
                id: address
                objectName: "openLinkAddress"
                Layout.fillWidth: true
                readOnly: true
                selectByMouse: true
                text: banner.url
                font.family: Theme.monoFamily
                Accessible.name: qsTr("Web address")
            }
            SettingsButton {
                objectName: "openLinkCopy"
                text: banner.copied ? qsTr("Copied") : qsTr("Copy")
                Accessible.name: qsTr("Copy the web address")
                onClicked: {
                    address.selectAll()
                    address.copy()
                    address.deselect()
                    banner.copied = true
                }
            }
        }
    }
}
