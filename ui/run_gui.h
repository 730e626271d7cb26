#pragma once

class QQmlApplicationEngine;
class QQuickWindow;

namespace hearth::ui {

// Entry point of the `hearth` GUI. Besides the normal start it understands
// --version and --screenshot FILE [--page NAME] [--size WxH] (renders one
// frame of a page to a PNG and quits; scripts/screenshots.sh uses it).
int runGui(int argc, char** argv);

// Loads the main window into `engine` (the app and the UI tests share this).
// Returns nullptr when the QML failed to load.
QQuickWindow* loadMainWindow(QQmlApplicationEngine& engine);

} // namespace hearth::ui
