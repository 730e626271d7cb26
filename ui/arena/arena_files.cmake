# The leaderboard (blind-arena ratings): its view model and QML (appended
# to the lists ui/CMakeLists.txt turns into the Hearth module).
list(APPEND HEARTH_UI_SOURCES
    arena/leaderboard_model.h arena/leaderboard_model.cpp)
list(APPEND HEARTH_QML_FILES
    qml/LeaderboardPage.qml
    qml/HeatMap.qml)
list(APPEND HEARTH_UI_ICONS
    icons/trophy.svg)
