import QtQuick
import Hearth

// Qt's FileDialog and FolderDialog take their colours from the window's
// palette (Main.qml sets it from Theme), except the folder path at their
// top: Qt 6.4 draws it on a plain white Rectangle, where the dark theme's
// light text vanished. Declare one beside each such dialog:
// `QtDialogTheming { dialog: importDialog }`.
QtObject {
    id: theming
    required property QtObject dialog

    // Qt builds the dialog's items when it first opens: colour them then.
    property Connections watcher: Connections {
        target: theming.dialog
        function onVisibleChanged() {
            if (theming.dialog.visible)
                theming.colourPathBar(theming.overlay())
        }
    }

    // The window's popup layer (a child of its root item), where the dialog is.
    function overlay() {
        const window = dialog.parentWindow
        const root = window && window.contentItem ? window.contentItem.parent : null
        if (!root)
            return null
        for (let i = 0; i < root.children.length; ++i)
            if (String(root.children[i]).startsWith("QQuickOverlay"))
                return root.children[i]
        return null
    }

    function colourPathBar(item) {
        if (!item)
            return false
        if (String(item).startsWith("FolderBreadcrumbBar") && item.background) {
            item.background.color = Qt.binding(() => Theme.surfaceRaised)
            return true
        }
        for (let i = 0; i < item.children.length; ++i)
            if (colourPathBar(item.children[i]))
                return true
        return false
    }
}
