import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// A fenced code block: language, copy button, monospace text with colours.
// Streaming appends to the text instead of replacing it, so a long block
// is not laid out again for every token.
Rectangle {
    id: block
    property string code
    property string language
    property bool copied: false
    // What the TextEdit holds, kept here: reading codeText.text rebuilds the
    // whole string from the document every time.
    property string shown

    implicitHeight: header.height + codeText.implicitHeight + 20
    radius: Theme.radius
    color: Theme.surfaceRaised
    border.color: Theme.border

    onCodeChanged: {
        if (block.code.startsWith(block.shown))
            codeText.insert(codeText.length, block.code.slice(block.shown.length))
        else
            codeText.text = block.code
        block.shown = block.code
    }
    Component.onCompleted: { codeText.text = block.code; block.shown = block.code }

    Rectangle {
        id: header
        width: parent.width
        height: 32
        color: "transparent"
        RowLayout {
            anchors.fill: parent
            anchors.leftMargin: 12
            anchors.rightMargin: 4
            Label {
                Layout.fillWidth: true
                text: block.language.length > 0 ? block.language : qsTr("code")
                color: Theme.textMuted
                font.pixelSize: Theme.fontSmall
                font.family: Theme.monoFamily
            }
            AbstractButton {
                id: copyButton
                objectName: "copyCode"
                implicitHeight: 26
                implicitWidth: copyRow.implicitWidth + 14
                hoverEnabled: true
                Accessible.role: Accessible.Button
                Accessible.name: qsTr("Copy code")
                onClicked: {
                    App.copyText(block.code)
                    block.copied = true
                    copiedTimer.restart()
                }
                background: Rectangle {
                    radius: 6
                    color: copyButton.hovered ? Theme.hover : "transparent"
                }
                contentItem: RowLayout {
                    id: copyRow
                    spacing: 4
                    Image {
                        source: block.copied ? "qrc:/Hearth/icons/check.svg" : "qrc:/Hearth/icons/copy.svg"
                        sourceSize: Qt.size(14, 14)
                    }
                    Label {
                        text: block.copied ? qsTr("Copied") : qsTr("Copy")
                        color: Theme.textMuted
                        font.pixelSize: Theme.fontSmall
                    }
                }
                Timer { id: copiedTimer; interval: 1500; onTriggered: block.copied = false }
            }
        }
        Rectangle { anchors.bottom: parent.bottom; width: parent.width; height: 1; color: Theme.border }
    }

    TextEdit {
        id: codeText
        x: 12
        y: header.height + 10
        width: parent.width - 24
        textFormat: TextEdit.PlainText
        readOnly: true
        selectByMouse: true
        wrapMode: TextEdit.WrapAnywhere
        color: Theme.text
        selectionColor: Theme.accent
        selectedTextColor: Theme.textOnAccent
        font.family: Theme.monoFamily
        font.pixelSize: Theme.fontBody - 1
        Accessible.role: Accessible.StaticText
        Accessible.name: qsTr("Code: %1").arg(block.code.slice(0, 200))
    }
    CodeHighlighter {
        document: codeText.textDocument
        language: block.language
        dark: Theme.dark
    }
}
