import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// What a new chat starts with: context length, sampling and the system
// prompt, each beside its built-in value. SettingsModel checks the ranges.
SettingsCard {
    id: card
    required property SettingsModel settingsModel

    // Decimals keep a decimal point (1.0, not 1), so they read as such.
    function numberText(value, integer) {
        return integer || !Number.isInteger(value) ? String(value) : value.toFixed(1)
    }

    Repeater {
        model: [
            { key: "contextLength", integer: true, title: qsTr("Context length"),
              description: qsTr("How many tokens a chat can hold. Longer contexts need more GPU memory.") },
            { key: "temperature", integer: false, title: qsTr("Temperature"),
              description: qsTr("Higher is more varied, lower more focused; 0 always picks the likeliest word.") },
            { key: "topP", integer: false, title: qsTr("Top-p"),
              description: qsTr("Sample from the likeliest words that together reach this probability; 1 turns it off.") },
            { key: "topK", integer: true, title: qsTr("Top-k"),
              description: qsTr("Sample from this many of the likeliest words; 0 turns it off.") },
            { key: "minP", integer: false, title: qsTr("Min-p"),
              description: qsTr("Skip words less likely than this share of the likeliest one; 0 turns it off.") },
            { key: "repeatPenalty", integer: false, title: qsTr("Repetition penalty"),
              description: qsTr("Discourages repeating recent words; 1 turns it off.") }
        ]
        delegate: SettingsRow {
            id: numberRow
            required property var modelData
            required property int index
            readonly property string key: modelData.key
            readonly property var current: card.settingsModel[key]
            readonly property var builtIn: card.settingsModel.builtInDefaults[key]

            divider: index > 0
            title: modelData.title
            description: modelData.description
            hint: qsTr("Built-in: %1").arg(card.numberText(builtIn, modelData.integer))
            errorText: card.settingsModel.errorField === key ? card.settingsModel.errorText : ""

            SettingsField {
                id: numberField
                objectName: numberRow.key + "Field"
                text: card.numberText(numberRow.current, numberRow.modelData.integer)
                placeholderText: card.numberText(numberRow.builtIn, numberRow.modelData.integer)
                horizontalAlignment: TextInput.AlignRight
                inputMethodHints: Qt.ImhFormattedNumbersOnly
                invalid: numberRow.errorText.length > 0
                // Only the notation is checked here; ranges are
                // SettingsModel's, so it can say what is wrong.
                validator: numberRow.modelData.integer ? integerFormat : decimalFormat
                Accessible.name: numberRow.modelData.title
                Accessible.description: numberRow.modelData.description
                onTextEdited: card.settingsModel.clearError(numberRow.key)
                // Left empty or half-typed ("0."): show the saved value again.
                onActiveFocusChanged: {
                    if (!activeFocus && !acceptableInput) {
                        text = card.numberText(numberRow.current, numberRow.modelData.integer)
                        card.settingsModel.clearError(numberRow.key)
                    }
                }
                onEditingFinished: {
                    const value = Number(text)
                    const name = "apply" + numberRow.key.charAt(0).toUpperCase() + numberRow.key.slice(1)
                    if (text.length > 0 && card.settingsModel[name](value))
                        text = card.numberText(numberRow.current, numberRow.modelData.integer)
                }
                IntValidator { id: integerFormat; bottom: 0 }
                DoubleValidator {
                    id: decimalFormat
                    bottom: 0
                    top: 1e6
                    decimals: 6
                    notation: DoubleValidator.StandardNotation
                    locale: "C"
                }
                // Show saved values, also after "Reset".
                Connections {
                    target: card.settingsModel
                    function onGenerationDefaultsChanged() {
                        numberField.text = card.numberText(numberRow.current, numberRow.modelData.integer)
                    }
                }
            }
        }
    }

    SettingsRow {
        title: qsTr("When the context is full")
        description: overflowPicker.hint
        ContextOverflowPicker {
            id: overflowPicker
            objectName: "contextOverflowDefault"
            Layout.preferredWidth: 240
            value: card.settingsModel.contextOverflow
            onPicked: (name) => card.settingsModel.contextOverflow = name
        }
    }

    SettingsRow {
        title: qsTr("Default system prompt")
        description: qsTr("Instructions every new chat starts with; leave it empty for none.")
        errorText: card.settingsModel.errorField === "systemPrompt" ? card.settingsModel.errorText : ""
        below: ScrollView {
            Layout.fillWidth: true
            Layout.preferredHeight: 96
            TextArea {
                id: systemPromptField
                objectName: "systemPromptField"
                text: card.settingsModel.systemPrompt
                wrapMode: TextEdit.Wrap
                placeholderText: qsTr("For example: You are a friendly assistant who answers briefly.")
                placeholderTextColor: Theme.textMuted
                color: Theme.text
                selectionColor: Theme.accent
                selectedTextColor: Theme.textOnAccent
                font.pixelSize: Theme.fontBody
                Accessible.role: Accessible.EditableText
                Accessible.name: qsTr("Default system prompt")
                onEditingFinished: card.settingsModel.applySystemPrompt(text)
                background: Rectangle {
                    radius: Theme.radius
                    color: Theme.surfaceRaised
                    border.width: systemPromptField.activeFocus ? 2 : 1
                    border.color: systemPromptField.activeFocus ? Theme.accent : Theme.border
                }
                Connections {
                    target: card.settingsModel
                    function onGenerationDefaultsChanged() {
                        if (systemPromptField.text !== card.settingsModel.systemPrompt)
                            systemPromptField.text = card.settingsModel.systemPrompt
                    }
                }
            }
        }
    }
}
