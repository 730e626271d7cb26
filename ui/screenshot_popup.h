#pragma once

#include <QString>

class QQuickWindow;

namespace hearth::ui {

// For `hearth --screenshot FILE --popup NAME` (scripts/screenshots.sh):
// opens one of the app's popups the way a user would, so the picture shows
// it in the current theme. NAME: "import" (My Models' file dialog),
// "chat-menu" (the first chat's menu; page chats with a chat open),
// "model-defaults" (the first model's defaults dialog; page models).
// Returns "" or why it could not.
QString openPopupForScreenshot(QQuickWindow& window, const QString& name);

} // namespace hearth::ui
