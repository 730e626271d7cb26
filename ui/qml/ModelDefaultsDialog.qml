import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One model's own chat defaults (My Models): each field left empty uses
// the global setting, shown as its placeholder; the chat format's first
// choice is the model's own template (or the guess for a model without one).
ThemedDialog {
    id: dialog
    objectName: "modelDefaultsDialog"
    property string relativePath
    property string modelName
    property var inherited: ({})

    // The fields, in order: key, label, and what the engine accepts.
    readonly property var fields: [
        { key: "contextLength", label: qsTr("Context length"), hint: qsTr("tokens") },
        { key: "temperature", label: qsTr("Temperature"), hint: qsTr("0 = always the likeliest word") },
        { key: "topK", label: qsTr("Top-K"), hint: qsTr("0 = off") },
        { key: "topP", label: qsTr("Top-P"), hint: qsTr("1 = off") },
        { key: "minP", label: qsTr("Min-P"), hint: qsTr("0 = off") },
        { key: "repeatPenalty", label: qsTr("Repeat penalty"), hint: qsTr("1 = off") }
    ]

    function edit(name, relative) {
        modelName = name
        relativePath = relative
        App.modelDefaults.clearError()
        inherited = App.modelDefaults.inherited(relative)
        const own = App.modelDefaults.values(relative)
        for (let i = 0; i < fields.length; ++i) {
            const field = repeater.itemAt(i)
            const v = own[fields[i].key]
            field.text = v === undefined ? "" : String(v)
        }
        systemPrompt.text = own.systemPrompt === undefined ? "" : own.systemPrompt
        chatFormat.currentIndex = Math.max(0, chatFormat.model.findIndex(f => f.name === (own.chatTemplate || "")))
        open()
    }

    function collect() {
        const values = {}
        for (let i = 0; i < fields.length; ++i)
            values[fields[i].key] = repeater.itemAt(i).text
        values.systemPrompt = systemPrompt.text
        values.chatTemplate = chatFormat.model[chatFormat.currentIndex].name
        return values
    }

    title: qsTr("Defaults for %1").arg(modelName)
    width: Math.min(520, parent ? parent.width - 48 : 520)
    // Apply (shown as "Save") does not close the dialog by itself: a
    // refused value keeps it open with the reason.
    standardButtons: Dialog.Apply | Dialog.Cancel | Dialog.RestoreDefaults
    Component.onCompleted: standardButton(Dialog.Apply).text = qsTr("Save")

    ColumnLayout {
        objectName: "modelDefaultsContent"
        width: parent.width
        spacing: 10

        Label {
            Layout.fillWidth: true
            text: qsTr("New chats with this model start with these values. Leave a field empty to use the one from Settings.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            wrapMode: Text.Wrap
        }

        GridLayout {
            Layout.fillWidth: true
            columns: 3
            columnSpacing: 12
            rowSpacing: 6
            Repeater {
                id: repeater
                model: dialog.fields
                // Three cells per field: label, field, hint.
                delegate: SettingsField {
                    required property var modelData
                    required property int index
                    objectName: "defaultField_" + modelData.key
                    Layout.row: index
                    Layout.column: 1
                    Layout.preferredWidth: 120
                    placeholderText: dialog.inherited[modelData.key] === undefined
                                     ? "" : String(dialog.inherited[modelData.key])
                    inputMethodHints: Qt.ImhFormattedNumbersOnly
                    Accessible.name: modelData.label
                }
            }
            Repeater {
                model: dialog.fields
                delegate: Label {
                    required property var modelData
                    required property int index
                    Layout.row: index
                    Layout.column: 0
                    text: modelData.label
                    color: Theme.text
                }
            }
            Repeater {
                model: dialog.fields
                delegate: Label {
                    required property var modelData
                    required property int index
                    Layout.row: index
                    Layout.column: 2
                    Layout.fillWidth: true
                    text: modelData.hint
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideRight
                }
            }
        }

        RowLayout {
            Layout.fillWidth: true
            spacing: 12
            Label { text: qsTr("Chat format"); color: Theme.text }
            ThemedComboBox {
                id: chatFormat
                objectName: "defaultChatFormat"
                Layout.fillWidth: true
                model: [{ name: "", label: qsTr("Default: %1").arg(dialog.inherited.chatTemplate || "") }]
                       .concat(App.modelDefaults.chatTemplates())
                textRole: "label"
                Accessible.name: qsTr("Chat format")
                contentItem: Label {
                    leftPadding: 10
                    text: chatFormat.displayText
                    color: Theme.text
                    verticalAlignment: Text.AlignVCenter
                    elide: Text.ElideRight
                }
                background: Rectangle {
                    implicitHeight: 32
                    radius: Theme.radius
                    color: Theme.surfaceRaised
                    border.color: chatFormat.activeFocus ? Theme.accent : Theme.border
                }
            }
        }

        Label { text: qsTr("System prompt"); color: Theme.text }
        ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: 90
            TextArea {
                id: systemPrompt
                objectName: "defaultSystemPrompt"
                wrapMode: TextEdit.Wrap
                color: Theme.text
                placeholderText: (dialog.inherited.systemPrompt || "").length > 0
                                 ? dialog.inherited.systemPrompt : qsTr("None")
                placeholderTextColor: Theme.textMuted
                background: Rectangle {
                    radius: Theme.radius
                    color: Theme.surfaceRaised
                    border.color: systemPrompt.activeFocus ? Theme.accent : Theme.border
                }
                Accessible.name: qsTr("System prompt")
            }
        }

        Label {
            objectName: "defaultsError"
            visible: App.modelDefaults.errorText.length > 0
            Layout.fillWidth: true
            text: App.modelDefaults.errorText
            color: Theme.danger
            wrapMode: Text.Wrap
        }
    }

    onApplied: {
        if (App.modelDefaults.save(relativePath, collect()))
            close()
    }
    onReset: {
        for (let i = 0; i < fields.length; ++i)
            repeater.itemAt(i).text = ""
        systemPrompt.text = ""
        chatFormat.currentIndex = 0
    }
}
