import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Every download with its progress and actions, newest first. A plain Item:
// the host places it (a page, a drawer, a popup) and binds `downloads` to
// App.downloads (a DownloadsModel).
Item {
    id: panel
    property var downloads
    property bool showTitle: true // off where the host already names the page
    // After "Load" or "New chat" on a finished download, so the host can
    // show the chat.
    signal chatRequested()

    readonly property int downloadCount: downloads ? downloads.count : 0

    implicitWidth: 560
    implicitHeight: 420

    ColumnLayout {
        anchors.fill: parent
        spacing: 10

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 4
            Layout.rightMargin: 4
            spacing: 10
            Label {
                visible: panel.showTitle
                text: qsTr("Downloads")
                color: Theme.text
                font.pixelSize: Theme.fontLarge
                font.weight: Font.DemiBold
            }
            Label {
                objectName: "downloadsSummary"
                visible: !!panel.downloads && panel.downloads.activeCount > 0
                text: !panel.downloads ? ""
                      : panel.downloads.totalProgress >= 0
                        ? qsTr("%1 active · %2%").arg(panel.downloads.activeCount)
                                                 .arg(Math.floor(panel.downloads.totalProgress * 100))
                        : qsTr("%1 active").arg(panel.downloads.activeCount)
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
            Item { Layout.fillWidth: true }
            AccentButton {
                objectName: "clearFinishedDownloads"
                visible: !!panel.downloads && panel.downloads.finishedCount > 0
                quiet: true
                text: qsTr("Clear finished")
                onClicked: panel.downloads.clearFinished()
            }
        }

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            ColumnLayout {
                objectName: "downloadsEmpty"
                visible: panel.downloadCount === 0
                anchors.centerIn: parent
                width: Math.min(parent.width - 32, 380)
                spacing: 10
                Rectangle {
                    Layout.alignment: Qt.AlignHCenter
                    width: 56; height: 56; radius: 28
                    color: Theme.surfaceRaised
                    Image {
                        anchors.centerIn: parent
                        source: "qrc:/Hearth/icons/downloads-arrow.svg"
                        sourceSize: Qt.size(26, 26)
                    }
                }
                Label {
                    text: qsTr("No downloads yet")
                    color: Theme.text
                    font.pixelSize: Theme.fontLarge
                    font.weight: Font.DemiBold
                    horizontalAlignment: Text.AlignHCenter
                    Layout.fillWidth: true
                }
                Label {
                    text: qsTr("Models you download from Hugging Face show up here with their progress. "
                               + "Unfinished downloads continue when Hearth starts again.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontBody
                    horizontalAlignment: Text.AlignHCenter
                    wrapMode: Text.WordWrap
                    Layout.fillWidth: true
                }
            }

            ListView {
                id: list
                objectName: "downloadsList"
                visible: panel.downloadCount > 0
                anchors.fill: parent
                clip: true
                spacing: 8
                model: panel.downloads
                boundsBehavior: Flickable.StopAtBounds
                ScrollBar.vertical: ScrollBar {}
                Accessible.name: qsTr("Downloads")
                delegate: DownloadItem {
                    width: Math.max(0, list.width - 12)
                    x: 4
                    downloads: panel.downloads
                    onChatRequested: panel.chatRequested()
                }
            }
        }
    }
}
