import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One download in the Downloads panel: what it is, a progress bar, bytes /
// speed / time left, and the actions its state allows (pause, resume,
// cancel, retry; once finished load, new chat, show in folder).
Rectangle {
    id: item
    required property int index
    required property int downloadId
    required property string name
    required property string repo
    required property string quant
    required property string downloadState
    required property double progress
    required property string bytesText
    required property string speedText
    required property string etaText
    required property string statusText
    required property string error
    required property string path
    required property url folderUrl

    property var downloads
    signal chatRequested()

    readonly property bool going: downloadState === "queued" || downloadState === "preparing"
                                  || downloadState === "running" || downloadState === "waiting"
    readonly property bool paused: downloadState === "paused"
    readonly property bool failed: downloadState === "failed"
    readonly property bool completed: downloadState === "completed"
    readonly property bool cancelled: downloadState === "cancelled"

    objectName: "download_" + index
    implicitHeight: content.implicitHeight + 2 * 14
    radius: Theme.radiusLarge
    color: Theme.surface
    border.color: failed ? Theme.danger : Theme.border
    Accessible.role: Accessible.ListItem
    Accessible.name: name + ", " + statusText

    // Anchored at the top only: the card's height follows the layout's,
    // never the other way round (a wrapped error would loop otherwise).
    RowLayout {
        id: content
        anchors.left: parent.left
        anchors.right: parent.right
        anchors.top: parent.top
        anchors.margins: 14
        spacing: 12

        Rectangle {
            Layout.alignment: Qt.AlignTop
            width: 36; height: 36; radius: 18
            color: Theme.surfaceRaised
            Image {
                anchors.centerIn: parent
                source: item.completed ? "qrc:/Hearth/icons/check.svg" : "qrc:/Hearth/icons/downloads-arrow.svg"
                sourceSize: Qt.size(18, 18)
                opacity: item.cancelled ? 0.5 : 1.0
            }
        }

        ColumnLayout {
            Layout.fillWidth: true
            Layout.preferredWidth: 100 // the text's natural width must not drive the row
            spacing: 4

            // The name, elided only when it really does not fit, then the quant.
            Item {
                Layout.fillWidth: true
                implicitHeight: nameLabel.implicitHeight
                Label {
                    id: nameLabel
                    objectName: "downloadName"
                    width: Math.min(implicitWidth, parent.width - (badge.visible ? badge.width + 8 : 0))
                    text: item.name
                    color: item.cancelled ? Theme.textMuted : Theme.text
                    font.pixelSize: Theme.fontBody + 1
                    font.weight: Font.DemiBold
                    elide: Text.ElideMiddle
                }
                Rectangle {
                    id: badge
                    visible: item.quant.length > 0
                    x: nameLabel.width + 8
                    anchors.verticalCenter: nameLabel.verticalCenter
                    implicitWidth: quantLabel.implicitWidth + 12
                    implicitHeight: quantLabel.implicitHeight + 4
                    radius: 4
                    color: Theme.surfaceRaised
                    Label {
                        id: quantLabel
                        anchors.centerIn: parent
                        text: item.quant
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall - 1
                        font.weight: Font.DemiBold
                    }
                }
            }
            Label {
                text: item.repo
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                elide: Text.ElideRight
                Layout.fillWidth: true
            }

            // The bar: filled to the fraction done; a sliding segment while
            // the size is not known yet.
            Rectangle {
                id: track
                objectName: "downloadProgress"
                visible: item.going || item.paused
                Layout.fillWidth: true
                Layout.topMargin: 4
                implicitHeight: 6
                radius: 3
                color: Theme.surfaceRaised
                clip: true
                Accessible.role: Accessible.ProgressBar
                Accessible.name: qsTr("Download progress")
                Rectangle {
                    visible: item.progress >= 0
                    height: parent.height
                    radius: 3
                    width: parent.width * Math.max(0, Math.min(1, item.progress))
                    color: item.paused ? Theme.textMuted : item.downloadState === "waiting" ? "#c08a1e" : Theme.accent
                    Behavior on width { NumberAnimation { duration: 120 } }
                }
                Rectangle {
                    id: sweep
                    visible: item.progress < 0 && item.going
                    height: parent.height
                    radius: 3
                    width: parent.width * 0.25
                    color: Theme.accent
                    opacity: 0.7
                    NumberAnimation on x {
                        running: sweep.visible
                        loops: Animation.Infinite
                        from: -sweep.width
                        to: track.width
                        duration: 1400
                    }
                }
            }

            Label {
                objectName: "downloadStatus"
                text: item.statusText
                color: item.failed ? Theme.danger : item.completed ? Theme.success : Theme.textMuted
                font.pixelSize: Theme.fontSmall
                wrapMode: Text.Wrap
                Layout.fillWidth: true
                Layout.preferredWidth: 100
            }
        }

        // Actions, by state.
        RowLayout {
            Layout.alignment: Qt.AlignVCenter
            spacing: 4

            IconButton {
                objectName: "pauseDownload"
                visible: item.going
                iconSource: "qrc:/Hearth/icons/downloads-pause.svg"
                tip: qsTr("Pause")
                onClicked: item.downloads.pause(item.downloadId)
            }
            IconButton {
                objectName: "resumeDownload"
                visible: item.paused
                iconSource: "qrc:/Hearth/icons/downloads-play.svg"
                tip: qsTr("Resume")
                onClicked: item.downloads.resume(item.downloadId)
            }
            AccentButton {
                objectName: "retryDownload"
                visible: item.failed || item.cancelled
                quiet: true
                text: item.failed ? qsTr("Retry") : qsTr("Download again")
                onClicked: item.downloads.retry(item.downloadId)
            }
            AccentButton {
                objectName: "loadDownload"
                visible: item.completed
                text: qsTr("Load")
                onClicked: { item.downloads.load(item.downloadId); item.chatRequested() }
            }
            AccentButton {
                objectName: "newChatDownload"
                visible: item.completed
                quiet: true
                text: qsTr("New chat")
                onClicked: { item.downloads.newChat(item.downloadId); item.chatRequested() }
            }
            IconButton {
                objectName: "showDownloadFolder"
                visible: item.completed
                iconSource: "qrc:/Hearth/icons/folder.svg"
                tip: qsTr("Show in folder")
                onClicked: Qt.openUrlExternally(item.folderUrl)
            }
            IconButton {
                objectName: "cancelDownload"
                visible: item.going || item.paused
                iconSource: "qrc:/Hearth/icons/close.svg"
                tip: qsTr("Cancel download")
                onClicked: item.downloads.cancel(item.downloadId)
            }
            IconButton {
                objectName: "removeDownload"
                visible: item.completed || item.failed || item.cancelled
                iconSource: "qrc:/Hearth/icons/trash.svg"
                tip: item.completed ? qsTr("Remove from list (keeps the model)") : qsTr("Remove from list")
                onClicked: item.downloads.remove(item.downloadId)
            }
        }
    }
}
