import QtQuick
import QtQuick.Controls
import Hearth

// Head-to-head win rates as a heat map: cell (row, column) is the share of
// the points the row's model took against the column's; cool = it lost
// most, warm = it won most, empty = they never met. Hover for the count.
Item {
    id: map
    property var names: []   // model names, in rank order
    property var matrix: []  // rows of {rate, games, text}
    property int cellSize: Math.max(34, Math.min(64, (width - labelWidth) / Math.max(1, names.length)))
    readonly property int labelWidth: Math.min(220, width * 0.35)

    implicitHeight: headerRow.height + names.length * cellSize + legend.height + 16

    function cellColor(rate) {
        if (rate < 0)
            return Theme.surfaceRaised
        // Blue at 0 through the surface colour at 0.5 to the accent at 1.
        const cold = Qt.rgba(0.27, 0.52, 0.93, 1)
        const warm = Theme.accent
        const base = Theme.surface
        const t = Math.abs(rate - 0.5) * 2
        const end = rate < 0.5 ? cold : warm
        return Qt.rgba(base.r + (end.r - base.r) * t, base.g + (end.g - base.g) * t,
                       base.b + (end.b - base.b) * t, 1)
    }

    Row {
        id: headerRow
        x: map.labelWidth
        height: 28
        Repeater {
            model: map.names
            Label {
                required property int index
                required property string modelData
                width: map.cellSize
                height: headerRow.height
                text: "#" + (index + 1)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                horizontalAlignment: Text.AlignHCenter
                verticalAlignment: Text.AlignVCenter
                HoverHandler { id: columnHover }
                ThemedToolTip { visible: columnHover.hovered; text: parent.modelData }
            }
        }
    }

    Column {
        id: rows
        y: headerRow.height
        Repeater {
            model: map.names
            Row {
                id: mapRow
                required property int index
                required property string modelData
                Label {
                    width: map.labelWidth
                    height: map.cellSize
                    rightPadding: 10
                    text: "#" + (mapRow.index + 1) + "  " + mapRow.modelData
                    color: Theme.text
                    font.pixelSize: Theme.fontSmall
                    elide: Text.ElideMiddle
                    horizontalAlignment: Text.AlignRight
                    verticalAlignment: Text.AlignVCenter
                }
                Repeater {
                    model: map.matrix[mapRow.index] || []
                    Rectangle {
                        id: cell
                        required property int index
                        required property var modelData
                        width: map.cellSize
                        height: map.cellSize
                        color: mapRow.index === index ? Theme.window : map.cellColor(modelData.rate)
                        border.color: Theme.window
                        border.width: 1
                        Accessible.role: Accessible.Cell
                        Accessible.name: modelData.rate < 0 ? qsTr("never met")
                                                            : qsTr("%1 against %2: %3 of %4 votes")
                                                              .arg(mapRow.modelData).arg(map.names[index])
                                                              .arg(modelData.text).arg(modelData.games)
                        Label {
                            anchors.centerIn: parent
                            text: cell.modelData.text
                            color: Theme.text
                            font.pixelSize: Theme.fontSmall
                        }
                        HoverHandler { id: cellHover }
                        ThemedToolTip {
                            visible: cellHover.hovered && cell.modelData.games > 0
                            text: qsTr("%1 vs %2: %3 of the points in %4 votes")
                                  .arg(mapRow.modelData).arg(map.names[cell.index])
                                  .arg(cell.modelData.text).arg(cell.modelData.games)
                        }
                    }
                }
            }
        }
    }

    Row {
        id: legend
        anchors.top: rows.bottom
        anchors.topMargin: 12
        x: map.labelWidth
        spacing: 6
        height: 20
        Label { text: qsTr("lost most"); color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
        Repeater {
            model: [0, 0.25, 0.5, 0.75, 1]
            Rectangle {
                required property real modelData
                width: 24; height: 14; radius: 3
                color: map.cellColor(modelData)
                border.color: Theme.border
            }
        }
        Label { text: qsTr("won most"); color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
    }
}
