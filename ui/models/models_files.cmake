# My Models: importing models and each model's own defaults (and the chat
# page's notice for a model without a chat template).
list(APPEND HEARTH_UI_SOURCES
    models/model_defaults_editor.h models/model_defaults_editor.cpp
    models/model_importer.h models/model_importer.cpp)
list(APPEND HEARTH_QML_FILES
    qml/ModelDefaultsDialog.qml
    qml/ImportDropArea.qml
    qml/NoTemplateNotice.qml)
list(APPEND HEARTH_UI_ICONS icons/import.svg)
