# Discover and the model page (ui/hub): view models against the fake Hub,
# the fit heuristic, and the QML pages offscreen.
find_package(Qt6 6.4 REQUIRED COMPONENTS Network)

hearth_add_test(test_fit_estimate SOURCES test_fit_estimate.cpp LIBS hearth_ui LABELS ui)

hearth_add_test(test_discover_model SOURCES test_discover_model.cpp hub_test_proxy.h
    LIBS hearth_ui Qt6::Network LABELS "ui;network" TIMEOUT 120)
target_compile_definitions(test_discover_model PRIVATE ${HEARTH_UI_FAKE_HUB_DEFS})

hearth_add_test(test_discover_page SOURCES test_discover_page.cpp hub_test_proxy.h
    LIBS hearth_ui Qt6::Network LABELS "ui;network" TIMEOUT 120
    ENVIRONMENT "QT_QUICK_BACKEND=software")
target_compile_definitions(test_discover_page PRIVATE ${HEARTH_UI_FAKE_HUB_DEFS})
