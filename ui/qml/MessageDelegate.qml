import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// One message of the chat: the user's on the right in a bubble, the
// model's across the width with its thinking, stats and actions.
Item {
    id: delegate
    required property int index
    required property var messageId
    required property string role
    required property string content
    required property string reasoning
    required property bool streaming
    required property string finishReason
    required property string error
    required property string stats
    required property int siblingIndex
    required property int siblingCount
    required property double thinkingMs
    required property string model
    required property string modelLabel
    required property string settingsDetails

    property bool isUser: role === "user"
    property bool editing: false
    property bool isLast: false
    readonly property int contentWidth: Math.min(width - 48, 820)

    signal copyRequested(string text)

    width: ListView.view ? ListView.view.width : 400
    implicitHeight: column.implicitHeight + 12
    objectName: "message_" + index

    HoverHandler { id: hover }

    ColumnLayout {
        id: column
        x: (delegate.width - delegate.contentWidth) / 2
        y: 6
        width: delegate.contentWidth
        spacing: 6

        // The user's message (or its editor).
        Rectangle {
            visible: delegate.isUser
            Layout.alignment: Qt.AlignRight
            Layout.maximumWidth: delegate.contentWidth * 0.85
            Layout.preferredWidth: delegate.editing ? delegate.contentWidth * 0.85
                                                    : userText.width + 28
            implicitHeight: (delegate.editing ? editor.implicitHeight + editActions.implicitHeight + 12
                                              : userText.implicitHeight) + 20
            radius: Theme.radiusLarge
            color: Theme.surfaceRaised
            border.color: delegate.editing ? Theme.accent : "transparent"

            // The bubble fits the longest line, up to 85 % of the column. That
            // width comes from an unwrapped copy: a wrapped Text whose width
            // reads its own implicitWidth loops while the window resizes.
            Text {
                id: naturalWidth
                visible: false
                text: delegate.content
                textFormat: Text.PlainText
                font: userText.font
            }
            Text {
                id: userText
                objectName: "userText"
                visible: !delegate.editing
                x: 14; y: 10
                width: Math.min(Math.ceil(naturalWidth.implicitWidth), delegate.contentWidth * 0.85 - 28)
                text: delegate.content
                textFormat: Text.PlainText
                wrapMode: Text.Wrap
                color: Theme.text
                font.pixelSize: Theme.fontBody
                Accessible.role: Accessible.StaticText
                Accessible.name: qsTr("You said: %1").arg(delegate.content)
            }
            ColumnLayout {
                visible: delegate.editing
                x: 10; y: 10
                width: parent.width - 20
                TextArea {
                    id: editor
                    objectName: "editField"
                    Layout.fillWidth: true
                    wrapMode: TextEdit.Wrap
                    color: Theme.text
                    font.pixelSize: Theme.fontBody
                    background: null
                    Accessible.name: qsTr("Edit message")
                    Keys.onReturnPressed: (event) => {
                        if (event.modifiers & Qt.ShiftModifier) { event.accepted = false; return }
                        editActions.save()
                    }
                    Keys.onEscapePressed: delegate.editing = false
                }
                RowLayout {
                    id: editActions
                    function save() {
                        delegate.editing = false
                        App.conversation.editAndResend(delegate.messageId, editor.text)
                    }
                    Layout.alignment: Qt.AlignRight
                    AccentButton { text: qsTr("Cancel"); quiet: true; onClicked: delegate.editing = false }
                    AccentButton { objectName: "saveEdit"; text: qsTr("Send"); onClicked: editActions.save() }
                }
            }
        }

        // The model's thinking, folded by default once the answer starts.
        ThinkingBlock {
            visible: !delegate.isUser && delegate.reasoning.length > 0
            Layout.fillWidth: true
            text: delegate.reasoning
            live: delegate.streaming && delegate.content.length === 0
            durationMs: delegate.thinkingMs
        }

        MessageText {
            visible: !delegate.isUser && delegate.content.length > 0
            Layout.fillWidth: true
            markdown: delegate.content
        }

        // Waiting for the first token.
        Row {
            visible: !delegate.isUser && delegate.streaming && delegate.content.length === 0
                     && delegate.reasoning.length === 0
            spacing: 5
            Repeater {
                model: 3
                Rectangle {
                    required property int index
                    width: 7; height: 7; radius: 3.5
                    color: Theme.textMuted
                    SequentialAnimation on opacity {
                        loops: Animation.Infinite
                        PauseAnimation { duration: index * 150 }
                        NumberAnimation { from: 0.25; to: 1; duration: 350 }
                        NumberAnimation { from: 1; to: 0.25; duration: 350 }
                    }
                }
            }
        }

        Label {
            visible: !delegate.isUser && !delegate.streaming && delegate.finishReason === "cancelled"
            text: qsTr("Stopped")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.italic: true
        }
        // A length stop is the context filling up unless the chat caps its answers.
        Label {
            objectName: "lengthStopLabel"
            visible: !delegate.isUser && !delegate.streaming && delegate.finishReason === "length"
            text: App.conversation.sampling.maxTokens >= 0
                  ? qsTr("Stopped at the length limit. Use Continue to go on.")
                  : qsTr("Stopped: context full. Use Continue to go on.")
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
            font.italic: true
        }
        // Red only for an answer that broke off; one that never started
        // says why in the banner below the messages.
        readonly property bool brokeOff: delegate.error.length > 0 || delegate.content.length > 0
                                         || delegate.reasoning.length > 0
        Label {
            objectName: "errorLabel"
            visible: !delegate.isUser && !delegate.streaming && delegate.finishReason === "error"
            Layout.fillWidth: true
            text: delegate.error.length > 0 ? delegate.error
                  : column.brokeOff ? qsTr("This answer was cut off.") : qsTr("No answer.")
            color: column.brokeOff ? Theme.danger : Theme.textMuted
            font.italic: !column.brokeOff
            wrapMode: Text.Wrap
            font.pixelSize: Theme.fontSmall
        }

        // Alternatives, stats and actions.
        RowLayout {
            Layout.alignment: delegate.isUser ? Qt.AlignRight : Qt.AlignLeft
            spacing: 2
            visible: !delegate.editing && !delegate.streaming
            // The model's actions stay in view; the user's show on hover.
            opacity: !delegate.isUser || hover.hovered || delegate.siblingCount > 1 ? 1.0 : 0.0

            IconButton {
                visible: delegate.siblingCount > 1
                objectName: "previousAlternative"
                iconSource: "qrc:/Hearth/icons/chevron-left.svg"
                tip: qsTr("Previous version")
                enabled: delegate.siblingIndex > 1 && !App.conversation.generating
                onClicked: App.conversation.switchAlternative(delegate.messageId, -1)
            }
            Label {
                visible: delegate.siblingCount > 1
                objectName: "alternativeLabel"
                text: delegate.siblingIndex + "/" + delegate.siblingCount
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                Accessible.name: qsTr("Version %1 of %2").arg(delegate.siblingIndex).arg(delegate.siblingCount)
            }
            IconButton {
                visible: delegate.siblingCount > 1
                objectName: "nextAlternative"
                iconSource: "qrc:/Hearth/icons/chevron-right.svg"
                tip: qsTr("Next version")
                enabled: delegate.siblingIndex < delegate.siblingCount && !App.conversation.generating
                onClicked: App.conversation.switchAlternative(delegate.messageId, 1)
            }
            IconButton {
                iconSource: "qrc:/Hearth/icons/copy.svg"
                tip: qsTr("Copy")
                onClicked: App.copyText(delegate.content)
            }
            IconButton {
                visible: delegate.isUser
                objectName: "editMessage"
                iconSource: "qrc:/Hearth/icons/edit.svg"
                tip: qsTr("Edit and resend")
                enabled: !App.conversation.generating
                onClicked: { editor.text = delegate.content; delegate.editing = true; editor.forceActiveFocus() }
            }
            IconButton {
                visible: !delegate.isUser
                objectName: "regenerate"
                iconSource: "qrc:/Hearth/icons/refresh.svg"
                tip: qsTr("Regenerate")
                enabled: !App.conversation.generating
                onClicked: App.conversation.regenerate(delegate.messageId)
            }
            IconButton {
                visible: !delegate.isUser && delegate.finishReason !== "stop"
                objectName: "continueAnswer"
                iconSource: "qrc:/Hearth/icons/continue.svg"
                tip: qsTr("Continue")
                enabled: !App.conversation.generating
                onClicked: App.conversation.continueAnswer(delegate.messageId)
            }
            IconButton {
                objectName: "deleteMessage"
                iconSource: "qrc:/Hearth/icons/trash.svg"
                tip: qsTr("Delete")
                enabled: !App.conversation.generating
                onClicked: App.conversation.deleteMessage(delegate.messageId)
            }
            Label {
                visible: !delegate.isUser && delegate.stats.length > 0
                Layout.leftMargin: 8
                text: delegate.stats
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
            }
        }

        // Which model wrote this answer (this version of it) and how.
        Label {
            objectName: "answerModelLabel"
            visible: !delegate.isUser && delegate.modelLabel.length > 0
            Layout.fillWidth: true
            text: delegate.modelLabel
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall - 1
            elide: Text.ElideRight
            Accessible.name: qsTr("Written by %1").arg(delegate.modelLabel)
            HoverHandler { id: modelLabelHover }
            ThemedToolTip {
                visible: modelLabelHover.hovered && delegate.settingsDetails.length > 0
                text: delegate.settingsDetails
                delay: 400
            }
        }
    }
}
