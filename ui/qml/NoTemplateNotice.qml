import QtQuick
import QtQuick.Controls
import QtQuick.Layouts
import Hearth

// Above the composer while the loaded model has no chat template of its own
// and the chat is not a text completion: says which format Hearth guessed,
// offers text completion for this chat (what base models need), or keeping
// the guess (for this model, until it is loaded again).
Rectangle {
    id: notice
    objectName: "noTemplateNotice"
    property string keptFor // the model path "Keep" was pressed for

    visible: App.models.hasModel && App.models.chatFormatGuessed
             && App.conversation.sampling.textCompletion !== true && keptFor !== App.models.loadedPath
    implicitHeight: row.implicitHeight + 16
    radius: Theme.radius
    color: Theme.surface
    border.color: Theme.border
    Accessible.role: Accessible.AlertMessage
    Accessible.name: message.text

    RowLayout {
        id: row
        anchors.fill: parent
        anchors.margins: 8
        anchors.leftMargin: 14
        spacing: 8
        Label {
            id: message
            Layout.fillWidth: true
            text: qsTr("%1 has no chat template, so Hearth uses the %2 format, a guess. Base models answer best as a "
                       + "text completion; another format can be picked in My Models → Defaults.")
                  .arg(App.models.loadedName).arg(App.models.chatFormat)
            color: Theme.text
            wrapMode: Text.Wrap
            font.pixelSize: Theme.fontBody - 1
        }
        AccentButton {
            objectName: "useTextCompletion"
            text: qsTr("Use text completion")
            quiet: true
            onClicked: App.conversation.setSamplingValue("textCompletion", true)
        }
        AccentButton {
            objectName: "keepGuessedFormat"
            text: qsTr("Keep %1").arg(App.models.chatFormat)
            quiet: true
            onClicked: notice.keptFor = App.models.loadedPath
        }
    }
}
