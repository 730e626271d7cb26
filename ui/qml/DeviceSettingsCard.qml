import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The GPUs Hearth found, each with its memory, and which one to use:
// automatic or a chosen one (saved as its index in the settings).
SettingsCard {
    id: card
    property DeviceListModel devices
    required property SettingsModel settingsModel

    function deviceKind(type) {
        switch (type) {
        case "discrete": return qsTr("Dedicated GPU")
        case "integrated": return qsTr("Integrated GPU")
        case "virtual": return qsTr("Virtual GPU")
        case "cpu": return qsTr("Software renderer on the CPU")
        default: return type
        }
    }

    function chooseDevice(preference) {
        settingsModel.applyDevicePreference(preference)
        if (devices)
            devices.refresh() // so "In use" moves to the chosen GPU
    }

    component ChoiceRadio: RadioButton {
        id: radio
        indicator: Rectangle {
            implicitWidth: 20
            implicitHeight: 20
            x: radio.leftPadding
            y: (radio.height - height) / 2
            radius: width / 2
            color: Theme.surface
            border.width: radio.checked || radio.visualFocus ? 2 : 1.5
            border.color: radio.checked || radio.visualFocus ? Theme.accent
                          : radio.hovered ? Theme.text : Theme.textMuted
            Rectangle {
                anchors.centerIn: parent
                width: 10
                height: 10
                radius: 5
                color: Theme.accent
                visible: radio.checked
            }
        }
    }

    ButtonGroup { id: deviceGroup }

    SettingsRow {
        divider: false
        title: qsTr("Automatic")
        description: qsTr("Hearth picks the fastest GPU it finds.")
        ChoiceRadio {
            id: automaticDevice
            objectName: "deviceAutomatic"
            ButtonGroup.group: deviceGroup
            checked: card.settingsModel.devicePreference.length === 0
            Accessible.name: qsTr("Choose the GPU automatically")
            onClicked: card.chooseDevice("")
        }
    }

    Label {
        visible: card.devices && card.devices.loading
        text: qsTr("Looking for GPUs…")
        color: Theme.textMuted
        Layout.topMargin: 8
        Layout.bottomMargin: 12
    }

    Repeater {
        model: card.devices
        delegate: SettingsRow {
            id: deviceRow
            required property int index
            required property string name
            required property string type
            required property string memory
            required property string driver
            required property bool selected
            readonly property string preference: String(index)

            title: memory.length > 0 ? qsTr("%1 · %2").arg(name).arg(memory) : name
            description: qsTr("%1 · driver %2").arg(card.deviceKind(type)).arg(driver)
            Label {
                visible: deviceRow.selected
                text: qsTr("In use")
                color: Theme.success
                font.pixelSize: Theme.fontSmall
                font.weight: Font.DemiBold
            }
            ChoiceRadio {
                objectName: "deviceRadio_" + deviceRow.index
                ButtonGroup.group: deviceGroup
                checked: card.settingsModel.devicePreference === deviceRow.preference
                Accessible.name: qsTr("Use %1").arg(deviceRow.name)
                onClicked: card.chooseDevice(deviceRow.preference)
            }
        }
    }

    Label {
        text: qsTr("Models that are already loaded keep running on their GPU until they are loaded again.")
        color: Theme.textMuted
        font.pixelSize: Theme.fontSmall
        wrapMode: Text.WordWrap
        Layout.fillWidth: true
        Layout.bottomMargin: 12
    }
}
