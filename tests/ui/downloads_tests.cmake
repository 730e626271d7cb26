# The Downloads panel: its view model against the fake Hub, and the QML.
hearth_add_test(test_downloads_model SOURCES test_downloads_model.cpp LIBS hearth_ui LABELS "ui;network" TIMEOUT 120)
target_compile_definitions(test_downloads_model PRIVATE ${HEARTH_UI_FAKE_HUB_DEFS})
hearth_add_test(test_downloads_panel SOURCES test_downloads_panel.cpp LIBS hearth_ui LABELS "ui;network" TIMEOUT 120
    ENVIRONMENT "QT_QUICK_BACKEND=software")
target_compile_definitions(test_downloads_panel PRIVATE ${HEARTH_UI_FAKE_HUB_DEFS})
