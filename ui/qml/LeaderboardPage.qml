import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Your own leaderboard: ratings from your blind votes (Bradley-Terry on the
// Elo scale, with 95% intervals), wins / ties / losses, a category filter,
// the head-to-head heat map, and export as CSV or Markdown.
Item {
    id: page
    property LeaderboardModel board: App.leaderboard
    readonly property int contentWidth: Math.max(0, Math.min(width - 48, 920))

    // Votes may have been cast since the page was last shown.
    onVisibleChanged: if (visible) board.refresh()

    EmptyState {
        objectName: "leaderboardEmpty"
        visible: board.voteCount === 0 && !board.loading && board.category.length === 0
        anchors.fill: parent
        iconSource: "qrc:/Hearth/icons/trophy.svg"
        heading: qsTr("No votes yet")
        body: qsTr("When you compare two models blind and vote for the better answer, the votes add up here "
                   + "into ratings of your own, on your own questions.")
    }

    Flickable {
        id: flick
        visible: !(board.voteCount === 0 && !board.loading && board.category.length === 0)
        anchors.fill: parent
        contentHeight: column.implicitHeight + 48
        clip: true
        ScrollBar.vertical: ScrollBar {}

        ColumnLayout {
            id: column
            x: (flick.width - page.contentWidth) / 2
            y: 16
            width: page.contentWidth
            spacing: 12

            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Label {
                    objectName: "leaderboardSummary"
                    Layout.fillWidth: true
                    text: board.loading && board.voteCount === 0 ? qsTr("Counting the votes…")
                          : board.voteCount === 1 ? qsTr("1 vote") : qsTr("%1 votes").arg(board.voteCount)
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                }
                BusyIndicator { running: board.loading; visible: running; implicitWidth: 22; implicitHeight: 22 }
                ThemedComboBox {
                    objectName: "categoryFilter"
                    visible: board.categories.length > 0
                    model: [qsTr("All categories")].concat(board.categories)
                    currentIndex: Math.max(0, board.categories.indexOf(board.category) + 1)
                    onActivated: (i) => board.category = i === 0 ? "" : board.categories[i - 1]
                    Accessible.name: qsTr("Category")
                }
                AccentButton {
                    objectName: "exportCsv"
                    quiet: true
                    text: qsTr("Export CSV")
                    enabled: board.voteCount > 0
                    onClicked: board.exportBoard("csv")
                }
                AccentButton {
                    objectName: "exportMarkdown"
                    quiet: true
                    text: qsTr("Export Markdown")
                    enabled: board.voteCount > 0
                    onClicked: board.exportBoard("md")
                }
            }

            Banner {
                objectName: "leaderboardNotice"
                Layout.fillWidth: true
                visible: board.noticeText.length > 0
                text: board.noticeText
                actionText: qsTr("OK")
                onAction: board.clearNotice()
                onDismissed: board.clearNotice()
            }

            // Header of the table.
            RowLayout {
                Layout.fillWidth: true
                Layout.leftMargin: 12
                Layout.rightMargin: 12
                spacing: 12
                Label { text: "#"; Layout.preferredWidth: 28; color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
                Label { text: qsTr("Model"); Layout.fillWidth: true; Layout.preferredWidth: 1; color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
                Label { text: qsTr("Rating (95% interval)"); Layout.preferredWidth: 230; color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
                Label { text: qsTr("Votes"); Layout.preferredWidth: 48; horizontalAlignment: Text.AlignRight; color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
                Label { text: qsTr("W-T-L"); Layout.preferredWidth: 72; horizontalAlignment: Text.AlignRight; color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
                Label { text: qsTr("Win share"); Layout.preferredWidth: 72; horizontalAlignment: Text.AlignRight; color: Theme.textMuted; font.pixelSize: Theme.fontSmall }
            }

            Repeater {
                id: rowsRepeater
                objectName: "leaderboardRows"
                model: board
                Rectangle {
                    id: row
                    required property int rank
                    required property string model
                    required property real rating
                    required property string interval
                    required property real ciLow
                    required property real ciHigh
                    required property int votes
                    required property int wins
                    required property int ties
                    required property int losses
                    required property real winShare
                    Layout.fillWidth: true
                    implicitHeight: 44
                    radius: Theme.radius
                    color: rank === 1 ? Theme.surfaceRaised : Theme.surface
                    border.color: Theme.border
                    Accessible.role: Accessible.Row
                    Accessible.name: qsTr("%1. %2, rating %3").arg(rank).arg(model).arg(Math.round(rating))

                    RowLayout {
                        anchors.fill: parent
                        anchors.leftMargin: 12
                        anchors.rightMargin: 12
                        spacing: 12
                        Label {
                            text: row.rank
                            Layout.preferredWidth: 28
                            color: row.rank === 1 ? Theme.accent : Theme.text
                            font.weight: Font.DemiBold
                            font.pixelSize: Theme.fontBody
                        }
                        Label {
                            text: row.model
                            Layout.fillWidth: true
                            Layout.preferredWidth: 1 // the columns after it keep their place
                            elide: Text.ElideMiddle
                            color: Theme.text
                            font.pixelSize: Theme.fontBody
                        }
                        RowLayout {
                            Layout.preferredWidth: 230
                            Layout.fillWidth: false // its bar fills the column, not the row
                            spacing: 8
                            Label {
                                text: Math.round(row.rating)
                                Layout.preferredWidth: 40
                                horizontalAlignment: Text.AlignRight
                                color: Theme.text
                                font.weight: Font.DemiBold
                                font.pixelSize: Theme.fontBody
                            }
                            // The interval as a bar on the page's common scale.
                            Item {
                                Layout.fillWidth: true
                                implicitHeight: 14
                                readonly property real span: Math.max(1, page.scaleHigh - page.scaleLow)
                                Rectangle { anchors.verticalCenter: parent.verticalCenter; width: parent.width; height: 2; color: Theme.border }
                                Rectangle {
                                    anchors.verticalCenter: parent.verticalCenter
                                    x: parent.width * (row.ciLow - page.scaleLow) / parent.span
                                    width: Math.max(2, parent.width * (row.ciHigh - row.ciLow) / parent.span)
                                    height: 6
                                    radius: 3
                                    color: Theme.accent
                                    opacity: 0.45
                                }
                                Rectangle {
                                    anchors.verticalCenter: parent.verticalCenter
                                    x: parent.width * (row.rating - page.scaleLow) / parent.span - 4
                                    width: 8; height: 8; radius: 4
                                    color: Theme.accent
                                }
                                HoverHandler { id: intervalHover }
                                ThemedToolTip {
                                    visible: intervalHover.hovered
                                    text: qsTr("95% interval: %1").arg(row.interval)
                                }
                            }
                        }
                        Label { text: row.votes; Layout.preferredWidth: 48; horizontalAlignment: Text.AlignRight; color: Theme.text; font.pixelSize: Theme.fontBody }
                        Label {
                            text: row.wins + "-" + row.ties + "-" + row.losses
                            Layout.preferredWidth: 72
                            horizontalAlignment: Text.AlignRight
                            color: Theme.text
                            font.pixelSize: Theme.fontBody
                        }
                        Label {
                            text: Math.round(row.winShare * 100) + "%"
                            Layout.preferredWidth: 72
                            horizontalAlignment: Text.AlignRight
                            color: Theme.text
                            font.pixelSize: Theme.fontBody
                        }
                    }
                }
            }

            Label {
                objectName: "leaderboardNotes"
                Layout.fillWidth: true
                visible: board.notes.length > 0
                text: board.notes
                wrapMode: Text.WordWrap
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }

            Label {
                Layout.topMargin: 12
                visible: board.modelNames.length > 1
                text: qsTr("Head to head")
                color: Theme.text
                font.pixelSize: Theme.fontLarge
                font.weight: Font.DemiBold
            }
            Label {
                Layout.fillWidth: true
                visible: board.modelNames.length > 1
                text: qsTr("Each cell is the row model's share of the points against the column model (a tie counts half).")
                wrapMode: Text.WordWrap
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            HeatMap {
                objectName: "headToHead"
                visible: board.modelNames.length > 1
                Layout.fillWidth: true
                names: board.modelNames
                matrix: board.matrix
            }
        }
    }

    // One scale for every interval bar: the widest interval, with a margin.
    readonly property real scaleLow: {
        let low = 1000
        for (let i = 0; i < board.modelNames.length; ++i)
            low = Math.min(low, board.data(board.index(i, 0), LeaderboardModel.CiLowRole))
        return low - 20
    }
    readonly property real scaleHigh: {
        let high = 1000
        for (let i = 0; i < board.modelNames.length; ++i)
            high = Math.max(high, board.data(board.index(i, 0), LeaderboardModel.CiHighRole))
        return high + 20
    }
}
