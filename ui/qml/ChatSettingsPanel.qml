import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The open chat's settings: text completion, system prompt and sampling.
// Changes apply to the next answer and are saved with the chat.
Rectangle {
    id: panel
    signal closeRequested()
    readonly property var conversation: App.conversation
    readonly property var sampling: conversation.sampling

    color: Theme.sidebar
    Accessible.name: qsTr("Chat settings")

    component NumberField: ColumnLayout {
        id: field
        property string name
        property string label
        property string hint
        property real from: 0
        property real to: 1
        property real stepSize: 0.05
        property int decimals: 2
        property real value: panel.sampling[name] !== undefined ? panel.sampling[name] : 0
        spacing: 2
        Layout.fillWidth: true
        RowLayout {
            Layout.fillWidth: true
            Label {
                text: field.label
                color: Theme.text
                font.pixelSize: Theme.fontBody - 1
                Layout.fillWidth: true
            }
            TextField {
                id: valueField
                objectName: "setting_" + field.name
                Layout.preferredWidth: 72
                horizontalAlignment: Text.AlignRight
                text: field.decimals > 0 ? Number(field.value).toFixed(field.decimals) : String(field.value)
                color: Theme.text
                font.pixelSize: Theme.fontBody - 1
                validator: DoubleValidator { bottom: field.from; top: field.to; decimals: field.decimals }
                Accessible.name: field.label
                background: Rectangle {
                    implicitHeight: 28
                    radius: 6
                    color: Theme.surface
                    border.color: valueField.activeFocus ? Theme.accent
                                 : valueField.acceptableInput ? Theme.border : Theme.danger
                }
                onEditingFinished: if (acceptableInput)
                    panel.conversation.setSamplingValue(field.name, field.decimals > 0 ? Number(text) : parseInt(text))
            }
        }
        Slider {
            id: slider
            visible: field.to - field.from <= 10 && field.decimals > 0
            Layout.fillWidth: true
            from: field.from
            to: field.to
            stepSize: field.stepSize
            value: field.value
            Accessible.name: field.label
            onMoved: panel.conversation.setSamplingValue(field.name, Math.round(value * 100) / 100)
            background: Rectangle {
                x: slider.leftPadding
                y: slider.topPadding + slider.availableHeight / 2 - height / 2
                width: slider.availableWidth
                height: 4
                radius: 2
                color: Theme.border
                Rectangle {
                    width: slider.visualPosition * parent.width
                    height: parent.height
                    radius: 2
                    color: Theme.accent
                }
            }
            handle: Rectangle {
                x: slider.leftPadding + slider.visualPosition * (slider.availableWidth - width)
                y: slider.topPadding + slider.availableHeight / 2 - height / 2
                width: 16
                height: 16
                radius: 8
                color: slider.pressed ? Theme.accentHover : Theme.accent
                border.color: Theme.surface
                border.width: 2
            }
        }
        Label {
            visible: field.hint.length > 0
            text: field.hint
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall - 1
            wrapMode: Text.Wrap
            Layout.fillWidth: true
        }
    }

    ThemedDialog {
        id: presetDialog
        objectName: "presetDialog"
        title: qsTr("Save system prompt as a preset")
        standardButtons: Dialog.Save | Dialog.Cancel
        onOpened: { presetName.text = ""; presetName.forceActiveFocus() }
        onAccepted: if (presetName.text.trim().length > 0)
            App.savePromptPreset(presetName.text, panel.conversation.systemPrompt)
        TextField {
            id: presetName
            width: 280
            placeholderText: qsTr("Preset name")
            Accessible.name: qsTr("Preset name")
            onAccepted: presetDialog.accept()
        }
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 14
        spacing: 10

        RowLayout {
            Label {
                text: qsTr("Chat settings")
                color: Theme.text
                font.pixelSize: Theme.fontLarge
                font.weight: Font.DemiBold
                Layout.fillWidth: true
            }
            IconButton {
                iconSource: "qrc:/Hearth/icons/close.svg"
                tip: qsTr("Close chat settings")
                onClicked: panel.closeRequested()
            }
        }

        ScrollView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            contentWidth: availableWidth
            clip: true

            ColumnLayout {
                width: parent.width
                spacing: 14

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Switch {
                        id: textCompletion
                        objectName: "textCompletionSwitch"
                        Layout.fillWidth: true
                        padding: 0
                        text: qsTr("Text completion (no chat format)")
                        checked: panel.sampling.textCompletion === true
                        onToggled: panel.conversation.setSamplingValue("textCompletion", checked)
                        Accessible.name: text
                        indicator: Rectangle {
                            x: textCompletion.width - width
                            y: (textCompletion.height - height) / 2
                            implicitWidth: 34
                            implicitHeight: 18
                            radius: 9
                            color: textCompletion.checked ? Theme.accent : Theme.border
                            Rectangle {
                                x: textCompletion.checked ? parent.width - width - 2 : 2
                                y: 2
                                width: 14
                                height: 14
                                radius: 7
                                color: Theme.surface
                            }
                        }
                        contentItem: Label {
                            rightPadding: textCompletion.indicator.width + 8
                            text: textCompletion.text
                            color: Theme.text
                            font.pixelSize: Theme.fontBody - 1
                            wrapMode: Text.Wrap
                            verticalAlignment: Text.AlignVCenter
                        }
                    }
                    Label {
                        text: qsTr("The model continues your text as written (what base models need); the system prompt is not used.")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall - 1
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }

                Label {
                    text: qsTr("System prompt")
                    color: Theme.text
                    font.pixelSize: Theme.fontBody - 1
                    font.weight: Font.DemiBold
                }
                ThemedComboBox {
                    id: presets
                    objectName: "presetPicker"
                    Layout.fillWidth: true
                    readonly property var builtIns: [
                        { label: qsTr("Presets…"), text: "" },
                        { label: qsTr("Helpful assistant"), text: qsTr("You are a helpful assistant.") },
                        { label: qsTr("Concise"), text: qsTr("You are a helpful assistant. Answer briefly and precisely.") },
                        { label: qsTr("Programmer"), text: qsTr("You are an expert programmer. Give correct, idiomatic code with short explanations.") },
                        { label: qsTr("Translator"), text: qsTr("Translate the user's text into English. Reply with the translation only.") }
                    ]
                    model: builtIns.concat(App.promptPresets.map(p => ({ label: p.name, text: p.text })))
                    textRole: "label"
                    Accessible.name: qsTr("System prompt presets")
                    onActivated: (i) => {
                        if (i > 0)
                            panel.conversation.systemPrompt = model[i].text
                        currentIndex = 0
                    }
                }
                TextArea {
                    id: systemPrompt
                    objectName: "systemPromptField"
                    Layout.fillWidth: true
                    Layout.preferredHeight: Math.max(90, implicitHeight)
                    text: panel.conversation.systemPrompt
                    placeholderText: qsTr("Tell the model how to behave in this chat")
                    placeholderTextColor: Theme.textMuted
                    wrapMode: TextEdit.Wrap
                    color: Theme.text
                    font.pixelSize: Theme.fontBody - 1
                    Accessible.name: qsTr("System prompt")
                    background: Rectangle {
                        radius: Theme.radius
                        color: Theme.surface
                        border.color: systemPrompt.activeFocus ? Theme.accent : Theme.border
                    }
                    onTextChanged: if (activeFocus) panel.conversation.systemPrompt = text
                }

                RowLayout {
                    Layout.fillWidth: true
                    readonly property var savedMatch: App.promptPresets.find(p => p.text === panel.conversation.systemPrompt)
                    AccentButton {
                        objectName: "savePreset"
                        text: qsTr("Save as preset…")
                        quiet: true
                        enabled: panel.conversation.systemPrompt.trim().length > 0
                        onClicked: presetDialog.open()
                    }
                    AccentButton {
                        visible: parent.savedMatch !== undefined
                        text: qsTr("Delete preset")
                        quiet: true
                        onClicked: App.removePromptPreset(parent.savedMatch.name)
                    }
                }

                NumberField { name: "temperature"; label: qsTr("Temperature"); from: 0; to: 2; stepSize: 0.05
                              hint: qsTr("Higher is more varied; 0 always picks the most likely word.") }
                NumberField { name: "topP"; label: qsTr("Top P"); from: 0; to: 1; stepSize: 0.01 }
                NumberField { name: "topK"; label: qsTr("Top K"); from: 0; to: 1000; decimals: 0
                              hint: qsTr("0 turns it off.") }
                NumberField { name: "minP"; label: qsTr("Min P"); from: 0; to: 1; stepSize: 0.01 }
                NumberField { name: "repeatPenalty"; label: qsTr("Repetition penalty"); from: 1; to: 2; stepSize: 0.01
                              hint: qsTr("1 turns it off.") }
                NumberField { name: "maxTokens"; label: qsTr("Max tokens"); from: -1; to: 1000000; decimals: 0
                              hint: qsTr("-1: until the model stops or the context is full.") }
                NumberField { name: "seed"; label: qsTr("Seed"); from: -1; to: 2147483647; decimals: 0
                              hint: qsTr("-1: a new random seed for every answer.") }

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label {
                        text: qsTr("Context length")
                        color: Theme.text
                        font.pixelSize: Theme.fontBody - 1
                    }
                    RowLayout {
                        visible: App.models.hasModel
                        Layout.fillWidth: true
                        TextField {
                            id: contextField
                            objectName: "contextLengthField"
                            Layout.fillWidth: true
                            text: String(App.models.contextLength)
                            color: Theme.text
                            font.pixelSize: Theme.fontBody - 1
                            validator: IntValidator { bottom: 1; top: 16777216 }
                            Accessible.name: qsTr("Context length")
                            background: Rectangle {
                                implicitHeight: 28
                                radius: 6
                                color: Theme.surface
                                border.color: contextField.activeFocus ? Theme.accent : Theme.border
                            }
                            onAccepted: App.models.reloadWithContext(parseInt(text))
                        }
                        AccentButton {
                            visible: contextField.text !== String(App.models.contextLength)
                            text: qsTr("Reload")
                            quiet: true
                            onClicked: App.models.reloadWithContext(parseInt(contextField.text))
                        }
                    }
                    Label {
                        text: App.models.hasModel
                              ? qsTr("Tokens the model can see at once. Changing it reloads the model; longer contexts need more GPU memory.")
                              : qsTr("Load a model to change it; new models start with the length set in Settings.")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall - 1
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }

                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 2
                    Label {
                        text: qsTr("When the context is full")
                        color: Theme.text
                        font.pixelSize: Theme.fontBody - 1
                    }
                    ContextOverflowPicker {
                        id: overflowPicker
                        objectName: "contextOverflowPicker"
                        Layout.fillWidth: true
                        value: panel.sampling.contextOverflow || "drop-oldest"
                        onPicked: (name) => panel.conversation.setSamplingValue("contextOverflow", name)
                    }
                    Label {
                        text: overflowPicker.hint
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall - 1
                        wrapMode: Text.Wrap
                        Layout.fillWidth: true
                    }
                }

                AccentButton {
                    text: qsTr("Reset to defaults")
                    quiet: true
                    onClicked: panel.conversation.resetSampling()
                }
            }
        }
    }
}
