import QtQuick
import QtQuick.Controls
import Hearth

// What a chat does when its conversation outgrows the model's context: the
// chat settings panel's choice for one chat, the Settings page's for new
// ones. `value` is the policy's stored name; `picked` gives the new one.
ThemedComboBox {
    id: picker
    property string value: "drop-oldest"
    signal picked(string name)

    textRole: "text"
    valueRole: "value"
    model: [
        { text: qsTr("Drop the oldest messages"), value: "drop-oldest",
          hint: qsTr("Keeps the system prompt and leaves out the oldest turns, so the chat can go on forever.") },
        { text: qsTr("Drop from the middle"), value: "truncate-middle",
          hint: qsTr("Keeps the system prompt and your first message, and leaves out the turns after it.") },
        { text: qsTr("Stop at the limit"), value: "stop",
          hint: qsTr("Stops and asks you to start a new chat or raise the context length.") }
    ]
    readonly property string hint: model[Math.max(0, currentIndex)].hint
    currentIndex: Math.max(0, model.findIndex(m => m.value === value))
    onActivated: picker.picked(currentValue)
    Accessible.name: qsTr("When the context is full")
    Accessible.description: hint
}
