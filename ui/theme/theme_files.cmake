# Themed controls: menus, dialogs, drop-downs and tooltips drawn from Theme
# in both themes, used instead of Qt's own wherever the app shows one.
list(APPEND HEARTH_QML_FILES
    qml/ThemedMenu.qml
    qml/ThemedMenuItem.qml
    qml/ThemedMenuSeparator.qml
    qml/ThemedDialog.qml
    qml/ThemedComboBox.qml
    qml/ThemedToolTip.qml
    qml/QtDialogTheming.qml)
