import QtQuick
import QtQuick.Controls
import Hearth

// A thin line between groups of a ThemedMenu.
MenuSeparator {
    topPadding: 4
    bottomPadding: 4
    contentItem: Rectangle {
        implicitHeight: 1
        color: Theme.border
    }
}
