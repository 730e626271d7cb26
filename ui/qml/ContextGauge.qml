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

    ToolTip.visible: hover.hovered
    ToolTip.delay: 500
    ToolTip.text: gauge.estimated ? qsTr("About %1 of the model's %2 tokens of context are in use (estimated until the next answer).").arg(gauge.used).arg(gauge.size)
                                  : qsTr("%1 of the model's %2 tokens of context are in use.").arg(gauge.used).arg(gauge.size)
    HoverHandler { id: hover }

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
            text: (gauge.estimated ? "~" : "") + gauge.tokens(gauge.used) + " / " + gauge.tokens(gauge.size)
            color: Theme.textMuted
            font.pixelSize: Theme.fontSmall
        }
    }
}
