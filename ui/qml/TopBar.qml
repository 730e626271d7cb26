import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Above the main area: the page title, the model picker, the GPU in use.
Rectangle {
    id: bar
    property string title
    property string deviceName
    property bool deviceLoading: false
    property bool showModelPicker: true
    signal browseModels()
    signal chatSettingsToggled()

    implicitHeight: 56
    color: Theme.window

    RowLayout {
        anchors.fill: parent
        anchors.leftMargin: 20
        anchors.rightMargin: 16
        spacing: 12

        Label {
            text: bar.title
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.weight: Font.DemiBold
            elide: Text.ElideRight
            Layout.fillWidth: true
        }

        ModelPickerButton {
            visible: bar.showModelPicker
            Layout.preferredWidth: 320
            Layout.maximumWidth: bar.width * 0.45
            onBrowseModels: bar.browseModels()
        }

        IconButton {
            visible: bar.showModelPicker
            objectName: "chatSettingsButton"
            iconSource: "qrc:/Hearth/icons/sliders.svg"
            iconSize: 18
            implicitWidth: 34
            implicitHeight: 34
            tip: qsTr("Chat settings")
            onClicked: bar.chatSettingsToggled()
        }

        Rectangle {
            // Narrow windows keep the picker; the GPU is on the settings page.
            visible: bar.width >= 900 || !bar.showModelPicker
            radius: Theme.radius
            color: Theme.surfaceRaised
            implicitHeight: 32
            implicitWidth: deviceRow.implicitWidth + 20
            Layout.maximumWidth: 320
            Accessible.role: Accessible.StaticText
            Accessible.name: qsTr("GPU: %1").arg(deviceLabel.text)
            RowLayout {
                id: deviceRow
                anchors.centerIn: parent
                width: Math.min(implicitWidth, parent.width - 20)
                spacing: 8
                Image { source: "qrc:/Hearth/icons/gpu.svg"; sourceSize: Qt.size(16, 16) }
                Label {
                    id: deviceLabel
                    text: App.models.hasModel ? App.models.deviceName
                        : bar.deviceLoading ? qsTr("Finding GPU…")
                                            : (bar.deviceName.length > 0 ? bar.deviceName : qsTr("No GPU found"))
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideRight
                    Layout.fillWidth: true
                }
            }
        }
    }

    Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.border }
}
