import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One Hub repository in Discover: who made it, its name, the curated
// one-liner or the Hub's numbers, licence and gated badge. Click opens it.
AbstractButton {
    id: card
    property string repoId
    property string author
    property string name
    property string family
    property string description
    property string downloadsText
    property string likesText
    property string updatedText
    property string license
    property bool gated

    hoverEnabled: true
    focusPolicy: Qt.StrongFocus
    implicitHeight: column.implicitHeight + 2 * 14
    Accessible.role: Accessible.Button
    Accessible.name: qsTr("%1 by %2").arg(name).arg(author)
    Accessible.description: description
    Keys.onReturnPressed: clicked()
    Keys.onEnterPressed: clicked()

    background: Rectangle {
        radius: Theme.radiusLarge
        color: card.down ? Theme.selected : card.hovered ? Theme.surfaceRaised : Theme.surface
        border.color: card.activeFocus ? Theme.accent : Theme.border
    }
    contentItem: Item {
        ColumnLayout {
            id: column
            anchors.fill: parent
            anchors.margins: 14
            anchors.leftMargin: 16
            anchors.rightMargin: 16
            spacing: 4
            RowLayout {
                Layout.fillWidth: true
                spacing: 8
                Label {
                    text: card.author + " /"
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontBody
                }
                Label {
                    Layout.leftMargin: -4
                    Layout.fillWidth: true
                    text: card.name
                    color: Theme.text
                    font.pixelSize: Theme.fontBody + 1
                    font.weight: Font.DemiBold
                    elide: Text.ElideRight
                }
                HubBadge { text: card.family; tint: Theme.accent }
                HubBadge {
                    visible: card.gated
                    text: qsTr("Gated")
                    tint: "#c08a1e"
                    ThemedToolTip {
                        visible: gatedHover.hovered
                        text: qsTr("Access must be requested on huggingface.co")
                    }
                    HoverHandler { id: gatedHover }
                }
            }
            Label {
                visible: card.description.length > 0
                Layout.fillWidth: true
                text: card.description
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall + 1
                wrapMode: Text.Wrap
                maximumLineCount: 2
                elide: Text.ElideRight
            }
            RowLayout {
                visible: card.downloadsText.length > 0 || card.updatedText.length > 0 || card.license.length > 0
                spacing: 14
                HubStat {
                    iconSource: "qrc:/Hearth/icons/download.svg"
                    text: card.downloadsText
                    tip: qsTr("%1 downloads").arg(card.downloadsText)
                }
                HubStat {
                    iconSource: "qrc:/Hearth/icons/heart.svg"
                    text: card.likesText
                    tip: qsTr("%1 likes").arg(card.likesText)
                }
                HubStat {
                    iconSource: "qrc:/Hearth/icons/clock.svg"
                    text: card.updatedText.length > 0 ? qsTr("Updated %1").arg(card.updatedText) : ""
                }
                HubBadge { text: card.license }
            }
        }
    }
}
