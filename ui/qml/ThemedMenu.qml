import QtQuick
import QtQuick.Controls
import Hearth

// A menu in the app's colours (both themes); its items are ThemedMenuItems,
// also the ones Qt makes for sub-menus.
Menu {
    id: menu

    padding: 4
    delegate: ThemedMenuItem {}

    background: Rectangle {
        implicitWidth: 200
        radius: Theme.radius
        color: Theme.surface
        border.color: Theme.border
    }
}
