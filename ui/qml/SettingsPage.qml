import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Preferences: appearance and the GPU Hearth runs models on.
ScrollView {
    id: page
    property DeviceListModel devices

    contentWidth: availableWidth
    clip: true

    ColumnLayout {
        width: Math.min(page.availableWidth - 48, 720)
        x: 24
        spacing: 20

        Item { Layout.preferredHeight: 8 }

        Label {
            text: qsTr("Appearance")
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.weight: Font.DemiBold
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: themeRow.implicitHeight + 2 * Theme.padding
            radius: Theme.radiusLarge
            color: Theme.surface
            border.color: Theme.border
            RowLayout {
                id: themeRow
                anchors.fill: parent
                anchors.margins: Theme.padding
                Label {
                    text: qsTr("Theme")
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    Layout.fillWidth: true
                }
                Repeater {
                    model: [
                        { value: "system", label: qsTr("System") },
                        { value: "light", label: qsTr("Light") },
                        { value: "dark", label: qsTr("Dark") }
                    ]
                    delegate: Button {
                        id: choice
                        required property var modelData
                        text: modelData.label
                        checkable: true
                        checked: SystemTheme.mode === modelData.value
                        Accessible.name: qsTr("%1 theme").arg(modelData.label)
                        onClicked: SystemTheme.mode = modelData.value
                        contentItem: Label {
                            text: choice.text
                            color: choice.checked ? Theme.textOnAccent : Theme.text
                            font.pixelSize: Theme.fontBody
                            horizontalAlignment: Text.AlignHCenter
                            verticalAlignment: Text.AlignVCenter
                        }
                        background: Rectangle {
                            implicitWidth: 84
                            implicitHeight: 32
                            radius: Theme.radius
                            color: choice.checked ? Theme.accent : choice.hovered ? Theme.hover : Theme.surfaceRaised
                        }
                    }
                }
            }
        }

        Label {
            text: qsTr("GPU")
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.weight: Font.DemiBold
        }

        Label {
            visible: page.devices && page.devices.errorText.length > 0
            text: page.devices ? page.devices.errorText : ""
            color: Theme.danger
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: deviceColumn.implicitHeight + 2 * Theme.padding
            radius: Theme.radiusLarge
            color: Theme.surface
            border.color: Theme.border
            ColumnLayout {
                id: deviceColumn
                anchors.fill: parent
                anchors.margins: Theme.padding
                spacing: 12
                Label {
                    visible: page.devices && page.devices.loading
                    text: qsTr("Looking for GPUs…")
                    color: Theme.textMuted
                }
                Repeater {
                    model: page.devices
                    delegate: RowLayout {
                        required property string name
                        required property string type
                        required property string memory
                        required property string driver
                        required property bool selected
                        spacing: 12
                        Layout.fillWidth: true
                        Image { source: "qrc:/Hearth/icons/gpu.svg"; sourceSize: Qt.size(22, 22) }
                        ColumnLayout {
                            spacing: 2
                            Layout.fillWidth: true
                            Label { text: name; color: Theme.text; font.pixelSize: Theme.fontBody; font.weight: Font.DemiBold; elide: Text.ElideRight; Layout.fillWidth: true }
                            Label {
                                text: qsTr("%1 · %2 memory · driver %3").arg(type).arg(memory).arg(driver)
                                color: Theme.textMuted
                                font.pixelSize: Theme.fontSmall
                            }
                        }
                        Label {
                            visible: selected
                            text: qsTr("In use")
                            color: Theme.success
                            font.pixelSize: Theme.fontSmall
                            font.weight: Font.DemiBold
                        }
                    }
                }
            }
        }

        Item { Layout.preferredHeight: 24 }
    }
}
