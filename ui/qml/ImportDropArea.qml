import QtQuick
import QtQuick.Controls
import Hearth

// Lets GGUF files be dropped onto My Models to import them; shows a
// highlighted frame while a drag holding one is over it.
DropArea {
    id: area
    objectName: "importDropArea"

    function urlsOf(drop) {
        const urls = []
        for (let i = 0; i < drop.urls.length; ++i)
            urls.push(drop.urls[i])
        return urls
    }

    onEntered: (drag) => { drag.accepted = drag.hasUrls && App.importer.acceptsUrls(urlsOf(drag)) }
    onDropped: (drop) => {
        if (!drop.hasUrls)
            return
        App.importer.importUrls(urlsOf(drop))
        drop.acceptProposedAction()
    }

    Rectangle {
        anchors.fill: parent
        anchors.margins: 8
        visible: area.containsDrag
        radius: Theme.radiusLarge
        color: Qt.rgba(Theme.accent.r, Theme.accent.g, Theme.accent.b, 0.08)
        border.color: Theme.accent
        border.width: 2
        Label {
            anchors.centerIn: parent
            text: qsTr("Drop to import into your models folder")
            color: Theme.accent
            font.pixelSize: Theme.fontLarge
        }
    }
}
