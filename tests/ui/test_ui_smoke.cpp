// Loads the main window as the app does and fails on any QML warning or
// error: a missing property, a broken binding, an import that is not found.

#include "message_log.h"
#include "models/device_list_model.h"
#include "run_gui.h"
#include "theme/system_theme.h"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QtTest>

using namespace hearth::test;

class UiSmokeTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QTemporaryDir data_;

private slots:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", config_.path().toUtf8());
        // The window's App singleton opens the chats and models here.
        qputenv("HEARTH_DATA_DIR", data_.path().toUtf8());
        qunsetenv("HEARTH_THEME");
        g_previous = qInstallMessageHandler(collectMessages);
        QQuickStyle::setStyle("Basic");
    }

    void cleanupTestCase() { qInstallMessageHandler(g_previous); }

    void mainWindowLoadsWithoutWarnings()
    {
        g_messages.clear();
        QQmlApplicationEngine engine;
        QQuickWindow* window = hearth::ui::loadMainWindow(engine);
        QVERIFY(window);
        QVERIFY(QTest::qWaitForWindowExposed(window));

        auto* devices = window->findChild<hearth::ui::DeviceListModel*>();
        QVERIFY(devices);
        QTRY_VERIFY_WITH_TIMEOUT(!devices->loading(), 20000);
        QVERIFY2(devices->errorText().isEmpty(), qPrintable(devices->errorText()));
        QVERIFY(devices->rowCount() > 0);
        QVERIFY(!devices->selectedName().isEmpty());

        for (const char* page : {"models", "settings", "chats"}) {
            window->setProperty("currentPage", page);
            QTest::qWait(50);
        }
        QVERIFY2(g_messages.isEmpty(), qPrintable(g_messages.join('\n')));
    }

    void themeModeSwitchesPalette()
    {
        g_messages.clear();
        QQmlApplicationEngine engine;
        QQuickWindow* window = hearth::ui::loadMainWindow(engine);
        QVERIFY(window);
        const int typeId = qmlTypeId("Hearth", 1, 0, "SystemTheme");
        QVERIFY(typeId >= 0);
        auto* theme = engine.singletonInstance<hearth::ui::SystemTheme*>(typeId);
        QVERIFY(theme);

        theme->setMode("dark");
        QVERIFY(theme->dark());
        const QColor darkWindow = window->color();
        theme->setMode("light");
        QVERIFY(!theme->dark());
        QVERIFY(window->color() != darkWindow);
        QVERIFY(window->color().lightness() > darkWindow.lightness());
        theme->setMode("system");
        QCOMPARE(theme->mode(), QString("system"));
        QVERIFY2(g_messages.isEmpty(), qPrintable(g_messages.join('\n')));
    }
};

QTEST_MAIN(UiSmokeTest)
#include "test_ui_smoke.moc"
