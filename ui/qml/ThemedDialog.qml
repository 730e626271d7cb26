import QtQuick
import QtQuick.Controls
import Hearth

// A modal dialog in the app's colours, centred over the window: a raised
// card with the title, the content and SettingsButtons for the standard
// buttons (the accepting one filled with the accent).
Dialog {
    id: dialog

    modal: true
    parent: Overlay.overlay
    anchors.centerIn: parent
    padding: 20
    topPadding: 8

    background: Rectangle {
        radius: Theme.radiusLarge
        color: Theme.surface
        border.color: Theme.border
    }
    header: Label {
        visible: dialog.title.length > 0
        text: dialog.title
        color: Theme.text
        font.pixelSize: Theme.fontLarge
        font.weight: Font.DemiBold
        elide: Text.ElideRight
        padding: 20
        bottomPadding: 8
        Accessible.role: Accessible.Heading
    }
    footer: DialogButtonBox {
        visible: count > 0
        spacing: 8
        padding: 20
        topPadding: 8
        background: null
        delegate: SettingsButton {
            primary: DialogButtonBox.buttonRole === DialogButtonBox.AcceptRole
                     || DialogButtonBox.buttonRole === DialogButtonBox.ApplyRole
        }
    }
    Overlay.modal: Rectangle { color: Theme.dark ? "#99000000" : "#59000000" }
}
