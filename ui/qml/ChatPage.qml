import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The chat area: messages, the composer, inline errors, and the chat's
// settings panel on the right.
Item {
    id: page
    property bool settingsOpen: false
    signal browseModels()

    readonly property var conversation: App.conversation
    readonly property bool empty: conversation.messages.count === 0

    function focusComposer() { input.forceActiveFocus() }
    function sendMessage() {
        if (input.text.trim().length === 0 || conversation.generating)
            return
        conversation.send(input.text)
        input.text = ""
        messageList.followBottom = true
    }

    RowLayout {
        anchors.fill: parent
        spacing: 0

        Item {
            Layout.fillWidth: true
            Layout.fillHeight: true

            // No model yet and nothing to show: say how to start.
            EmptyState {
                visible: page.empty && !App.models.hasModel && !App.models.loading
                anchors.fill: parent
                anchors.bottomMargin: composer.height + 24
                iconSource: "qrc:/resources/hearth.svg"
                heading: App.models.count > 0 ? qsTr("Choose a model to start")
                                              : qsTr("Chat privately with open models")
                body: App.models.count > 0
                      ? qsTr("Pick one of your models at the top of the window. It loads onto your GPU; "
                             + "nothing you type leaves this computer.")
                      : qsTr("Everything runs on your own computer: nothing you type leaves it. "
                             + "Add a model to your library to start a conversation.")
                actionText: App.models.count > 0 ? "" : qsTr("Get a model")
                onActionTriggered: page.browseModels()
            }
            EmptyState {
                visible: page.empty && (App.models.hasModel || App.models.loading)
                anchors.fill: parent
                anchors.bottomMargin: composer.height + 24
                iconSource: "qrc:/resources/hearth.svg"
                heading: qsTr("What can I help with?")
                body: App.models.loading ? qsTr("Loading %1…").arg(App.models.loadingName)
                                         : qsTr("You are chatting with %1.").arg(App.models.loadedName)
            }

            ListView {
                id: messageList
                objectName: "messageList"
                property bool followBottom: true

                anchors.top: parent.top
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.bottom: banners.top
                visible: !page.empty
                clip: true
                model: page.conversation.messages
                spacing: 4
                topMargin: 12
                bottomMargin: 12
                boundsBehavior: Flickable.StopAtBounds
                reuseItems: true
                cacheBuffer: 1200
                ScrollBar.vertical: ScrollBar { policy: ScrollBar.AsNeeded }
                Accessible.name: qsTr("Messages")

                delegate: MessageDelegate {
                    isLast: index === messageList.count - 1
                }

                // Follows new text while the user is at the bottom; scrolling
                // up to read (wheel, drag or scroll bar) pauses it until they
                // come back down. Moves made while a chat's rows are first
                // laid out are not the user's.
                property bool autoScrolling: false
                property real lastContentY: 0
                function scrollToEnd() {
                    autoScrolling = true
                    positionViewAtEnd()
                    autoScrolling = false
                }
                onContentYChanged: {
                    if (!autoScrolling && !settling.running) {
                        if (atYEnd)
                            followBottom = true
                        else if (contentY < lastContentY - 1)
                            followBottom = false
                    }
                    lastContentY = contentY
                }
                onContentHeightChanged: if (followBottom) Qt.callLater(scrollToEnd)
                onCountChanged: if (followBottom) Qt.callLater(scrollToEnd)
                Timer {
                    id: settling
                    interval: 300
                    onTriggered: if (messageList.followBottom) messageList.scrollToEnd()
                }
                Connections {
                    target: page.conversation
                    function onChatChanged() {
                        messageList.followBottom = true
                        settling.restart()
                        Qt.callLater(messageList.scrollToEnd)
                    }
                }
                Connections {
                    target: page.conversation.messages
                    function onModelReset() {
                        settling.restart()
                        if (messageList.followBottom)
                            Qt.callLater(messageList.scrollToEnd)
                    }
                }
            }

            // Jump back to the newest text.
            IconButton {
                visible: !messageList.followBottom && !page.empty
                anchors.horizontalCenter: messageList.horizontalCenter
                anchors.bottom: messageList.bottom
                anchors.bottomMargin: 12
                iconSource: "qrc:/Hearth/icons/chevron-down.svg"
                tip: qsTr("Scroll to the newest message")
                background: Rectangle { radius: 14; color: Theme.surface; border.color: Theme.border }
                onClicked: { messageList.followBottom = true; messageList.scrollToEnd() }
            }

            ColumnLayout {
                id: banners
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.bottom: composer.top
                anchors.leftMargin: 24
                anchors.rightMargin: 24
                anchors.bottomMargin: 8
                spacing: 6

                // The open chat's model is not the loaded one: offer to load it.
                ChatModelOffer {
                    id: modelOffer
                    conversation: App.conversation
                    models: App.models
                }
                Banner {
                    objectName: "chatModelOffer"
                    Layout.fillWidth: true
                    visible: modelOffer.visible
                    text: modelOffer.text
                    actionText: modelOffer.canLoad ? qsTr("Load") : qsTr("OK")
                    onAction: modelOffer.canLoad ? modelOffer.load() : modelOffer.dismiss()
                }
                Banner {
                    objectName: "noticeBanner"
                    Layout.fillWidth: true
                    visible: page.conversation.noticeText.length > 0
                    text: page.conversation.noticeText
                    actionText: qsTr("OK")
                    onAction: page.conversation.clearNotice()
                }
                NoTemplateNotice { Layout.fillWidth: true }
                Banner {
                    objectName: "loadErrorBanner"
                    Layout.fillWidth: true
                    visible: App.models.loadError.length > 0
                    danger: true
                    text: App.models.loadError
                    actionText: qsTr("Retry")
                    onAction: App.models.retryLoad()
                    onDismissed: App.models.clearLoadError()
                }
                Banner {
                    objectName: "chatErrorBanner"
                    Layout.fillWidth: true
                    visible: page.conversation.errorText.length > 0
                    danger: true
                    text: page.conversation.errorText
                    actionText: page.empty || !page.conversation.retryable ? "" : qsTr("Retry")
                    onAction: page.conversation.retry()
                    onDismissed: page.conversation.clearError()
                }
                Banner {
                    Layout.fillWidth: true
                    visible: App.models.loading
                    // At 100% the weights are on the GPU and the engine builds its kernels.
                    text: App.models.loadProgress >= 1 ? qsTr("Preparing %1 for this GPU…").arg(App.models.loadingName)
                        : qsTr("Loading %1… %2%").arg(App.models.loadingName)
                                                 .arg(Math.round(App.models.loadProgress * 100))
                    progress: App.models.loadProgress
                    actionText: qsTr("Cancel")
                    onAction: App.models.cancelLoad()
                }
            }

            Rectangle {
                id: composer
                anchors.left: parent.left
                anchors.right: parent.right
                anchors.bottom: parent.bottom
                anchors.margins: 24
                anchors.topMargin: 0
                height: Math.min(Math.max(input.implicitHeight + 20, 56), 240)
                radius: Theme.radiusLarge
                color: Theme.surface
                border.color: input.activeFocus ? Theme.accent : Theme.border

                RowLayout {
                    anchors.fill: parent
                    anchors.leftMargin: 14
                    anchors.rightMargin: 10
                    spacing: 8

                    ScrollView {
                        Layout.fillWidth: true
                        Layout.fillHeight: true
                        TextArea {
                            id: input
                            objectName: "composer"
                            placeholderText: App.models.hasModel ? qsTr("Message %1").arg(App.models.loadedName)
                                                                 : qsTr("Choose a model to send a message")
                            placeholderTextColor: Theme.textMuted
                            color: Theme.text
                            font.pixelSize: Theme.fontBody
                            wrapMode: TextEdit.Wrap
                            verticalAlignment: TextEdit.AlignVCenter
                            background: null
                            Accessible.name: qsTr("Message")
                            // Enter sends, Shift+Enter starts a new line.
                            Keys.onReturnPressed: (event) => {
                                if (event.modifiers & Qt.ShiftModifier) { event.accepted = false; return }
                                page.sendMessage()
                            }
                            Keys.onEnterPressed: (event) => {
                                if (event.modifiers & Qt.ShiftModifier) { event.accepted = false; return }
                                page.sendMessage()
                            }
                        }
                    }
                    ContextGauge {
                        objectName: "contextGauge"
                        visible: size > 0 && !page.empty
                        Layout.alignment: Qt.AlignBottom
                        Layout.bottomMargin: 20
                    }
                    Button {
                        id: sendButton
                        objectName: page.conversation.generating ? "stopButton" : "sendButton"
                        Layout.alignment: Qt.AlignBottom
                        Layout.bottomMargin: 10
                        enabled: page.conversation.generating
                                 || (input.text.trim().length > 0 && App.models.hasModel)
                        Accessible.name: page.conversation.generating ? qsTr("Stop generating") : qsTr("Send message")
                        ThemedToolTip {
                            visible: sendButton.hovered
                            text: page.conversation.generating ? qsTr("Stop (Esc)") : qsTr("Send (Enter)")
                        }
                        onClicked: page.conversation.generating ? page.conversation.stop() : page.sendMessage()
                        contentItem: Item {
                            Image {
                                anchors.centerIn: parent
                                source: page.conversation.generating ? "qrc:/Hearth/icons/stop.svg"
                                                                     : "qrc:/Hearth/icons/send.svg"
                                sourceSize: Qt.size(18, 18)
                            }
                        }
                        background: Rectangle {
                            implicitWidth: 36
                            implicitHeight: 36
                            radius: 18
                            color: sendButton.hovered ? Theme.accentHover : Theme.accent
                            opacity: sendButton.enabled ? 1.0 : 0.4
                        }
                    }
                }
            }
        }

        Rectangle {
            visible: page.settingsOpen
            Layout.fillHeight: true
            width: 1
            color: Theme.border
        }
        ChatSettingsPanel {
            visible: page.settingsOpen
            Layout.fillHeight: true
            Layout.preferredWidth: 300
            onCloseRequested: page.settingsOpen = false
        }
    }

    Shortcut {
        sequence: "Esc"
        enabled: page.conversation.generating
        onActivated: page.conversation.stop()
    }
}
