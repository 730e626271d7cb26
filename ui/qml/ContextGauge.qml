import QtQuick
import QtQuick.Controls
import Hearth

// How full the model's context is for the open chat: "1.2k / 4k" beside a
// small bar. "~" marks an estimate (a chat just opened, before its next
// answer measures it).
Item {
    id: gauge
    property int used: App.conversation.contextUsed
    property int size: App.conversation.contextSize
    property bool estimated: App.conversation.contextEstimated
    readonly property real fraction: size > 0 ? Math.min(1, used / size) : 0

    // 950 -> "950", 1234 -> "1.2k", 4096 -> "4k", 32768 -> "33k".
    function tokens(n) {
        if (n < 1000)
            return String(n)
        const k = n / 1000
        return (k < 10 && Math.round(k * 10) % 10 !== 0 ? k.toFixed(1) : String(Math.round(k))) + "k"
    }

    visible: size > 0
    implicitWidth: row.implicitWidth
    implicitHeight: row.implicitHeight
    Accessible.role: Accessible.ProgressBar
    Accessible.name: qsTr("Context used: %1 of %2 tokens").arg(used).arg(size)

    // A chat longer than the context: the model sees only part of it.
    readonly property bool overflowing: used > size

    HoverHandler { id: hover }
    ThemedToolTip {
        visible: hover.hovered
        delay: 500
        text: gauge.overflowing
              ? qsTr("This chat (about %1 tokens) is longer than the model's context of %2 tokens: the model sees only "
                     + "part of it, as the chat settings' \"When the context is full\" says.").arg(gauge.used).arg(gauge.size)
              : gauge.estimated
                ? qsTr("About %1 of the model's %2 tokens of context are in use (estimated until the next answer).").arg(gauge.used).arg(gauge.size)
                : qsTr("%1 of the model's %2 tokens of context are in use.").arg(gauge.used).arg(gauge.size)
    }

    Row {
        id: row
        spacing: 6
        Rectangle {
            anchors.verticalCenter: parent.verticalCenter
            width: 48
            height: 4
            radius: 2
            color: Theme.border
            Rectangle {
                width: parent.width * gauge.fraction
                height: parent.height
                radius: 2
                color: Theme.accent
            }
        }
        Label {
            objectName: "contextGaugeText"
            text: gauge.overflowing ? qsTr("full · %1").arg(gauge.tokens(gauge.size))
                                    : (gauge.estimated ? "~" : "") + gauge.tokens(gauge.used) + " / " + gauge.tokens(gauge.size)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
    }
}
