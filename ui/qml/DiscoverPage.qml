import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Discover: search GGUF models on Hugging Face (or browse the curated
// list when the box is empty), then open one to see its card and files.
// The view models come from outside (App.discover, App.modelDetails);
// downloads are passed on through downloadRequested.
Item {
    id: page
    required property DiscoverModel discover
    required property ModelDetailsModel details
    readonly property bool showingDetails: stack.currentIndex === 1

    signal downloadRequested(string repo, string fileName)
    signal modelOpened(string repoId)

    function openModel(repoId) {
        page.details.open(repoId)
        stack.currentIndex = 1
        page.modelOpened(repoId)
    }
    function showList() {
        stack.currentIndex = 0
        search.forceActiveFocus()
    }
    function focusSearch() { search.forceActiveFocus() }

    readonly property int contentWidth: Math.min(width - 48, 860)
    readonly property int sideMargin: Math.max(24, (width - 860) / 2)
    readonly property string status: discover.status
    property string dismissedMessage // an error the user closed stays closed

    Accessible.role: Accessible.Pane
    Accessible.name: qsTr("Discover models")

    StackLayout {
        id: stack
        anchors.fill: parent
        currentIndex: 0

        ColumnLayout {
            id: listPane
            spacing: 10

            ColumnLayout {
                Layout.leftMargin: page.sideMargin
                Layout.rightMargin: page.sideMargin
                Layout.topMargin: 20
                spacing: 10

                RowLayout {
                    Layout.fillWidth: true
                    spacing: 10
                    TextField {
                        id: search
                        objectName: "discoverSearch"
                        Layout.fillWidth: true
                        focus: true
                        leftPadding: 36
                        rightPadding: 36
                        placeholderText: qsTr("Search GGUF models on Hugging Face")
                        color: Theme.text
                        placeholderTextColor: Theme.textMuted
                        font.pixelSize: Theme.fontBody
                        selectByMouse: true
                        text: page.discover.query
                        Accessible.name: qsTr("Search models")
                        onTextEdited: page.discover.query = text
                        Keys.onEscapePressed: page.discover.query = ""
                        Keys.onDownPressed: { results.forceActiveFocus(); results.currentIndex = 0 }
                        background: Rectangle {
                            implicitHeight: 40
                            radius: Theme.radius
                            color: Theme.surface
                            border.color: search.activeFocus ? Theme.accent : Theme.border
                            Image {
                                anchors.left: parent.left
                                anchors.leftMargin: 12
                                anchors.verticalCenter: parent.verticalCenter
                                source: "qrc:/Hearth/icons/search.svg"
                                sourceSize: Qt.size(16, 16)
                            }
                        }
                        BusyIndicator {
                            objectName: "discoverBusy"
                            anchors.right: parent.right
                            anchors.rightMargin: 6
                            anchors.verticalCenter: parent.verticalCenter
                            height: parent.height - 10
                            width: height
                            running: page.status === "loading" && !page.discover.loadingMore
                            visible: running
                        }
                    }
                    ThemedComboBox {
                        id: sortBox
                        objectName: "discoverSort"
                        enabled: !page.discover.showingCurated
                        textRole: "text"
                        valueRole: "value"
                        Layout.preferredWidth: 190
                        model: [
                            { text: qsTr("Most downloaded"), value: "downloads" },
                            { text: qsTr("Most liked"), value: "likes" },
                            { text: qsTr("Recently updated"), value: "recent" }
                        ]
                        currentIndex: Math.max(0, ["downloads", "likes", "recent"].indexOf(page.discover.sort))
                        onActivated: page.discover.sort = currentValue
                        Accessible.name: qsTr("Sort results")
                        opacity: enabled ? 1.0 : 0.5
                        implicitHeight: 40
                    }
                }

                Banner {
                    objectName: "discoverProblem"
                    visible: (page.status === "offline" || page.status === "error")
                             && page.discover.message !== page.dismissedMessage
                    Layout.fillWidth: true
                    danger: page.status === "error"
                    // The client's sentence already says Hugging Face can't be reached (and why).
                    text: page.status === "offline" ? qsTr("%1 Hearth keeps trying.").arg(page.discover.message)
                                                    : page.discover.message
                    actionText: qsTr("Try again")
                    onAction: page.discover.retry()
                    onDismissed: page.dismissedMessage = page.discover.message
                }

                Label {
                    objectName: "discoverListTitle"
                    Layout.fillWidth: true
                    text: page.discover.showingOfflineCurated ? qsTr("Popular models (offline)")
                          : page.discover.showingCurated ? qsTr("Popular open-weight models")
                          : page.discover.searchedText.length > 0
                            ? qsTr("Results for “%1”").arg(page.discover.searchedText) : ""
                    color: Theme.textMuted
                    font.pixelSize: Theme.fontSmall
                    font.weight: Font.DemiBold
                    Accessible.role: Accessible.Heading
                    Accessible.name: text
                }
            }

            Item {
                Layout.fillWidth: true
                Layout.fillHeight: true

                ListView {
                    id: results
                    objectName: "discoverResults"
                    anchors.fill: parent
                    clip: true
                    spacing: 8
                    model: page.discover
                    keyNavigationEnabled: true
                    opacity: page.status === "loading" && !page.discover.loadingMore ? 0.55 : 1.0
                    ScrollBar.vertical: ScrollBar {}
                    Accessible.role: Accessible.List
                    Accessible.name: qsTr("Models")
                    // Near the end of the list the next page comes by itself.
                    onAtYEndChanged: if (atYEnd && page.discover.canLoadMore && page.status === "idle")
                                         page.discover.loadMore()

                    delegate: DiscoverResultCard {
                        required property int index
                        required repoId
                        required author
                        required name
                        required family
                        required description
                        required downloadsText
                        required likesText
                        required updatedText
                        required license
                        required gated
                        objectName: "discoverResult_" + index
                        x: page.sideMargin
                        width: page.contentWidth
                        onClicked: page.openModel(repoId)
                    }

                    footer: Item {
                        width: results.width
                        height: page.discover.canLoadMore || page.discover.loadingMore ? 64 : 24
                        AccentButton {
                            objectName: "discoverLoadMore"
                            anchors.centerIn: parent
                            visible: page.discover.canLoadMore && !page.discover.loadingMore
                            quiet: true
                            text: qsTr("Load more")
                            onClicked: page.discover.loadMore()
                        }
                        BusyIndicator {
                            anchors.centerIn: parent
                            running: page.discover.loadingMore
                            visible: running
                        }
                    }
                }

                EmptyState {
                    objectName: "discoverEmpty"
                    anchors.fill: parent
                    visible: !page.discover.showingCurated && page.discover.count === 0 && page.status === "idle"
                    iconSource: "qrc:/Hearth/icons/search.svg"
                    heading: qsTr("No GGUF models match “%1”").arg(page.discover.searchedText)
                    body: qsTr("Try a family name such as Qwen, Llama or Gemma, or check the spelling. Only "
                               + "repositories with GGUF files are listed.")
                }

                EmptyState {
                    objectName: "discoverOffline"
                    anchors.fill: parent
                    visible: page.discover.count === 0 && (page.status === "offline" || page.status === "error")
                    iconSource: "qrc:/Hearth/icons/cloud-off.svg"
                    // Offline, the banner above says why; this says what is missing.
                    heading: page.status === "offline" ? qsTr("No popular model matches “%1”").arg(page.discover.query.trim())
                                                       : qsTr("The search failed")
                    body: page.status === "offline"
                          ? qsTr("Searching all of Hugging Face needs a connection; results appear here once it is back.")
                          : page.discover.message
                    actionText: qsTr("Try again")
                    onActionTriggered: page.discover.retry()
                }
            }
        }

        ModelDetailsPage {
            id: detailsPage
            objectName: "modelDetailsPage"
            details: page.details
            onBack: page.showList()
            onDownloadRequested: (repo, fileName) => page.downloadRequested(repo, fileName)
        }
    }
}
