#pragma once

// The real window with everything on screen that tests walking all of it
// need: the shared tiny model in the library and a saved chat of long
// questions and answers (code blocks, a table, a word too long for any
// line) open, imported through the store as an export would be. Every
// warning is collected (message_log.h), not only those of our QML files.

#include "app_under_test.h"
#include "fixtures.h"
#include "message_log.h"
#include "services/store/chat_export.h"

#include <QDir>
#include <QFile>

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace hearth::test {

inline QByteArray longChatJson()
{
    const QString longQuestion =
        QString("Please explain, step by step and with examples, how a hash map handles collisions. ").repeated(8) +
        "\nAnd one more line.\n" + QString("x").repeated(300); // one word wider than any window
    const QString answer =
        "Here is **an answer** with code:\n\n```python\ndef probe(table, key):\n"
        "    index = hash(key) % len(table)  # " + QString("a long comment ").repeated(12) + "\n"
        "    while table[index] is not None:\n        index = (index + 1) % len(table)\n    return index\n```\n\n"
        "| method | cost | notes |\n|---|---|---|\n| chaining | O(1) | " + QString("lists per bucket ").repeated(6) +
        "|\n| probing | O(1) | cache friendly |\n\n" + QString("A paragraph that keeps going. ").repeated(40) +
        "\n\n```\n" + QString("y").repeated(400) + "\n```\n";
    QJsonArray messages;
    qint64 id = 0;
    for (int turn = 0; turn < 3; ++turn) {
        QJsonObject user{{"id", ++id}, {"role", "user"}, {"content", turn == 1 ? QString("Short one.") : longQuestion}};
        if (id > 1)
            user["parent"] = id - 1;
        messages << user;
        messages << QJsonObject{{"id", ++id},          {"parent", id - 1},      {"role", "assistant"},
                                {"model", "Tiny"},     {"finish_reason", "stop"}, {"content", answer},
                                {"reasoning", QString("Thinking it over. ").repeated(30)}};
    }
    const QJsonObject chat{{"format", "hearth-chat"}, {"version", 1}, {"title", "Hash maps " + QString("and more ").repeated(10)},
                           {"system_prompt", "You are a helpful assistant."}, {"model", ""}, {"messages", messages}};
    return QJsonDocument(chat).toJson();
}

// Imports `json` into the app's chat store, refreshes the sidebar and opens
// the chat; returns its id (0 when the import failed).
inline qint64 openImportedChat(AppUnderTest& app, const QByteArray& json, int expectedMessages)
{
    qint64 chatId = 0;
    bool done = false;
    app.context->chatService().post(
        app.context.get(), [json](hearth::chat::Stores& s) { return hearth::store::importChatJson(s.db, json); },
        [&](qint64 id) {
            chatId = id;
            done = true;
        });
    if (!QTest::qWaitFor([&] { return done; }, kWaitMs))
        return 0;
    app.context->chats()->refresh();
    app.chat().openChat(chatId);
    if (!QTest::qWaitFor([&] { return app.messages().rowCount() == expectedMessages; }, kWaitMs))
        return 0;
    return chatId;
}

// In initTestCase: the window on `dataDir` with the model at `stories`
// (the fixture) and longChatJson() open.
inline void startWholeWindow(std::unique_ptr<AppUnderTest>& app, const QString& dataDir, const std::string& stories)
{
    g_previous = qInstallMessageHandler(collectMessages);
    const QString models = dataDir + "/models";
    QVERIFY(QDir().mkpath(models));
    QVERIFY(QFile::copy(QString::fromStdString(stories), models + "/stories260K-f32.gguf"));
    app = std::make_unique<AppUnderTest>(dataDir);
    QVERIFY(app->window);
    QVERIFY(QTest::qWaitForWindowExposed(app->window));
    QTRY_VERIFY_WITH_TIMEOUT(app->context->storeReady(), kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(app->context->models()->rowCount() == 1, kWaitMs);
    QVERIFY(openImportedChat(*app, longChatJson(), 6) > 0);
}

// In cleanup(): any warning printed during the test function fails it.
#define HEARTH_FAIL_ON_ANY_WARNING()                                                                         \
    do {                                                                                                     \
        HEARTH_FAIL_ON_QML_WARNINGS();                                                                       \
        const QStringList messages = std::exchange(hearth::test::g_messages, {});                            \
        QVERIFY2(messages.isEmpty(), qPrintable(messages.join('\n')));                                       \
    } while (false)

// In cleanupTestCase(): the window goes, then the warning collector.
inline void stopWholeWindow(std::unique_ptr<AppUnderTest>& app)
{
    app.reset();
    qInstallMessageHandler(g_previous);
}

} // namespace hearth::test
