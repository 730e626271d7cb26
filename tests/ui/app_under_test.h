#pragma once

// Drives the real window (Main.qml on the offscreen platform) in UI tests:
// the app as runGui builds it, finding items in the visual tree, clicking
// and typing, and failing on QML warnings.

#include "chat/app_context.h"
#include "run_gui.h"

#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickItem>
#include <QQuickWindow>
#include <QtTest>

#include <memory>

namespace hearth::test {

using hearth::ui::AppContext;
using hearth::ui::ChatController;


constexpr int kWaitMs = 60000;

// QML warnings (a broken binding, a missing property) name their file under
// qrc:/Hearth: every test function fails if one was printed.
inline QStringList g_qmlWarnings;
inline QtMessageHandler g_previousHandler = nullptr;

inline void collectQmlWarnings(QtMsgType type, const QMessageLogContext& context, const QString& message)
{
    if (type != QtDebugMsg && type != QtInfoMsg && message.contains("qrc:/"))
        g_qmlWarnings << message;
    if (g_previousHandler)
        g_previousHandler(type, context, message);
}

// Searches the visual tree: view delegates and popup contents have no
// QObject parent, so findChild does not see them.
inline QQuickItem* findItem(QQuickItem* root, const QString& name)
{
    if (!root)
        return nullptr;
    if (root->objectName() == name && root->isVisible())
        return root;
    for (QQuickItem* child : root->childItems())
        if (QQuickItem* found = findItem(child, name))
            return found;
    return nullptr;
}

// The window and its services, as the app builds them.
struct AppUnderTest {
    std::unique_ptr<AppContext> context;
    std::unique_ptr<QQmlApplicationEngine> engine;
    QQuickWindow* window = nullptr;

    explicit AppUnderTest(const QString& dataDir)
    {
        context = std::make_unique<AppContext>(AppContext::Folders{dataDir, {}});
        AppContext::install(context.get());
        engine = std::make_unique<QQmlApplicationEngine>();
        window = hearth::ui::loadMainWindow(*engine);
    }
    ~AppUnderTest()
    {
        engine.reset(); // the QML first, then the services it used
        context.reset();
    }

    QQuickItem* item(const QString& name) const { return findItem(window->contentItem(), name); }
    ChatController& chat() const { return *context->conversation(); }
    hearth::ui::MessageListModel& messages() const { return *context->conversation()->messages(); }
    QString text(int row) const
    {
        return messages().data(messages().index(row), hearth::ui::MessageListModel::ContentRole).toString();
    }
    QVariant value(int row, int role) const { return messages().data(messages().index(row), role); }
};

// QTest::keyClicks only takes widgets; this types into a QWindow.
inline void typeText(QWindow* window, const QString& text)
{
    for (const QChar c : text)
        QTest::keyClick(window, char(c.toLatin1()));
}

inline void click(QQuickItem* item)
{
    QVERIFY(item);
    QVERIFY2(item->isVisible(), qPrintable(item->objectName() + " is not visible"));
    const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
    QTest::mouseClick(item->window(), Qt::LeftButton, {}, centre.toPoint());
}

// A visible button showing `text` (standard dialog buttons have no name).
inline QQuickItem* findButton(QQuickItem* root, const QString& text)
{
    if (!root || !root->isVisible())
        return nullptr;
    if (root->inherits("QQuickAbstractButton") && root->property("text").toString() == text)
        return root;
    for (QQuickItem* child : root->childItems())
        if (QQuickItem* found = findButton(child, text))
            return found;
    return nullptr;
}

// Before the first window: settings in `configDir` (not the user's), the
// light theme, the Basic style, and QML warnings collected.
inline void prepareWindowTests(const QString& configDir)
{
    qputenv("XDG_CONFIG_HOME", configDir.toUtf8());
    qputenv("HEARTH_THEME", "light");
    g_previousHandler = qInstallMessageHandler(collectQmlWarnings);
    QQuickStyle::setStyle("Basic");
}

// In each test's cleanup(): a QML warning printed during the test fails it.
#define HEARTH_FAIL_ON_QML_WARNINGS()                                                                        \
    do {                                                                                                     \
        const QStringList warnings = std::exchange(hearth::test::g_qmlWarnings, {});                         \
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join('\n')));                                       \
    } while (false)

} // namespace hearth::test
