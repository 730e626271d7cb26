import QtQuick
import QtQuick.Controls
import Hearth

// A text field in the app's colours; `invalid` outlines it in red.
TextField {
    id: field
    property bool invalid: false

    implicitWidth: 120
    color: Theme.text
    placeholderTextColor: Theme.textMuted
    selectionColor: Theme.accent
    selectedTextColor: Theme.textOnAccent
    font.pixelSize: Theme.fontBody
    leftPadding: 10
    rightPadding: 10
    Accessible.role: Accessible.EditableText

    background: Rectangle {
        implicitHeight: 34
        radius: Theme.radius
        color: field.enabled ? Theme.surfaceRaised : Theme.surface
        border.width: field.activeFocus || field.invalid ? 2 : 1
        border.color: field.invalid ? Theme.danger : field.activeFocus ? Theme.accent : Theme.border
    }
}
