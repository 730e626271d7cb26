import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// The text of one answer: Markdown blocks (headings, lists, tables, links,
// inline code) and fenced code blocks with a language label, a copy button
// and syntax colours. While it streams only the last block changes.
ColumnLayout {
    id: message
    property string markdown

    spacing: 8

    Repeater {
        model: MessageBlocksModel { text: message.markdown }
        delegate: Loader {
            required property string kind
            required property string text
            required property string displayText
            required property string language
            required property bool closed
            Layout.fillWidth: true
            sourceComponent: kind === "code" ? codeBlock : markdownBlock
        }
    }

    Component {
        id: markdownBlock
        TextEdit {
            id: body
            objectName: "markdownBlock"
            textFormat: TextEdit.MarkdownText
            text: parent ? parent.displayText : ""
            readOnly: true
            selectByMouse: true
            wrapMode: TextEdit.Wrap
            color: Theme.text
            selectionColor: Theme.accent
            selectedTextColor: Theme.textOnAccent
            font.pixelSize: Theme.fontBody
            onLinkActivated: (link) => Qt.openUrlExternally(link)
            Accessible.role: Accessible.StaticText
            Accessible.name: body.getText(0, Math.min(body.length, 200))
            HoverHandler {
                cursorShape: body.hoveredLink.length > 0 ? Qt.PointingHandCursor : Qt.IBeamCursor
            }
        }
    }

    Component {
        id: codeBlock
        CodeBlock {
            code: parent ? parent.text : ""
            language: parent ? parent.language : ""
        }
    }
}
