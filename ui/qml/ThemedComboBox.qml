import QtQuick
import QtQuick.Controls
import Hearth

// A drop-down in the app's colours: the closed box and its open list.
// Users may replace contentItem (say, to add an icon) and keep the rest.
ComboBox {
    id: box

    font.pixelSize: Theme.fontBody - 1
    hoverEnabled: true

    contentItem: Label {
        leftPadding: 10
        rightPadding: 28
        text: box.displayText
        font: box.font
        color: Theme.text
        verticalAlignment: Text.AlignVCenter
        elide: Text.ElideRight
    }
    indicator: Image {
        x: box.width - width - 10
        y: (box.height - height) / 2
        source: "qrc:/Hearth/icons/chevron-down.svg"
        sourceSize: Qt.size(12, 12)
    }
    background: Rectangle {
        implicitHeight: 32
        radius: Theme.radius
        color: box.hovered ? Theme.hover : Theme.surface
        border.color: box.visualFocus || box.popup.visible ? Theme.accent : Theme.border
    }
    delegate: ItemDelegate {
        id: entry
        required property int index
        required property var modelData
        width: ListView.view ? ListView.view.width : implicitWidth
        implicitHeight: 32
        highlighted: box.highlightedIndex === index
        hoverEnabled: box.hoverEnabled
        contentItem: Label {
            text: box.textRole ? entry.modelData[box.textRole] : entry.modelData
            font.pixelSize: box.font.pixelSize
            font.weight: box.currentIndex === entry.index ? Font.DemiBold : Font.Normal
            color: Theme.text
            verticalAlignment: Text.AlignVCenter
            elide: Text.ElideRight
        }
        background: Rectangle {
            radius: Theme.radius - 2
            color: entry.highlighted ? Theme.hover : "transparent"
        }
    }
    popup: Popup {
        y: box.height + 4
        width: box.width
        implicitHeight: Math.min(contentItem.implicitHeight + topPadding + bottomPadding, 360)
        padding: 4
        contentItem: ListView {
            clip: true
            implicitHeight: contentHeight
            model: box.popup.visible ? box.delegateModel : null
            currentIndex: box.highlightedIndex
            ScrollIndicator.vertical: ScrollIndicator {}
        }
        background: Rectangle {
            radius: Theme.radius
            color: Theme.surface
            border.color: Theme.border
        }
    }
}
