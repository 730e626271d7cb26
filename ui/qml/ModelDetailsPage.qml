import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One Hugging Face model: its numbers, how to get access when it is gated,
// its GGUF files (one row per quant, split sets as one) with what fits this
// GPU and the file we suggest, and the model card.
Item {
    id: page
    required property ModelDetailsModel details
    readonly property string status: details.status

    signal downloadRequested(string repo, string fileName)
    signal back()

    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Model %1").arg(details.name)

    Shortcut {
        sequence: "Esc"
        enabled: page.visible
        onActivated: page.back()
    }

    function fitColor(fit) {
        switch (fit) {
        case "fits": return Theme.success
        case "short": return "#c08a1e"
        case "wont":
        case "unsupported": return Theme.danger
        }
        return Theme.textMuted
    }

    ScrollView {
        id: scroll
        anchors.fill: parent
        contentWidth: availableWidth
        clip: true

        ColumnLayout {
            id: content
            x: Math.max(24, (scroll.availableWidth - 860) / 2)
            width: Math.min(scroll.availableWidth - 48, 860)
            spacing: 14

            Item { Layout.preferredHeight: 6 }

            RowLayout {
                Layout.fillWidth: true
                spacing: 10
                IconButton {
                    objectName: "detailsBack"
                    iconSource: "qrc:/Hearth/icons/chevron-left.svg"
                    tip: qsTr("Back to Discover")
                    onClicked: page.back()
                }
                ColumnLayout {
                    Layout.fillWidth: true
                    spacing: 0
                    Label {
                        text: page.details.author
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                    }
                    Label {
                        objectName: "detailsTitle"
                        Layout.fillWidth: true
                        text: page.details.name
                        color: Theme.text
                        font.pixelSize: Theme.fontTitle
                        font.weight: Font.DemiBold
                        elide: Text.ElideRight
                        Accessible.role: Accessible.Heading
                        Accessible.name: text
                    }
                }
                AccentButton {
                    objectName: "openOnHub"
                    quiet: true
                    visible: page.details.hubUrl.length > 0
                    text: qsTr("Open on Hugging Face")
                    onClicked: openLink.openExternally(page.details.hubUrl)
                }
            }

            OpenLinkBanner {
                id: openLink
                objectName: "openLinkBanner"
                Layout.fillWidth: true
                Connections { // another model's page starts without it
                    target: page.details
                    function onRepoChanged() { openLink.visible = false }
                }
            }

            RowLayout {
                visible: page.status === "ready"
                spacing: 14
                HubStat {
                    iconSource: "qrc:/Hearth/icons/download.svg"
                    text: page.details.downloadsText
                    tip: qsTr("%1 downloads").arg(page.details.downloadsText)
                }
                HubStat {
                    iconSource: "qrc:/Hearth/icons/heart.svg"
                    text: page.details.likesText
                    tip: qsTr("%1 likes").arg(page.details.likesText)
                }
                HubStat {
                    iconSource: "qrc:/Hearth/icons/clock.svg"
                    text: page.details.updatedText.length > 0 ? qsTr("Updated %1").arg(page.details.updatedText) : ""
                }
                HubBadge { text: page.details.license }
                HubBadge { visible: page.details.gated; text: qsTr("Gated"); tint: "#c08a1e" }
            }

            BusyIndicator {
                objectName: "detailsBusy"
                Layout.alignment: Qt.AlignHCenter
                running: page.status === "loading"
                visible: running
            }

            Banner {
                objectName: "detailsProblem"
                visible: page.status === "offline" || page.status === "error"
                Layout.fillWidth: true
                danger: page.status === "error"
                text: page.status === "offline" ? qsTr("%1 Hearth keeps trying.").arg(page.details.message)
                                                : page.details.message
                actionText: qsTr("Try again")
                onAction: page.details.retry()
                onDismissed: page.back()
            }

            Rectangle {
                objectName: "detailsGated"
                visible: page.details.gatedText.length > 0
                Layout.fillWidth: true
                implicitHeight: gatedRow.implicitHeight + 20
                radius: Theme.radius
                color: Theme.surface
                border.color: "#c08a1e"
                Accessible.role: Accessible.AlertMessage
                Accessible.name: page.details.gatedText
                RowLayout {
                    id: gatedRow
                    anchors.fill: parent
                    anchors.margins: 10
                    anchors.leftMargin: 14
                    spacing: 10
                    Image {
                        source: "qrc:/Hearth/icons/lock.svg"
                        sourceSize: Qt.size(18, 18)
                        Layout.alignment: Qt.AlignTop
                    }
                    Label {
                        Layout.fillWidth: true
                        text: page.details.gatedText
                        color: Theme.text
                        wrapMode: Text.Wrap
                        font.pixelSize: Theme.fontBody - 1
                    }
                }
            }

            // The files, with what this GPU can run.
            ColumnLayout {
                visible: page.status === "ready"
                Layout.fillWidth: true
                spacing: 6
                Label {
                    text: qsTr("Files")
                    color: Theme.text
                    font.pixelSize: Theme.fontLarge
                    font.weight: Font.DemiBold
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                Label {
                    Layout.fillWidth: true
                    text: page.details.deviceMemoryText.length > 0
                          ? qsTr("Checked against this GPU's %1 of memory with a %2-token context.")
                            .arg(page.details.deviceMemoryText).arg(4096)
                          : qsTr("Hearth doesn't know this GPU's memory, so it can't tell which files fit.")
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    wrapMode: Text.Wrap
                }
                Label {
                    objectName: "detailsNoFiles"
                    visible: page.details.count === 0 && page.details.message.length > 0
                    Layout.fillWidth: true
                    text: page.details.message
                    color: Theme.textMuted
                    wrapMode: Text.Wrap
                }

                Repeater {
                    model: page.details
                    delegate: Rectangle {
                        id: fileRow
                        required property int index
                        required property string name
                        required property string fileName
                        required property string quant
                        required property string sizeText
                        required property int parts
                        required property string fit
                        required property string fitText
                        required property bool recommended
                        required property bool runnable

                        objectName: "fileRow_" + index
                        Layout.fillWidth: true
                        implicitHeight: fileLayout.implicitHeight + 20
                        radius: Theme.radius
                        color: recommended ? Theme.surfaceRaised : Theme.surface
                        border.color: recommended ? Theme.accent : Theme.border
                        border.width: recommended ? 2 : 1
                        Accessible.role: Accessible.ListItem
                        Accessible.name: fileName + ", " + sizeText + (fitText.length > 0 ? ", " + fitText : "")

                        RowLayout {
                            id: fileLayout
                            anchors.fill: parent
                            anchors.margins: 10
                            anchors.leftMargin: 14
                            spacing: 12
                            Rectangle {
                                width: 10; height: 10; radius: 5
                                color: page.fitColor(fileRow.fit)
                                Layout.alignment: Qt.AlignVCenter
                            }
                            ColumnLayout {
                                Layout.fillWidth: true
                                spacing: 2
                                RowLayout {
                                    spacing: 8
                                    Layout.fillWidth: true
                                    HubBadge { text: fileRow.quant; tint: Theme.text }
                                    Label {
                                        Layout.fillWidth: true
                                        text: fileRow.fileName
                                        color: fileRow.runnable ? Theme.text : Theme.textMuted
                                        font.pixelSize: Theme.fontBody
                                        elide: Text.ElideMiddle
                                    }
                                    HubBadge {
                                        objectName: "recommendedBadge"
                                        visible: fileRow.recommended
                                        text: qsTr("Recommended")
                                        tint: Theme.accent
                                        strong: true
                                    }
                                }
                                Label {
                                    visible: text.length > 0
                                    Layout.fillWidth: true
                                    text: fileRow.fitText
                                    color: page.fitColor(fileRow.fit)
                                    font.pixelSize: Theme.fontSmall
                                    wrapMode: Text.Wrap
                                }
                            }
                            Label {
                                text: fileRow.parts > 1 ? qsTr("%1 · %2 parts").arg(fileRow.sizeText).arg(fileRow.parts)
                                                        : fileRow.sizeText
                                color: Theme.textMuted
                                font.pixelSize: Theme.fontSmall
                            }
                            AccentButton {
                                objectName: "downloadFile_" + fileRow.index
                                text: qsTr("Download")
                                quiet: !fileRow.recommended
                                enabled: fileRow.runnable
                                opacity: enabled ? 1.0 : 0.45
                                Accessible.name: qsTr("Download %1").arg(fileRow.fileName)
                                onClicked: page.downloadRequested(page.details.repoId, fileRow.name)
                            }
                        }
                    }
                }
            }

            // The model card.
            ColumnLayout {
                visible: page.status === "ready"
                Layout.fillWidth: true
                spacing: 6
                Label {
                    Layout.topMargin: 8
                    text: qsTr("Model card")
                    color: Theme.text
                    font.pixelSize: Theme.fontLarge
                    font.weight: Font.DemiBold
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
                Rectangle {
                    Layout.fillWidth: true
                    implicitHeight: card.implicitHeight + 32
                    radius: Theme.radiusLarge
                    color: Theme.surface
                    border.color: Theme.border
                    MessageText {
                        id: card
                        objectName: "modelCard"
                        x: 16; y: 16
                        width: parent.width - 32
                        markdown: page.details.readme.length > 0 ? page.details.readme
                                                                 : qsTr("This repository has no model card.")
                    }
                }
            }

            Item { Layout.preferredHeight: 24 }
        }
    }
}
