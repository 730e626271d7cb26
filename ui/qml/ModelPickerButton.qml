import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The loaded model (or a prompt to choose one); opens the list of local
// models with size, quantisation and a warning for those too big for the GPU.
AbstractButton {
    id: button
    objectName: "modelPicker"
    signal browseModels()

    implicitHeight: 38
    hoverEnabled: true
    Accessible.role: Accessible.ComboBox
    Accessible.name: qsTr("Model: %1").arg(label.text)
    onClicked: popup.opened ? popup.close() : popup.open()
    // The details line is cut short in a narrow bar: the whole of it on hover.
    ToolTip.visible: hovered && App.models.hasModel && !popup.opened
    ToolTip.text: App.models.loadedName + "\n" + App.models.loadedDetails
    ToolTip.delay: 600

    background: Rectangle {
        radius: Theme.radius
        color: button.hovered ? Theme.hover : Theme.surface
        border.color: popup.opened ? Theme.accent : Theme.border
        Rectangle {
            visible: App.models.loading
            anchors.left: parent.left
            anchors.bottom: parent.bottom
            anchors.margins: 1
            height: 2
            width: (parent.width - 2) * App.models.loadProgress
            color: Theme.accent
        }
    }
    contentItem: RowLayout {
        spacing: 8
        Item { Layout.preferredWidth: 4 }
        ColumnLayout {
            spacing: 0
            Layout.fillWidth: true
            Label {
                id: label
                Layout.fillWidth: true
                text: App.models.loading ? qsTr("Loading %1…").arg(App.models.loadingName)
                    : App.models.hasModel ? App.models.loadedName : qsTr("Choose a model")
                color: App.models.hasModel || App.models.loading ? Theme.text : Theme.textMuted
                font.pixelSize: Theme.fontBody
                font.weight: App.models.hasModel ? Font.DemiBold : Font.Normal
                elide: Text.ElideRight
            }
            Label {
                visible: App.models.hasModel && !App.models.loading
                Layout.fillWidth: true
                text: App.models.loadedDetails
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall - 1
                elide: Text.ElideRight
            }
        }
        Image { source: "qrc:/Hearth/icons/chevron-down.svg"; sourceSize: Qt.size(14, 14) }
        Item { Layout.preferredWidth: 2 }
    }

    Popup {
        id: popup
        objectName: "modelPickerPopup"
        focus: true // so that Escape closes it
        y: button.height + 4
        width: Math.max(button.width, 380)
        padding: 6
        height: Math.min(list.contentHeight + footer.implicitHeight + 20, 460)
        background: Rectangle {
            radius: Theme.radiusLarge
            color: Theme.surface
            border.color: Theme.border
        }
        contentItem: ColumnLayout {
            spacing: 4
            ListView {
                id: list
                objectName: "modelList"
                Layout.fillWidth: true
                Layout.fillHeight: true
                clip: true
                model: App.models
                ScrollBar.vertical: ScrollBar {}
                // The loaded model when it is not in the library (hearth --model FILE).
                header: ItemDelegate {
                    objectName: "outsideLibraryEntry"
                    visible: App.models.hasModel && !App.models.loadedInLibrary
                    width: list.width
                    height: visible ? implicitHeight : 0
                    Accessible.name: App.models.loadedName
                    onClicked: popup.close()
                    background: Rectangle { radius: Theme.radius; color: Theme.selected }
                    contentItem: ColumnLayout {
                        spacing: 2
                        RowLayout {
                            Label {
                                Layout.fillWidth: true
                                text: App.models.loadedName
                                color: Theme.text
                                font.pixelSize: Theme.fontBody
                                font.weight: Font.DemiBold
                                elide: Text.ElideRight
                            }
                            Image { source: "qrc:/Hearth/icons/check.svg"; sourceSize: Qt.size(16, 16) }
                        }
                        Label {
                            Layout.fillWidth: true
                            text: App.models.loadedFileName
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            elide: Text.ElideMiddle
                        }
                        Label {
                            objectName: "outsideLibraryFolder"
                            Layout.fillWidth: true
                            text: qsTr("from %1").arg(App.models.loadedFolder)
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            elide: Text.ElideMiddle
                        }
                    }
                }
                delegate: ItemDelegate {
                    id: entry
                    required property int index
                    required property string name
                    required property string fileName
                    required property string path
                    required property string details
                    required property bool runnable
                    required property string problem
                    required property string fitWarning
                    required property bool loaded
                    objectName: "modelEntry_" + index
                    width: ListView.view.width
                    enabled: runnable
                    Accessible.name: name + ", " + fileName
                    Accessible.description: problem.length > 0 ? problem : fitWarning
                    onClicked: { popup.close(); App.models.load(path) }
                    background: Rectangle {
                        radius: Theme.radius
                        color: entry.loaded ? Theme.selected : entry.hovered ? Theme.hover : "transparent"
                    }
                    contentItem: ColumnLayout {
                        spacing: 2
                        RowLayout {
                            Label {
                                Layout.fillWidth: true
                                text: entry.name
                                color: entry.runnable ? Theme.text : Theme.textMuted
                                font.pixelSize: Theme.fontBody
                                font.weight: Font.DemiBold
                                elide: Text.ElideRight
                            }
                            Image {
                                visible: entry.loaded
                                source: "qrc:/Hearth/icons/check.svg"
                                sourceSize: Qt.size(16, 16)
                            }
                        }
                        Label {
                            objectName: "modelFileName"
                            Layout.fillWidth: true
                            text: entry.fileName
                            color: entry.runnable ? Theme.text : Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            elide: Text.ElideMiddle
                        }
                        Label {
                            Layout.fillWidth: true
                            text: entry.details
                            color: Theme.textMuted
                            font.pixelSize: Theme.fontSmall
                            elide: Text.ElideRight
                        }
                        Label {
                            visible: text.length > 0
                            Layout.fillWidth: true
                            text: entry.problem.length > 0 ? entry.problem : entry.fitWarning
                            color: entry.problem.length > 0 ? Theme.danger : "#c08a1e"
                            font.pixelSize: Theme.fontSmall
                            wrapMode: Text.Wrap
                        }
                    }
                }
            }
            Label {
                visible: App.models.count === 0
                Layout.fillWidth: true
                Layout.margins: 10
                text: qsTr("No models in your library yet.")
                color: Theme.textMuted
                wrapMode: Text.Wrap
            }
            RowLayout {
                id: footer
                Layout.fillWidth: true
                Layout.margins: 4
                AccentButton {
                    text: qsTr("Get more models")
                    quiet: true
                    onClicked: { popup.close(); button.browseModels() }
                }
                Item { Layout.fillWidth: true }
                AccentButton {
                    visible: App.models.hasModel
                    objectName: "unloadModel"
                    text: qsTr("Unload")
                    quiet: true
                    onClicked: { popup.close(); App.models.unload() }
                }
            }
        }
    }
}
