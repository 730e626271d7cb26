import QtQuick
import QtQuick.Controls
import Hearth

// What a chat does when its conversation outgrows the model's context: the
// chat settings panel's choice for one chat, the Settings page's for new
// ones. `value` is the policy's stored name; `picked` gives the new one.
ComboBox {
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

    contentItem: Label {
        leftPadding: 10
        rightPadding: 28
        text: picker.displayText
        color: Theme.text
        font.pixelSize: Theme.fontBody - 1
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    indicator: Image {
        x: picker.width - width - 10
        y: (picker.height - height) / 2
        source: "qrc:/Hearth/icons/chevron-down.svg"
        sourceSize: Qt.size(12, 12)
    }
    background: Rectangle {
        implicitHeight: 32
        radius: Theme.radius
        color: picker.hovered ? Theme.hover : Theme.surface
        border.color: Theme.border
    }
}
