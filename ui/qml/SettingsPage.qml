import QtQuick
import QtQuick.Controls
import QtQuick.Dialogs
import QtQuick.Layouts
import Hearth

// Preferences: appearance, the GPU, where models live, the Hugging Face
// token, what new chats start with and where chats are exported to. Values
// are checked by SettingsModel; a refused one is explained under its field.
ScrollView {
    id: page
    property DeviceListModel devices
    property SettingsModel settingsModel: SettingsModel {}

    contentWidth: availableWidth
    clip: true
    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Settings")

    // The folder the running app's library reads (set by Main); a new
    // choice takes effect at the next start.
    property string modelsFolderInUse
    readonly property bool modelsFolderPending: modelsFolderInUse.length > 0
                                                && settingsModel.modelsFolder !== modelsFolderInUse

    // A folder path for FolderDialog, which wants a URL.
    function folderUrl(path) { return page.settingsModel.folderUrl(path) }

    // Keyboard users tab through the page: scroll the focused control into view.
    function reveal(item) {
        let inside = item
        while (inside && inside !== content)
            inside = inside.parent
        if (!inside)
            return
        const flick = page.contentItem
        const top = item.mapToItem(content, 0, 0).y
        const margin = 16
        if (top - margin < flick.contentY)
            flick.contentY = Math.max(0, top - margin)
        else if (top + item.height + margin > flick.contentY + flick.height)
            flick.contentY = Math.min(flick.contentHeight - flick.height, top + item.height + margin - flick.height)
    }

    Connections {
        target: page.Window.window
        function onActiveFocusItemChanged() {
            if (page.visible && page.Window.activeFocusItem)
                page.reveal(page.Window.activeFocusItem)
        }
    }

    component SectionTitle: RowLayout {
        property alias text: title.text
        default property alias actions: actionSlot.data
        Layout.fillWidth: true
        Layout.topMargin: 12
        spacing: 8
        Label {
            id: title
            color: Theme.text
            font.pixelSize: Theme.fontLarge
            font.weight: Font.DemiBold
            Accessible.role: Accessible.Heading
            Accessible.name: text
            Layout.fillWidth: true
        }
        RowLayout { id: actionSlot; spacing: 8 }
    }

    component PathLabel: Label {
        color: Theme.textMuted
        font.family: Theme.monoFamily
        font.pixelSize: Theme.fontSmall
        elide: Text.ElideMiddle
        Layout.fillWidth: true
    }

    ColumnLayout {
        id: content
        width: Math.min(page.availableWidth - 48, 760)
        x: Math.max(24, (page.availableWidth - width) / 2)
        spacing: 12

        Item { Layout.preferredHeight: 4 }

        // ---- Appearance ------------------------------------------------
        SectionTitle { text: qsTr("Appearance") }

        SettingsCard {
            SettingsRow {
                divider: false
                title: qsTr("Theme")
                description: qsTr("System follows your desktop's light or dark preference.")
                Repeater {
                    model: [
                        { value: "system", label: qsTr("System") },
                        { value: "light", label: qsTr("Light") },
                        { value: "dark", label: qsTr("Dark") }
                    ]
                    delegate: SettingsButton {
                        required property var modelData
                        objectName: "themeButton_" + modelData.value
                        text: modelData.label
                        // Exclusive, so clicking the current choice keeps it checked.
                        checkable: true
                        autoExclusive: true
                        checked: SystemTheme.mode === modelData.value
                        Accessible.name: qsTr("%1 theme").arg(modelData.label)
                        onClicked: SystemTheme.mode = modelData.value
                    }
                }
            }
        }

        // ---- GPU ---------------------------------------------------------
        SectionTitle {
            text: qsTr("GPU")
            SettingsButton {
                objectName: "refreshDevicesButton"
                text: qsTr("Refresh")
                enabled: page.devices && !page.devices.loading
                Accessible.name: qsTr("Look for GPUs again")
                onClicked: page.devices.refresh()
            }
        }

        Label {
            visible: page.devices && page.devices.errorText.length > 0
            text: page.devices ? page.devices.errorText : ""
            color: Theme.danger
            wrapMode: Text.WordWrap
            Layout.fillWidth: true
        }

        DeviceSettingsCard {
            devices: page.devices
            settingsModel: page.settingsModel
        }

        // ---- Models ------------------------------------------------------
        SectionTitle { text: qsTr("Models") }

        SettingsCard {
            SettingsRow {
                divider: false
                title: qsTr("Models folder")
                description: page.settingsModel.modelsFolderOverridden
                             ? qsTr("HEARTH_DATA_DIR is set, so Hearth uses this folder until it is unset.")
                             : page.modelsFolderPending
                               ? qsTr("Hearth switches to this folder the next time it starts; until then it keeps using %1.")
                                 .arg(page.modelsFolderInUse)
                             : page.settingsModel.modelsFolderIsDefault
                               ? qsTr("Where downloaded models are kept (the default folder).")
                               : qsTr("Where downloaded models are kept.")
                errorText: page.settingsModel.errorField === "modelsFolder" ? page.settingsModel.errorText : ""
                SettingsButton {
                    objectName: "modelsFolderDefaultButton"
                    visible: !page.settingsModel.modelsFolderIsDefault
                    text: qsTr("Use default")
                    Accessible.name: qsTr("Use the default models folder")
                    onClicked: page.settingsModel.applyModelsFolder("")
                }
                SettingsButton {
                    objectName: "modelsFolderButton"
                    text: qsTr("Choose…")
                    Accessible.name: qsTr("Choose the models folder")
                    onClicked: modelsFolderDialog.open()
                }
                below: PathLabel {
                    objectName: "modelsFolderPath"
                    text: page.settingsModel.modelsFolder
                    Accessible.name: qsTr("Models folder: %1").arg(text)
                }
            }

            SettingsRow {
                id: tokenRow
                property bool showToken: false
                readonly property bool edited: tokenField.text.trim() !== page.settingsModel.huggingFaceToken

                title: qsTr("Hugging Face token")
                description: qsTr("Only needed for gated models. Create a read token at huggingface.co/settings/tokens.")
                errorText: page.settingsModel.errorField === "huggingFaceToken" ? page.settingsModel.errorText : ""
                below: RowLayout {
                    spacing: 8
                    Layout.fillWidth: true
                    SettingsField {
                        id: tokenField
                        objectName: "tokenField"
                        text: page.settingsModel.huggingFaceToken
                        echoMode: tokenRow.showToken ? TextInput.Normal : TextInput.Password
                        placeholderText: qsTr("hf_…")
                        font.family: Theme.monoFamily
                        invalid: tokenRow.errorText.length > 0
                        Accessible.name: qsTr("Hugging Face token")
                        Layout.fillWidth: true
                        onAccepted: page.settingsModel.applyHuggingFaceToken(text)
                        onTextEdited: page.settingsModel.clearError("huggingFaceToken")
                    }
                    SettingsButton {
                        objectName: "tokenVisibilityButton"
                        text: tokenRow.showToken ? qsTr("Hide") : qsTr("Show")
                        enabled: tokenField.text.length > 0
                        Accessible.name: tokenRow.showToken ? qsTr("Hide the token") : qsTr("Show the token")
                        onClicked: tokenRow.showToken = !tokenRow.showToken
                    }
                    SettingsButton {
                        objectName: "tokenSaveButton"
                        primary: tokenRow.edited && tokenField.text.trim().length > 0
                        visible: tokenRow.edited && tokenField.text.trim().length > 0
                        text: qsTr("Save")
                        Accessible.name: qsTr("Save the token")
                        onClicked: page.settingsModel.applyHuggingFaceToken(tokenField.text)
                    }
                    SettingsButton {
                        objectName: "tokenRemoveButton"
                        visible: page.settingsModel.huggingFaceToken.length > 0
                        text: qsTr("Remove")
                        Accessible.name: qsTr("Remove the token")
                        onClicked: {
                            page.settingsModel.removeHuggingFaceToken()
                            tokenField.text = ""
                        }
                    }
                }
            }
        }

        // ---- New chats -----------------------------------------------------
        SectionTitle {
            text: qsTr("New chats")
            SettingsButton {
                objectName: "resetDefaultsButton"
                text: qsTr("Reset to built-in")
                enabled: !page.settingsModel.generationDefaultsAreBuiltIn
                Accessible.name: qsTr("Reset the new chat settings to the built-in values")
                onClicked: page.settingsModel.resetGenerationDefaults()
            }
        }

        GenerationSettingsCard { settingsModel: page.settingsModel }

        // ---- Chats ---------------------------------------------------------
        SectionTitle { text: qsTr("Chats") }

        SettingsCard {
            SettingsRow {
                divider: false
                title: qsTr("Export folder")
                description: page.settingsModel.exportFolderIsDefault
                             ? qsTr("Where exported chats are saved (your Documents folder).")
                             : qsTr("Where exported chats are saved.")
                errorText: page.settingsModel.errorField === "exportFolder" ? page.settingsModel.errorText : ""
                SettingsButton {
                    objectName: "exportFolderDefaultButton"
                    visible: !page.settingsModel.exportFolderIsDefault
                    text: qsTr("Use default")
                    Accessible.name: qsTr("Export to the Documents folder")
                    onClicked: page.settingsModel.applyExportFolder("")
                }
                SettingsButton {
                    objectName: "exportFolderButton"
                    text: qsTr("Choose…")
                    Accessible.name: qsTr("Choose the export folder")
                    onClicked: exportFolderDialog.open()
                }
                below: PathLabel {
                    objectName: "exportFolderPath"
                    text: page.settingsModel.exportFolder
                    Accessible.name: qsTr("Export folder: %1").arg(text)
                }
            }
        }

        Item { Layout.preferredHeight: 24 }

        FolderDialog {
            id: modelsFolderDialog
            objectName: "modelsFolderDialog"
            title: qsTr("Choose the models folder")
            currentFolder: page.folderUrl(page.settingsModel.modelsFolder)
            onAccepted: page.settingsModel.applyModelsFolder(String(selectedFolder))
        }

        FolderDialog {
            id: exportFolderDialog
            objectName: "exportFolderDialog"
            title: qsTr("Choose the export folder")
            currentFolder: page.folderUrl(page.settingsModel.exportFolder)
            onAccepted: page.settingsModel.applyExportFolder(String(selectedFolder))
        }
        QtDialogTheming { dialog: modelsFolderDialog }
        QtDialogTheming { dialog: exportFolderDialog }
    }
}
