// A model without a chat template in the window (stories260K has none): the
// chat page says which format Hearth guessed and offers text completion;
// the chat settings' switch sends the chat as plain text (the answer is
// the reference continuation) and is saved with the chat; a format chosen
// in the model's defaults replaces the guess.

#include "app_under_test.h"
#include "fixtures.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QtTest>

#include <nlohmann/json.hpp>

using namespace hearth::test;

class TextCompletionTest : public QObject {
    Q_OBJECT

    QTemporaryDir data_;
    QTemporaryDir config_;
    QString stories_;
    QString relative_;

    void loadStories(AppUnderTest& app)
    {
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_VERIFY(app.context->storeReady());
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->rowCount() >= 1, kWaitMs);
        app.context->models()->load(stories_);
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->hasModel() && !app.context->models()->loading(), kWaitMs);
    }

    QQuickItem* settingsSwitch(AppUnderTest& app)
    {
        app.window->findChild<QObject*>("chatPage")->setProperty("settingsOpen", true);
        QQuickItem* item = nullptr;
        [&] { QTRY_VERIFY((item = app.item("textCompletionSwitch")) != nullptr); }();
        QTest::qWait(100); // let the panel settle at its final place
        return item;
    }

private Q_SLOTS:
    void cleanup()
    {
        HEARTH_FAIL_ON_QML_WARNINGS();
    }

    void initTestCase()
    {
        HEARTH_REQUIRE_SHARED(stories, "models/stories260K-f32.gguf");
        prepareWindowTests(config_.path());
        QVERIFY(QDir().mkpath(data_.path() + "/models/local"));
        relative_ = "local/stories260K-f32.gguf";
        stories_ = data_.path() + "/models/" + relative_;
        QVERIFY(QFile::copy(QString::fromStdString(stories), stories_));
    }

    void theNoticeOffersTextCompletionAndTheSwitchSendsPlainText()
    {
        HEARTH_REQUIRE_SHARED(referencePath, "models/reference.jsonl");
        nlohmann::json reference;
        QFile file(QString::fromStdString(referencePath));
        QVERIFY(file.open(QIODevice::ReadOnly));
        while (!file.atEnd())
            if (auto line = nlohmann::json::parse(file.readLine().toStdString()); line["model"] == "stories260K-f32.gguf")
                reference = line;
        QVERIFY(!reference.is_null());

        qint64 chatId = 0;
        {
            AppUnderTest app(data_.path());
            loadStories(app);
            QVERIFY(app.context->models()->chatFormatGuessed());
            QQuickItem* notice = nullptr;
            QTRY_VERIFY((notice = app.item("noTemplateNotice")) != nullptr);
            QQuickItem* keep = findItem(notice, "keepGuessedFormat");
            QVERIFY(keep);
            QCOMPARE(keep->property("text").toString(), QString("Keep Llama 2"));

            // The notice's offer switches this chat to text completion.
            click(findItem(notice, "useTextCompletion"));
            QTRY_VERIFY(app.chat().sampling().value("textCompletion").toBool());
            QTRY_VERIFY(app.item("noTemplateNotice") == nullptr);

            // The switch in the chat settings shows it and turns it off and on.
            QQuickItem* toggle = settingsSwitch(app);
            QVERIFY(toggle);
            QVERIFY(toggle->property("checked").toBool());
            click(toggle);
            QTRY_VERIFY(!app.chat().sampling().value("textCompletion").toBool());
            QTRY_VERIFY(app.item("noTemplateNotice") != nullptr); // chat mode with a guessed format again
            click(toggle);
            QTRY_VERIFY(app.chat().sampling().value("textCompletion").toBool());

            // The prompt is continued as written: llama.cpp's continuation.
            app.chat().setSamplingValue("temperature", 0.0);
            app.chat().setSamplingValue("maxTokens", reference["n"].get<int>());
            app.chat().send(QString::fromStdString(reference["prompt"].get<std::string>()));
            QTRY_COMPARE(app.messages().rowCount(), 2);
            QTRY_VERIFY_WITH_TIMEOUT(!app.chat().generating(), kWaitMs);
            const QString expected = QString::fromStdString(reference["expected"].get<std::string>());
            const QString alternative = QString::fromStdString(reference.value("alt_expected", std::string()));
            QVERIFY2(app.text(1) == expected || (!alternative.isEmpty() && app.text(1) == alternative),
                     qPrintable(app.text(1)));
            chatId = app.chat().chatId();
            QVERIFY(chatId > 0);
        }

        // Saved with the chat: after a restart the chat is still a text completion.
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_VERIFY(app.context->storeReady());
        app.chat().openChat(chatId);
        QTRY_COMPARE(app.messages().rowCount(), 2);
        QTRY_VERIFY(app.chat().sampling().value("textCompletion").toBool());
        QQuickItem* toggle = settingsSwitch(app);
        QVERIFY(toggle);
        QVERIFY(toggle->property("checked").toBool());
        // A new chat starts as a chat.
        app.chat().newChat();
        QVERIFY(!app.chat().sampling().value("textCompletion").toBool());
        QTRY_VERIFY(!toggle->property("checked").toBool());
    }

    void aChosenFormatReplacesTheGuess()
    {
        AppUnderTest app(data_.path());
        loadStories(app);
        QTRY_VERIFY(app.item("noTemplateNotice") != nullptr);

        // "Keep Llama 2" hides the notice for this model.
        click(findItem(app.item("noTemplateNotice"), "keepGuessedFormat"));
        QTRY_VERIFY(app.item("noTemplateNotice") == nullptr);

        // ChatML chosen in the model's defaults applies to the loaded model.
        QVERIFY(app.context->modelDefaults()->save(relative_, {{"chatTemplate", "chatml"}}));
        QTRY_COMPARE(app.context->models()->chatFormat(), QString("ChatML"));
        QVERIFY(!app.context->models()->chatFormatGuessed());
        QCOMPARE(app.context->inference().model().chatTemplateLabel, QString("ChatML"));

        // The dialog shows the choice; its first entry is the guess.
        app.window->setProperty("currentPage", "models");
        QQuickItem* card = nullptr;
        QTRY_VERIFY((card = app.item("libraryEntry_0")) != nullptr);
        QTest::qWait(100); // let the page settle at its final place
        click(findItem(card, "modelDefaults"));
        QQuickItem* format = nullptr;
        QTRY_VERIFY((format = app.item("defaultChatFormat")) != nullptr);
        QCOMPARE(format->property("currentText").toString(), QString("ChatML"));
        QString first;
        QVERIFY(QMetaObject::invokeMethod(format, "textAt", Q_RETURN_ARG(QString, first), Q_ARG(int, 0)));
        QCOMPARE(first, QString("Default: Llama 2 (the model has no template: a guess)"));
        format->setProperty("currentIndex", 0);
        click(findButton(app.window->contentItem(), "Save"));
        QTRY_VERIFY(app.item("modelDefaultsContent") == nullptr);
        QVERIFY(!app.context->modelDefaults()->values(relative_).contains("chatTemplate"));
        QTRY_VERIFY(app.context->models()->chatFormatGuessed());
        QCOMPARE(app.context->models()->chatFormat(), QString("Llama 2"));

        // Loaded again, the choice goes with the load request.
        QVERIFY(app.context->modelDefaults()->save(relative_, {{"chatTemplate", "Llama-3"}}));
        app.context->models()->load(stories_);
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->hasModel() && !app.context->models()->loading(), kWaitMs);
        QTRY_COMPARE(app.context->models()->chatFormat(), QString("Llama 3"));
        QVERIFY(app.context->modelDefaults()->reset(relative_));
    }
};

QTEST_MAIN(TextCompletionTest)
#include "test_text_completion.moc"
