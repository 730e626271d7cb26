#include "run_gui.h"

#include "bench/streaming_bench.h"
#include "chat/app_context.h"
#include "core/data_folder.h"
#include "core/data_folder_move.h"
#include "screenshot_popup.h"

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

#include <algorithm>
#include <cstdio>
#include <memory>

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
    setApplicationNames();
    QGuiApplication::setApplicationDisplayName("Hearth");
    QGuiApplication::setApplicationVersion(QString::fromUtf8(hearth::version()));
    QGuiApplication::setDesktopFileName("hearth");
    QGuiApplication::setWindowIcon(QIcon(":/resources/hearth.svg"));

    QCommandLineParser parser;
    parser.setApplicationDescription("Hearth: run open-weight language models privately on your own GPU.");
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot("screenshot", "Render the window to FILE (PNG) and quit.", "FILE");
    const QCommandLineOption page("page", "Page to show first: chats, chat-settings (chats with the chat's settings "
                                          "panel open), discover, downloads, models or settings.", "NAME", "chats");
    const QCommandLineOption openRepo("open-repo", "Show the Hugging Face model page of REPO (publisher/name) at start.",
                                      "REPO");
    const QCommandLineOption size("size", "Window size for --screenshot, WIDTHxHEIGHT.", "SIZE", "1280x800");
    const QCommandLineOption model("model", "Load the GGUF model FILE at start.", "FILE");
    const QCommandLineOption openChat("open-chat", "Open the most recent chat at start (\"latest\").", "WHICH");
    const QCommandLineOption benchStreaming(
        "bench-streaming", "Stream a synthetic answer of TOKENS tokens into the chat view, print frame times, quit.",
        "TOKENS");
    const QCommandLineOption benchRate("bench-rate", "Tokens per second for --bench-streaming (200).", "TOKPS", "200");
    const QCommandLineOption popup("popup", "With --screenshot: open a popup first: import, chat-menu (page chats) or "
                                            "model-defaults (page models).", "NAME");
    parser.addOptions({screenshot, page, size, model, openChat, openRepo, benchStreaming, benchRate, popup});
    parser.process(app);

    // Our controls are styled by the Theme singleton; Basic is the style
    // built to be customised that way.
    QQuickStyle::setStyle("Basic");

    // Before anything opens the chats or scans the models.
    const DataFolderMove move = moveLegacyDataFolder();
    logDataFolderMove(move);

    // Declared before the engine so the QML is gone before the services.
    AppContext context(AppContext::Folders{});
    AppContext::install(&context);
    if (move.outcome == DataFolderMove::Outcome::Failed)
        context.showError(move.message);
    QQmlApplicationEngine engine;
    QQuickWindow* window = loadMainWindow(engine);
    if (!window)
        return 1;
    const bool chatSettings = parser.value(page) == "chat-settings";
    window->setProperty("currentPage", chatSettings ? QString("chats") : parser.value(page));
    if (chatSettings)
        if (QObject* chatPage = window->findChild<QObject*>("chatPage"))
            chatPage->setProperty("settingsOpen", true);
    if (parser.isSet(model))
        context.models()->load(parser.value(model));
    if (parser.isSet(openRepo)) {
        window->setProperty("currentPage", QString("discover"));
        if (QObject* discoverPage = window->findChild<QObject*>("discoverPage"))
            QMetaObject::invokeMethod(discoverPage, "openModel", Q_ARG(QVariant, parser.value(openRepo)));
    }
    if (parser.value(openChat) == "latest") {
        // The list fills once the chat store has opened; open its first chat once.
        auto connection = std::make_shared<QMetaObject::Connection>();
        *connection = QObject::connect(context.chats(), &ChatListModel::refreshed, &context, [&context, connection] {
            if (context.chats()->rowCount() == 0)
                return;
            QObject::disconnect(*connection);
            context.conversation()->openChat(
                context.chats()->data(context.chats()->index(0), ChatListModel::ChatIdRole).toLongLong());
        });
    }

    if (parser.isSet(benchStreaming)) {
        StreamingBenchOptions options;
        options.tokens = std::max(1, parser.value(benchStreaming).toInt());
        options.tokensPerSecond = std::max(1.0, parser.value(benchRate).toDouble());
        window->resize(1280, 800);
        QTimer::singleShot(500, &app, [&] { app.exit(runStreamingBenchmark(*window, context, options)); });
        return app.exec();
    }
    if (!parser.isSet(screenshot))
        return app.exec();

    const QStringList wh = parser.value(size).split('x');
    if (wh.size() == 2)
        window->resize(wh[0].toInt(), wh[1].toInt());
    int result = 1;
    // Give bindings, layouts, the device lookup and a model load a moment
    // to settle (and an opened popup its transition).
    const int settleMs = parser.isSet(model) ? 4000 : 1500;
    if (parser.isSet(popup))
        QTimer::singleShot(settleMs - 600, &app, [&] {
            const QString problem = openPopupForScreenshot(*window, parser.value(popup));
            if (!problem.isEmpty()) {
                std::fprintf(stderr, "hearth: --popup: %s\n", qPrintable(problem));
                app.exit(1);
            }
        });
    QTimer::singleShot(settleMs, &app, [&] {
        result = saveScreenshot(window, parser.value(screenshot));
        app.quit();
    });
    app.exec();
    return result;
}

} // namespace hearth::ui
