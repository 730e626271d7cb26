# Discover (Hub search) and the model page: view models, pages, icons.
list(APPEND HEARTH_UI_SOURCES
    hub/hub_text.h hub/hub_text.cpp
    hub/retry_backoff.h hub/retry_backoff.cpp
    hub/fit_estimate.h hub/fit_estimate.cpp
    hub/curated_models.h hub/curated_models.cpp
    hub/discover_model.h hub/discover_model.cpp
    hub/model_details_model.h hub/model_details_model.cpp)
# The curated list reaches the binary through the "hearth_brand" resources
# (ui/CMakeLists.txt) at :/resources/curated-models.json.
set(HEARTH_UI_EXTRA_RESOURCES ${PROJECT_SOURCE_DIR}/resources/curated-models.json)
list(APPEND HEARTH_QML_FILES
    qml/DiscoverPage.qml
    qml/DiscoverResultCard.qml
    qml/ModelDetailsPage.qml
    qml/HubStat.qml
    qml/HubBadge.qml
    qml/OpenLinkBanner.qml)
list(APPEND HEARTH_UI_ICONS
    icons/download.svg
    icons/heart.svg
    icons/lock.svg
    icons/clock.svg
    icons/cloud-off.svg)
