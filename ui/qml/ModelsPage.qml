import QtQuick
import QtQuick.Controls
import Hearth

// The local model library.
Item {
    EmptyState {
        anchors.fill: parent
        iconSource: "qrc:/Hearth/icons/models.svg"
        heading: qsTr("No models yet")
        body: qsTr("Models are GGUF files. Put them in your models folder and they appear here, "
                   + "with their size, quantization and what your GPU can run.")
    }
}
