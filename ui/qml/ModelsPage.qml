import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Hearth

// My Models: the local library with what each model is, whether this GPU
// can run it, and load / show in folder / defaults / delete; GGUF files
// come in by the Import button or by dropping them on the page.
Item {
    id: page
    signal chatRequested()
    signal discoverRequested()

    function openImportDialog() { importDialog.open() }

    ImportDropArea { anchors.fill: parent; z: 10 }

    FileDialog {
        id: importDialog
        objectName: "importDialog"
        title: qsTr("Import GGUF models")
        fileMode: FileDialog.OpenFiles
        nameFilters: [qsTr("GGUF models (*.gguf)"), qsTr("All files (*)")]
        onAccepted: App.importer.importUrls(selectedFiles)
    }
    QtDialogTheming { dialog: importDialog }

    EmptyState {
        visible: App.models.count === 0
        anchors.fill: parent
        iconSource: "qrc:/Hearth/icons/models.svg"
        heading: qsTr("No models yet")
        body: qsTr("Models are GGUF files. Download one from Discover, import one with the button below or by "
                   + "dropping it here, or put it in your models folder (%1).").arg(App.models.modelsFolder)
        actionText: qsTr("Discover models")
        onActionTriggered: page.discoverRequested()
        secondaryActionText: qsTr("Import a model…")
        onSecondaryActionTriggered: importDialog.open()
    }

    ListView {
        id: list
        objectName: "libraryList"
        visible: App.models.count > 0
        anchors.fill: parent
        anchors.topMargin: 16
        clip: true
        spacing: 8
        model: App.models
        ScrollBar.vertical: ScrollBar {}
        Accessible.name: qsTr("My models")
        header: ColumnLayout {
            width: list.width
            spacing: 8
            RowLayout {
                Layout.leftMargin: Math.max(24, (list.width - 860) / 2)
                Layout.rightMargin: Layout.leftMargin
                Layout.bottomMargin: 4
                Label {
                    Layout.fillWidth: true
                    text: App.models.count === 1 ? qsTr("1 model in %1").arg(App.models.modelsFolder)
                                                 : qsTr("%1 models in %2").arg(App.models.count).arg(App.models.modelsFolder)
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideMiddle
                }
                AccentButton {
                    objectName: "importModel"
                    quiet: true
                    text: qsTr("Import…")
                    onClicked: importDialog.open()
                }
            }
            Banner {
                objectName: "importProgress"
                visible: App.importer.busy
                Layout.fillWidth: true
                Layout.leftMargin: Math.max(24, (list.width - 860) / 2)
                Layout.rightMargin: Layout.leftMargin
                text: App.importer.pendingCount > 0
                      ? qsTr("Importing %1 (%2 more waiting)…").arg(App.importer.currentName).arg(App.importer.pendingCount)
                      : qsTr("Importing %1…").arg(App.importer.currentName)
                progress: App.importer.progress
                actionText: qsTr("Cancel")
                onAction: App.importer.cancel()
            }
            Banner {
                objectName: "importMessage"
                visible: !App.importer.busy && (App.importer.errorText.length > 0 || App.importer.statusText.length > 0)
                Layout.fillWidth: true
                Layout.leftMargin: Math.max(24, (list.width - 860) / 2)
                Layout.rightMargin: Layout.leftMargin
                danger: App.importer.errorText.length > 0
                text: App.importer.errorText.length > 0 ? App.importer.errorText : App.importer.statusText
                actionText: danger ? "" : qsTr("OK")
                onAction: App.importer.clearMessages()
                onDismissed: App.importer.clearMessages()
            }
            Banner {
                visible: App.models.libraryError.length > 0
                Layout.fillWidth: true
                Layout.leftMargin: Math.max(24, (list.width - 860) / 2)
                Layout.rightMargin: Layout.leftMargin
                danger: true
                text: App.models.libraryError
            }
        }

        delegate: Rectangle {
            id: card
            required property int index
            required property string name
            required property string fileName
            required property string path
            required property string relativePath
            required property string details
            required property bool runnable
            required property string problem
            required property string fitWarning
            required property bool loaded
            required property string origin
            required property bool imported
            required property int trainedContext
            required property url folderUrl

            objectName: "libraryEntry_" + index
            x: Math.max(24, (list.width - 860) / 2)
            width: Math.min(list.width - 48, 860)
            implicitHeight: row.implicitHeight + 2 * Theme.padding
            radius: Theme.radiusLarge
            color: Theme.surface
            border.color: loaded ? Theme.accent : Theme.border
            Accessible.name: name + ", " + fileName

            RowLayout {
                id: row
                anchors.fill: parent
                anchors.margins: Theme.padding
                spacing: 12
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 3
                    RowLayout {
                        spacing: 8
                        Label {
                            text: card.name
                            color: card.runnable ? Theme.text : Theme.textMuted
                            font.pixelSize: Theme.fontBody + 1
                            font.weight: Font.DemiBold
                            elide: Text.ElideRight
                            Layout.maximumWidth: card.width * 0.55
                        }
                        Label {
                            visible: card.loaded
                            text: qsTr("Loaded")
                            color: Theme.success
                            font.pixelSize: Theme.fontSmall
                            font.weight: Font.DemiBold
                        }
                    }
                    Label {
                        objectName: "modelFileName"
                        Layout.fillWidth: true
                        text: card.fileName
                        color: Theme.text
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideMiddle
                    }
                    Label {
                        Layout.fillWidth: true
                        text: card.details + (card.trainedContext > 0
                              ? qsTr(" · %1 tokens of context").arg(card.trainedContext) : "")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                        elide: Text.ElideRight
                    }
                    Label {
                        objectName: "modelOrigin"
                        visible: card.imported || card.origin.length > 0
                        text: card.imported ? qsTr("Imported") : qsTr("From %1").arg(card.origin)
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                    }
                    Label {
                        visible: text.length > 0
                        Layout.fillWidth: true
                        text: card.problem.length > 0 ? card.problem : card.fitWarning
                        color: card.problem.length > 0 ? Theme.danger : "#c08a1e"
                        font.pixelSize: Theme.fontSmall
                        wrapMode: Text.Wrap
                    }
                }
                AccentButton {
                    objectName: "loadModel"
                    visible: card.runnable
                    text: card.loaded ? qsTr("Chat") : qsTr("Load")
                    onClicked: {
                        if (!card.loaded)
                            App.models.load(card.path)
                        page.chatRequested()
                    }
                }
                IconButton {
                    objectName: "modelDefaults"
                    visible: card.runnable
                    iconSource: "qrc:/Hearth/icons/sliders.svg"
                    tip: qsTr("Defaults for new chats with this model")
                    onClicked: defaultsDialog.edit(card.name, card.relativePath)
                }
                IconButton {
                    iconSource: "qrc:/Hearth/icons/folder.svg"
                    tip: qsTr("Show in folder")
                    onClicked: Qt.openUrlExternally(card.folderUrl)
                }
                IconButton {
                    objectName: "deleteModel"
                    iconSource: "qrc:/Hearth/icons/trash.svg"
                    tip: qsTr("Delete %1").arg(card.name)
                    onClicked: confirmDelete.ask(card.name, card.relativePath)
                }
            }
        }
        footer: Item { height: 24 }
    }

    ThemedDialog {
        id: confirmDelete
        objectName: "confirmDeleteModel"
        property string relativePath
        property string modelName
        function ask(name, relative) {
            modelName = name
            relativePath = relative
            open()
        }
        title: qsTr("Delete %1?").arg(modelName)
        standardButtons: Dialog.Cancel | Dialog.Discard
        Label {
            width: 360
            text: qsTr("Its file is removed from your disk. You can download it again later.")
            wrapMode: Text.Wrap
        }
        onDiscarded: { App.models.deleteModel(relativePath); close() }
    }

    ModelDefaultsDialog { id: defaultsDialog }
}
