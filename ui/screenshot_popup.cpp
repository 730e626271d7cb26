#include "screenshot_popup.h"

#include <QGuiApplication>
#include <QMouseEvent>
#include <QQuickItem>
#include <QQuickWindow>

namespace hearth::ui {
namespace {

// Delegates and popup contents have no QObject parent: search the visual tree.
QQuickItem* findVisibleItem(QQuickItem* root, const QString& name)
{
    if (!root || !root->isVisible())
        return nullptr;
    if (root->objectName() == name)
        return root;
    for (QQuickItem* child : root->childItems())
        if (QQuickItem* found = findVisibleItem(child, name))
            return found;
    return nullptr;
}

// A left click in the middle of `item`, as the mouse would.
void click(QQuickWindow& window, QQuickItem& item)
{
    const QPointF at = item.mapToScene(QPointF(item.width() / 2, item.height() / 2));
    for (const QEvent::Type type : {QEvent::MouseButtonPress, QEvent::MouseButtonRelease}) {
        QMouseEvent event(type, at, at, window.mapToGlobal(at), Qt::LeftButton,
                          type == QEvent::MouseButtonPress ? Qt::LeftButton : Qt::NoButton, Qt::NoModifier);
        QGuiApplication::sendEvent(&window, &event);
    }
}

// Clicks `button` inside the first visible `row`; the error names what was missing.
QString clickIn(QQuickWindow& window, const QString& row, const QString& button)
{
    QQuickItem* inRow = findVisibleItem(findVisibleItem(window.contentItem(), row), button);
    if (!inRow)
        return QString("no %1 with a %2 is shown").arg(row, button);
    click(window, *inRow);
    return {};
}

} // namespace

QString openPopupForScreenshot(QQuickWindow& window, const QString& name)
{
    if (name == "import") {
        QObject* dialog = window.findChild<QObject*>("importDialog");
        if (!dialog || !QMetaObject::invokeMethod(dialog, "open"))
            return "the import dialog was not found";
        return {};
    }
    if (name == "chat-menu") {
        return clickIn(window, "chat_0", "chatMenuButton");
    }
    if (name == "model-defaults") {
        return clickIn(window, "libraryEntry_0", "modelDefaults");
    }
    return QString("unknown popup \"%1\" (import, chat-menu or model-defaults)").arg(name);
}

} // namespace hearth::ui
