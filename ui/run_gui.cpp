#include "run_gui.h"

#include "hearth/version.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QIcon>
#include <QImage>
#include <QQmlApplicationEngine>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTimer>
#include <QtQml/qqmlextensionplugin.h>

#include <cstdio>

Q_IMPORT_QML_PLUGIN(HearthPlugin)

namespace hearth::ui {
namespace {

int saveScreenshot(QQuickWindow* window, const QString& path)
{
    const QImage image = window->grabWindow();
    if (image.isNull() || !image.save(path)) {
        std::fprintf(stderr, "hearth: could not write the screenshot %s\n", qPrintable(path));
        return 1;
    }
    return 0;
}

} // namespace

QQuickWindow* loadMainWindow(QQmlApplicationEngine& engine)
{
    engine.load(QUrl(QStringLiteral("qrc:/Hearth/Main.qml")));
    if (engine.rootObjects().isEmpty())
        return nullptr;
    return qobject_cast<QQuickWindow*>(engine.rootObjects().constFirst());
}

int runGui(int argc, char** argv)
{
    QGuiApplication app(argc, argv);
    QGuiApplication::setApplicationName("hearth");
    QGuiApplication::setOrganizationName("hearth");
    QGuiApplication::setApplicationDisplayName("Hearth");
    QGuiApplication::setApplicationVersion(QString::fromUtf8(hearth::version()));
    QGuiApplication::setDesktopFileName("hearth");
    QGuiApplication::setWindowIcon(QIcon(":/resources/hearth.svg"));

    QCommandLineParser parser;
    parser.setApplicationDescription("Hearth: run open-weight language models privately on your own GPU.");
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot("screenshot", "Render the window to FILE (PNG) and quit.", "FILE");
    const QCommandLineOption page("page", "Page to show first: chats, models or settings.", "NAME", "chats");
    const QCommandLineOption size("size", "Window size for --screenshot, WIDTHxHEIGHT.", "SIZE", "1280x800");
    parser.addOptions({screenshot, page, size});
    parser.process(app);

    // Our controls are styled by the Theme singleton; Basic is the style
    // built to be customised that way.
    QQuickStyle::setStyle("Basic");

    QQmlApplicationEngine engine;
    QQuickWindow* window = loadMainWindow(engine);
    if (!window)
        return 1;
    window->setProperty("currentPage", parser.value(page));

    if (!parser.isSet(screenshot))
        return app.exec();

    const QStringList wh = parser.value(size).split('x');
    if (wh.size() == 2)
        window->resize(wh[0].toInt(), wh[1].toInt());
    int result = 1;
    // Give bindings, layouts and the device lookup a moment to settle.
    QTimer::singleShot(1500, &app, [&] {
        result = saveScreenshot(window, parser.value(screenshot));
        app.quit();
    });
    app.exec();
    return result;
}

} // namespace hearth::ui
