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
        }

        Item { Layout.fillWidth: true }

        ComboBox {
            id: modelPicker
            Layout.preferredWidth: 280
            model: [qsTr("No model loaded")]
            enabled: false
            Accessible.name: qsTr("Model")
            contentItem: Label {
                leftPadding: 12
                text: modelPicker.displayText
                color: Theme.textMuted
                font.pixelSize: Theme.fontBody
                verticalAlignment: Text.AlignVCenter
                elide: Text.ElideRight
            }
            background: Rectangle {
                implicitHeight: 36
                radius: Theme.radius
                color: Theme.surface
                border.color: Theme.border
            }
        }

        Rectangle {
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
                    text: bar.deviceLoading ? qsTr("Finding GPU…")
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
