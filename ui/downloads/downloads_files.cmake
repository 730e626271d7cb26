# The Downloads panel: its view model, QML and icons (appended to the lists
# ui/CMakeLists.txt turns into the Hearth module).
list(APPEND HEARTH_UI_SOURCES
    downloads/download_text.h downloads/download_text.cpp
    downloads/downloads_model.h downloads/downloads_model.cpp)
list(APPEND HEARTH_QML_FILES
    qml/DownloadsPanel.qml
    qml/DownloadItem.qml)
list(APPEND HEARTH_UI_ICONS
    icons/downloads-pause.svg
    icons/downloads-play.svg
    icons/downloads-arrow.svg)
