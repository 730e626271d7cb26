// Drives the real chat window (Main.qml on the offscreen platform) with
// real models on lavapipe: pick a model, send with Enter, watch the answer
// stream in, stop it, regenerate and page through the alternatives, edit a
// question, search and open a chat (on the version holding the match),
// restart and find the chat again, a load error shown inline, which model
// wrote each answer, the offer to load a reopened chat's model, and models
// opened from outside the library.

#include "app_under_test.h"
#include "core/settings.h"
#include "fixtures.h"
#include "hearth/model_maker.h"

#include <QDir>
#include <QFile>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <memory>

using namespace hearth::test;

namespace {

// The delegate item named `name` inside message row `row`'s delegate.
QQuickItem* inMessage(const AppUnderTest& app, int row, const QString& name)
{
    return findItem(app.item(QString("message_%1").arg(row)), name);
}

} // namespace

class ChatWindowTest : public QObject {
    Q_OBJECT

    QTemporaryDir data_;
    QTemporaryDir config_;
    QTemporaryDir outside_; // models opened from outside the library
    QString stories_;
    QString storiesQ8_; // another quantisation, in no library
    QString random_;

    void typeAndSend(AppUnderTest& app, const QString& text)
    {
        auto* composer = app.item("composer");
        QVERIFY(composer);
        composer->forceActiveFocus();
        typeText(app.window, text);
        QTest::keyClick(app.window, Qt::Key_Return);
    }

    void loadModel(AppUnderTest& app, const QString& path)
    {
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->rowCount() >= 2, kWaitMs);
        click(app.item("modelPicker"));
        QQuickItem* list = nullptr;
        QTRY_VERIFY((list = app.item("modelList")) != nullptr);
        QTest::qWait(100); // let the popup settle at its final size
        // Pick the entry for `path` in the popup.
        int row = -1;
        for (int i = 0; i < app.context->models()->rowCount(); ++i)
            if (app.context->models()->data(app.context->models()->index(i), hearth::ui::ModelPickerModel::PathRole)
                    .toString() == path)
                row = i;
        QVERIFY(row >= 0);
        QQuickItem* entry = nullptr;
        QTRY_VERIFY((entry = app.item(QString("modelEntry_%1").arg(row))) != nullptr);
        click(entry);
        QTRY_VERIFY(app.context->models()->loading() || app.context->models()->loadedPath() == path);
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->hasModel() && !app.context->models()->loading(), kWaitMs);
        QCOMPARE(app.context->inference().model().path, path);
    }

private Q_SLOTS:
    void cleanup()
    {
        HEARTH_FAIL_ON_QML_WARNINGS();
    }

    void initTestCase()
    {
        HEARTH_REQUIRE_SHARED(stories, "models/stories260K-f32.gguf");
        HEARTH_REQUIRE_SHARED(vocab, "vocab/ggml-vocab-llama-spm.gguf");
        prepareWindowTests(config_.path());
        const QString models = data_.path() + "/models/local";
        QVERIFY(QDir().mkpath(models));
        stories_ = models + "/stories260K-f32.gguf";
        QVERIFY(QFile::copy(QString::fromStdString(stories), stories_));
        // Random weights never settle on an end token: a long answer to stop.
        hearth::MakeModelOptions o;
        o.shape = *hearth::modelPreset("tiny", "llama");
        o.fileType = "F16";
        o.vocabulary = vocab;
        o.seed = 7;
        o.name = "Random tiny";
        random_ = models + "/random-tiny.gguf";
        hearth::makeModel(o, random_.toStdString());
        HEARTH_REQUIRE_SHARED(q8, "models/stories260K-Q8_0.gguf");
        storiesQ8_ = QString::fromStdString(q8);
        QFile damaged(models + "/damaged.gguf");
        QVERIFY(damaged.open(QIODevice::WriteOnly));
        damaged.write("GGUF\x03\x00\x00\x00garbage");
    }

    void sendStreamsAnAnswerAndStopEndsIt()
    {
        AppUnderTest app(data_.path());
        QVERIFY(app.window);
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_VERIFY(app.context->storeReady());
        loadModel(app, stories_);
        app.chat().setSamplingValue("temperature", 0.0);
        app.chat().setSamplingValue("maxTokens", 24);

        typeAndSend(app, "Once upon a time");
        QTRY_COMPARE(app.messages().rowCount(), 2);
        QCOMPARE(app.text(0), QString("Once upon a time"));
        QVERIFY(app.chat().generating());
        QTRY_VERIFY_WITH_TIMEOUT(!app.chat().generating(), kWaitMs);
        const QString answer = app.text(1);
        QVERIFY2(answer.size() > 10, qPrintable(answer));
        // What the window shows is that text, rendered.
        QQuickItem* shown = inMessage(app, 1, "markdownBlock");
        QVERIFY(shown);
        QVERIFY2(shown->property("text").toString().contains(answer.left(10).trimmed()),
                 qPrintable(shown->property("text").toString()));
        QCOMPARE(app.value(1, hearth::ui::MessageListModel::FinishReasonRole).toString(), QString("length"));
        QVERIFY(app.value(1, hearth::ui::MessageListModel::StatsRole).toString().contains("24 tokens"));
        // The answer says which model wrote it, and how.
        const QString label = app.value(1, hearth::ui::MessageListModel::ModelLabelRole).toString();
        QVERIFY2(label.contains("stories260K-f32.gguf") && label.contains("temp 0 ·"), qPrintable(label));
        const QString details = app.value(1, hearth::ui::MessageListModel::SettingsDetailsRole).toString();
        QVERIFY2(details.contains("Length limit: 24 tokens") && details.contains("Seed: random"), qPrintable(details));
        QQuickItem* shownLabel = inMessage(app, 1, "answerModelLabel");
        QVERIFY(shownLabel);
        QCOMPARE(shownLabel->property("text").toString(), label);
        QVERIFY(app.chat().viewUpdates() >= 1);
        QVERIFY(app.chat().chatId() > 0);
        QTRY_COMPARE(app.context->chats()->rowCount(), 1);
        QCOMPARE(app.context->chats()->data(app.context->chats()->index(0), hearth::ui::ChatListModel::TitleRole)
                     .toString(),
                 QString("Once upon a time"));

        // A long answer of the random model, stopped with Esc.
        loadModel(app, random_);
        app.chat().setSamplingValue("maxTokens", -1);
        typeAndSend(app, "Tell me everything");
        QTRY_COMPARE(app.messages().rowCount(), 4);
        // The streamed text reaches the view while the answer is still coming.
        QQuickItem* block = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((block = inMessage(app, 3, "markdownBlock")) != nullptr &&
                                     block->property("text").toString().size() > 0,
                                 kWaitMs);
        QVERIFY(app.chat().generating());
        QTest::keyClick(app.window, Qt::Key_Escape);
        QTRY_VERIFY_WITH_TIMEOUT(!app.chat().generating(), kWaitMs);
        QCOMPARE(app.value(3, hearth::ui::MessageListModel::FinishReasonRole).toString(), QString("cancelled"));
        QVERIFY(!app.text(3).isEmpty());
        const QString randomLabel = app.value(3, hearth::ui::MessageListModel::ModelLabelRole).toString();
        QVERIFY2(randomLabel.startsWith("Random tiny · random-tiny.gguf"), qPrintable(randomLabel));
    }

    void regenerateAndSwitchAlternatives()
    {
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_COMPARE(app.context->chats()->rowCount(), 1);
        app.chat().openChat(app.context->chats()->data(app.context->chats()->index(0),
                                                          hearth::ui::ChatListModel::ChatIdRole).toLongLong());
        QTRY_COMPARE(app.messages().rowCount(), 4);
        loadModel(app, stories_);
        app.chat().setSamplingValue("maxTokens", 8);
        const QString first = app.text(3);

        QQuickItem* regenerate = nullptr;
        QTRY_VERIFY((regenerate = inMessage(app, 3, "regenerate")) != nullptr);
        click(regenerate);
        QTRY_VERIFY(app.chat().generating());
        QTRY_VERIFY_WITH_TIMEOUT(!app.chat().generating(), kWaitMs);
        QTRY_COMPARE(app.value(3, hearth::ui::MessageListModel::SiblingCountRole).toInt(), 2);
        QCOMPARE(app.value(3, hearth::ui::MessageListModel::SiblingIndexRole).toInt(), 2);
        const QString second = app.text(3);
        QVERIFY(second != first);
        QTRY_COMPARE(inMessage(app, 3, "alternativeLabel")->property("text").toString(), QString("2/2"));
        // Each version names its own model and settings.
        const auto label = [&] { return app.value(3, hearth::ui::MessageListModel::ModelLabelRole).toString(); };
        QVERIFY2(label().contains("stories260K-f32.gguf"), qPrintable(label()));
        QVERIFY(app.value(3, hearth::ui::MessageListModel::SettingsDetailsRole).toString().contains("Length limit: 8 tokens"));

        click(inMessage(app, 3, "previousAlternative"));
        QTRY_COMPARE(app.value(3, hearth::ui::MessageListModel::SiblingIndexRole).toInt(), 1);
        QCOMPARE(app.text(3), first);
        QVERIFY2(label().contains("random-tiny.gguf"), qPrintable(label()));
        QTRY_COMPARE(inMessage(app, 3, "answerModelLabel")->property("text").toString(), label());
        click(inMessage(app, 3, "nextAlternative"));
        QTRY_COMPARE(app.value(3, hearth::ui::MessageListModel::SiblingIndexRole).toInt(), 2);
        QCOMPARE(app.text(3), second);
    }

    void editAUserMessageAndResend()
    {
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_COMPARE(app.context->chats()->rowCount(), 1);
        app.chat().openChat(app.context->chats()->data(app.context->chats()->index(0),
                                                          hearth::ui::ChatListModel::ChatIdRole).toLongLong());
        QTRY_COMPARE(app.messages().rowCount(), 4);
        loadModel(app, stories_);
        app.chat().setSamplingValue("maxTokens", 8);

        QQuickItem* edit = nullptr;
        QTRY_VERIFY((edit = inMessage(app, 2, "editMessage")) != nullptr);
        click(edit);
        auto* field = inMessage(app, 2, "editField");
        QVERIFY(field);
        QTRY_VERIFY(field->hasActiveFocus());
        QTest::keyClick(app.window, Qt::Key_A, Qt::ControlModifier);
        typeText(app.window, "Lily had a dog");
        QTest::keyClick(app.window, Qt::Key_Return);
        QTRY_VERIFY(app.chat().generating());
        QTRY_VERIFY_WITH_TIMEOUT(!app.chat().generating(), kWaitMs);
        QCOMPARE(app.messages().rowCount(), 4);
        QCOMPARE(app.text(2), QString("Lily had a dog"));
        QCOMPARE(app.value(2, hearth::ui::MessageListModel::SiblingCountRole).toInt(), 2);
        QVERIFY(!app.text(3).isEmpty());
    }

    void reopenedChatOffersToLoadItsModel()
    {
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_COMPARE(app.context->chats()->rowCount(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->rowCount() >= 3, kWaitMs);
        const qint64 chatId =
            app.context->chats()->data(app.context->chats()->index(0), hearth::ui::ChatListModel::ChatIdRole).toLongLong();
        app.chat().openChat(chatId);
        QTRY_COMPARE(app.messages().rowCount(), 4);
        // Its last answer came from stories260K, and no model is loaded.
        QCOMPARE(app.chat().chatModel(), stories_);
        QQuickItem* offer = nullptr;
        QTRY_VERIFY((offer = app.item("chatModelOffer")) != nullptr);
        QVERIFY2(offer->property("text").toString().contains("stories260K-f32.gguf"),
                 qPrintable(offer->property("text").toString()));
        // The banner slides in under a layout that may still be settling: click
        // once its button stays put, then give a loaded machine time to load.
        QQuickItem* load = findButton(offer, "Load");
        QVERIFY(load);
        const auto settled = [load] {
            const QPointF before = load->mapToScene({0, 0});
            QTest::qWait(50);
            return load->mapToScene({0, 0}) == before;
        };
        QTRY_VERIFY(settled());
        click(load);
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->loading() || app.context->models()->hasModel(), 5000);
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->hasModel() && !app.context->models()->loading(), 3 * kWaitMs);
        QCOMPARE(app.context->models()->loadedPath(), stories_);
        QTRY_VERIFY(app.item("chatModelOffer") == nullptr);

        // A model that is gone is said to be so, and OK puts the offer away.
        app.context->chatService().post([chatId](hearth::chat::Stores& s) {
            s.chats.setModel(chatId, "/nowhere/gone-Q4_K_M.gguf");
        });
        app.chat().newChat();
        app.chat().openChat(chatId);
        QTRY_VERIFY((offer = app.item("chatModelOffer")) != nullptr);
        QVERIFY2(offer->property("text").toString().contains("gone-Q4_K_M.gguf, which is not in your library"),
                 qPrintable(offer->property("text").toString()));
        QVERIFY(findButton(offer, "Load") == nullptr);
        click(findButton(offer, "OK"));
        QTRY_VERIFY(app.item("chatModelOffer") == nullptr);
        // Answering with the loaded model makes it the chat's model.
        app.chat().setSamplingValue("maxTokens", 4);
        app.chat().regenerate(app.messages().rows().constLast().message.id);
        QTRY_VERIFY(app.chat().generating());
        QTRY_VERIFY_WITH_TIMEOUT(!app.chat().generating(), kWaitMs);
        QCOMPARE(app.chat().chatModel(), stories_);
    }

    void modelsOpenedFromOutsideTheLibrary()
    {
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        auto* models = app.context->models();
        QTRY_VERIFY_WITH_TIMEOUT(models->rowCount() >= 3, kWaitMs);
        int storiesRow = -1;
        for (int i = 0; i < models->rowCount(); ++i)
            if (models->data(models->index(i), hearth::ui::ModelPickerModel::PathRole).toString() == stories_)
                storiesRow = i;
        QVERIFY(storiesRow >= 0);
        QCOMPARE(models->data(models->index(storiesRow), hearth::ui::ModelPickerModel::FileNameRole).toString(),
                 QString("stories260K-f32.gguf"));
        const auto loadedRow = [&] {
            return models->data(models->index(storiesRow), hearth::ui::ModelPickerModel::LoadedRole).toBool();
        };

        // An identical copy elsewhere (hearth --model FILE): its library entry is the loaded one.
        const QString copy = outside_.filePath("copy-of-stories.gguf");
        QVERIFY(QFile::copy(stories_, copy));
        models->load(copy);
        QTRY_VERIFY_WITH_TIMEOUT(models->hasModel() && !models->loading(), kWaitMs);
        QCOMPARE(models->loadedPath(), copy);
        QVERIFY(loadedRow());
        QVERIFY(models->loadedInLibrary());
        // The top bar names the file (with its quantisation, which this name lacks).
        QVERIFY2(models->loadedDetails().startsWith("copy-of-stories.gguf ("), qPrintable(models->loadedDetails()));

        // Another model from outside: shown apart in the picker, with its folder.
        models->load(storiesQ8_);
        QTRY_VERIFY_WITH_TIMEOUT(models->hasModel() && !models->loading() && models->loadedPath() == storiesQ8_,
                                 kWaitMs);
        QVERIFY(!loadedRow());
        QVERIFY(!models->loadedInLibrary());
        QCOMPARE(models->loadedFileName(), QString("stories260K-Q8_0.gguf"));
        click(app.item("modelPicker"));
        QQuickItem* outside = nullptr;
        QTRY_VERIFY((outside = app.item("outsideLibraryEntry")) != nullptr);
        QCOMPARE(findItem(outside, "outsideLibraryFolder")->property("text").toString(),
                 "from " + QDir::toNativeSeparators(QFileInfo(storiesQ8_).absolutePath()));
        // Every library row names its file.
        QQuickItem* entry = nullptr;
        QTRY_VERIFY((entry = app.item(QString("modelEntry_%1").arg(storiesRow))) != nullptr);
        QCOMPARE(findItem(entry, "modelFileName")->property("text").toString(), QString("stories260K-f32.gguf"));
        QTest::keyClick(app.window, Qt::Key_Escape);

        // Loading the library's own file again: no extra row.
        models->load(stories_);
        QTRY_VERIFY_WITH_TIMEOUT(models->hasModel() && !models->loading() && models->loadedPath() == stories_, kWaitMs);
        QVERIFY(loadedRow());
        QVERIFY(models->loadedInLibrary());
    }

    void leavingAChatWhileItsAnswerStartsLeavesNothingRunning()
    {
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_VERIFY(app.context->storeReady());
        loadModel(app, stories_);
        QTRY_VERIFY(app.context->chats()->rowCount() > 0);
        const int chatsBefore = app.context->chats()->rowCount();
        app.chat().send("Hello there");
        QVERIFY(app.chat().generating());
        app.chat().newChat(); // before the store has even answered
        QVERIFY(!app.chat().generating());
        QCOMPARE(app.messages().rowCount(), 0);
        QCOMPARE(app.chat().chatId(), 0);
        // The question was saved in a chat of its own; no answer runs or
        // stays "streaming".
        QTRY_COMPARE(app.context->chats()->rowCount(), chatsBefore + 1);
        QTest::qWait(200);
        QVERIFY(!app.context->inference().isGenerating());
        QCOMPARE(app.chat().chatId(), 0);
    }

    void searchFindsAndOpensAChatAfterARestart()
    {
        // A fresh window on the same data: the chat is still there.
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_VERIFY(app.context->chats()->rowCount() >= 1);
        app.chat().newChat();
        QCOMPARE(app.messages().rowCount(), 0);

        auto* search = app.item("chatSearch");
        QVERIFY(search);
        search->forceActiveFocus();
        typeText(app.window, "Lily");
        QTRY_VERIFY(app.context->chats()->searching());
        // The list shows results once the typing pauses: the first is the
        // edited question, with the match marked.
        const auto snippet = [&] {
            return app.context->chats()->rowCount() == 0
                       ? QString()
                       : app.context->chats()
                             ->data(app.context->chats()->index(0), hearth::ui::ChatListModel::SnippetRole)
                             .toString();
        };
        QTRY_VERIFY2(snippet().contains("<b>Lily</b>"), qPrintable(snippet()));
        QQuickItem* hit = nullptr;
        QTRY_VERIFY((hit = app.item("chat_0")) != nullptr);
        click(hit);
        QTRY_COMPARE(app.messages().rowCount(), 4);
        QCOMPARE(app.text(0), QString("Once upon a time"));
        QCOMPARE(app.text(2), QString("Lily had a dog"));

        // A match on the other version of the question opens that version.
        app.chat().newChat();
        search->forceActiveFocus();
        QTest::keyClick(app.window, Qt::Key_A, Qt::ControlModifier);
        typeText(app.window, "everything");
        int row = -1;
        QTRY_VERIFY_WITH_TIMEOUT([&] {
            row = -1;
            for (int i = 0; i < app.context->chats()->rowCount(); ++i)
                if (app.context->chats()
                        ->data(app.context->chats()->index(i), hearth::ui::ChatListModel::SnippetRole)
                        .toString()
                        .contains("Tell me <b>everything</b>"))
                    row = i;
            return row >= 0;
        }(), kWaitMs);
        QTRY_VERIFY((hit = app.item(QString("chat_%1").arg(row))) != nullptr);
        click(hit);
        QTRY_COMPARE(app.text(2), QString("Tell me everything"));
        QCOMPARE(app.messages().rowCount(), 4);
        QCOMPARE(app.value(2, hearth::ui::MessageListModel::SiblingIndexRole).toInt(), 1);
        QCOMPARE(app.value(2, hearth::ui::MessageListModel::SiblingCountRole).toInt(), 2);
    }

    void quittingMidAnswerKeepsWhatWasGenerated()
    {
        QString partial;
        qint64 chatId = 0;
        {
            AppUnderTest app(data_.path());
            QVERIFY(QTest::qWaitForWindowExposed(app.window));
            QTRY_VERIFY(app.context->storeReady());
            loadModel(app, random_);
            app.chat().setSamplingValue("maxTokens", -1);
            typeAndSend(app, "Write a long story");
            QTRY_COMPARE(app.messages().rowCount(), 2);
            // Past the store's first flush (1 s), so some text is on disk
            // whichever way the window goes down.
            QTRY_VERIFY_WITH_TIMEOUT(app.text(1).size() > 20, kWaitMs);
            QTest::qWait(1200);
            QVERIFY(app.chat().generating());
            partial = app.text(1);
            chatId = app.chat().chatId();
        } // the window closes while the answer streams
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_VERIFY(app.context->storeReady());
        app.chat().openChat(chatId);
        QTRY_COMPARE(app.messages().rowCount(), 2);
        const QString saved = app.text(1);
        qsizetype common = 0;
        while (common < std::min(saved.size(), partial.size()) && saved[common] == partial[common])
            ++common;
        QVERIFY2(saved.startsWith(partial), qPrintable(QString("saved %1 chars, had %2 on screen, same for %3")
                                                           .arg(saved.size()).arg(partial.size()).arg(common)));
        QCOMPARE(app.value(1, hearth::ui::MessageListModel::FinishReasonRole).toString(), QString("cancelled"));
        QCOMPARE(app.value(1, hearth::ui::MessageListModel::StreamingRole).toBool(), false);
    }

    void contextLengthReloadsTheModelAndPresetsAreSaved()
    {
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        loadModel(app, stories_);
        auto* models = app.context->models();
        const int trained = app.context->inference().model().trainedContextLength;
        // Loaded with the settings' 4096 capped at what it was trained on.
        QCOMPARE(models->loadedContextLength(), trained);
        QVERIFY(trained > 64);
        QVERIFY(models->reloadWithContext(64));
        QTRY_VERIFY_WITH_TIMEOUT(models->hasModel() && !models->loading() && models->loadedContextLength() == 64,
                                 kWaitMs);
        QVERIFY(!models->reloadWithContext(trained + 1));
        QVERIFY2(models->loadError().contains(QString::number(trained)), qPrintable(models->loadError()));
        QCOMPARE(models->loadedContextLength(), 64);

        QSignalSpy presetsChanged(app.context.get(), &AppContext::promptPresetsChanged);
        app.context->savePromptPreset(" Pirate ", "Talk like a pirate.");
        QCOMPARE(presetsChanged.count(), 1);
        const QVariantList presets = app.context->promptPresets();
        QCOMPARE(presets.size(), 1);
        QCOMPARE(presets[0].toMap()["name"].toString(), QString("Pirate"));
        QCOMPARE(presets[0].toMap()["text"].toString(), QString("Talk like a pirate."));
        app.context->savePromptPreset("Pirate", "Arr.");
        QCOMPARE(app.context->promptPresets().size(), 1);
        QCOMPARE(app.context->promptPresets()[0].toMap()["text"].toString(), QString("Arr."));
        app.context->removePromptPreset("Pirate");
        QVERIFY(app.context->promptPresets().isEmpty());

        // New defaults from the settings page apply to the next new chat.
        hearth::GenerationDefaults defaults = hearth::Settings().generationDefaults();
        defaults.temperature = 0.3;
        defaults.systemPrompt = "Be brief.";
        hearth::Settings().setGenerationDefaults(defaults);
        app.chat().newChat();
        QCOMPARE(app.chat().sampling().value("temperature").toDouble(), 0.3);
        QCOMPARE(app.chat().systemPrompt(), QString("Be brief."));
        hearth::Settings().setGenerationDefaults({});
    }

    void myModelsListsTheLibraryAndDeletesWithConfirmation()
    {
        const QString spare = data_.path() + "/models/local/spare-copy.gguf";
        QVERIFY(QFile::copy(stories_, spare));
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        auto* models = app.context->models();
        QTRY_VERIFY_WITH_TIMEOUT(models->rowCount() == 4, kWaitMs);
        app.window->setProperty("currentPage", "models");
        int spareRow = -1, damagedRow = -1;
        for (int i = 0; i < models->rowCount(); ++i) {
            const QString path = models->data(models->index(i), hearth::ui::ModelPickerModel::PathRole).toString();
            if (path == spare)
                spareRow = i;
            if (path.endsWith("damaged.gguf"))
                damagedRow = i;
        }
        QVERIFY(spareRow >= 0 && damagedRow >= 0);
        // A file the engine cannot read is listed with the reason.
        QVERIFY(!models->data(models->index(damagedRow), hearth::ui::ModelPickerModel::ProblemRole).toString().isEmpty());
        QVERIFY(!models->data(models->index(damagedRow), hearth::ui::ModelPickerModel::RunnableRole).toBool());

        QQuickItem* card = nullptr;
        QTRY_VERIFY((card = app.item(QString("libraryEntry_%1").arg(spareRow))) != nullptr);
        click(findItem(card, "deleteModel"));
        QQuickItem* discard = nullptr;
        QTRY_VERIFY((discard = findButton(app.window->contentItem(), "Discard")) != nullptr);
        QVERIFY(QFile::exists(spare)); // nothing happens before the user confirms
        click(discard);
        QTRY_VERIFY(!QFile::exists(spare));
        QTRY_VERIFY_WITH_TIMEOUT(models->rowCount() == 3, kWaitMs);
        QVERIFY(models->libraryError().isEmpty());
    }

    void loadErrorIsShownInlineWithRetry()
    {
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->rowCount() >= 3, kWaitMs);
        // The damaged file is listed but cannot be picked; loading it anyway
        // (say it broke after the scan) shows the reason above the composer.
        app.context->models()->load(data_.path() + "/models/local/damaged.gguf");
        QTRY_VERIFY_WITH_TIMEOUT(!app.context->models()->loading(), kWaitMs);
        QVERIFY(!app.context->models()->hasModel());
        auto* banner = app.item("loadErrorBanner");
        QVERIFY(banner);
        QTRY_VERIFY(banner->isVisible());
        const QString message = app.context->models()->loadError();
        QVERIFY2(message.contains("damaged.gguf") || message.contains("GGUF"), qPrintable(message));

        // The picker warns about models too big for the GPU.
        const auto warning = [&](int row) {
            return app.context->models()
                ->data(app.context->models()->index(row), hearth::ui::ModelPickerModel::FitWarningRole)
                .toString();
        };
        int storiesRow = -1;
        for (int i = 0; i < app.context->models()->rowCount(); ++i)
            if (app.context->models()->data(app.context->models()->index(i),
                                            hearth::ui::ModelPickerModel::PathRole).toString() == stories_)
                storiesRow = i;
        QVERIFY(storiesRow >= 0);
        QTRY_VERIFY(warning(storiesRow).isEmpty()); // lavapipe has room for 1 MB
        app.context->models()->setDeviceMemory(64 * 1024);
        QVERIFY2(warning(storiesRow).contains("won't fit"), qPrintable(warning(storiesRow)));

        // Sending without a model says what to do instead of failing silently.
        app.chat().send("Hello");
        QVERIFY(app.chat().errorText().contains("model"));
        QTRY_VERIFY(app.item("chatErrorBanner") != nullptr);
    }

    void aFullContextStopsCalmlyAndContinueMakesRoom()
    {
        using Roles = hearth::ui::MessageListModel;
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_VERIFY(app.context->storeReady());
        loadModel(app, random_);
        auto* models = app.context->models();
        QVERIFY(models->reloadWithContext(128));
        QTRY_VERIFY_WITH_TIMEOUT(models->hasModel() && !models->loading() && models->loadedContextLength() == 128,
                                 kWaitMs);
        app.chat().newChat();
        app.chat().setSamplingValue("temperature", 0.0);
        app.chat().setSamplingValue("maxTokens", 64);
        app.chat().setSamplingValue("contextOverflow", QString("stop"));
        typeAndSend(app, "Hi");
        QTRY_COMPARE(app.messages().rowCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!app.chat().generating(), kWaitMs);
        // The gauge shows what the answer measured.
        QCOMPARE(app.chat().contextSize(), 128);
        QVERIFY(!app.chat().contextEstimated());
        const int afterFirst = app.chat().contextUsed();
        QVERIFY2(afterFirst > 64 && afterFirst < 128, qPrintable(QString::number(afterFirst)));
        QTRY_COMPARE(app.item("contextGaugeText")->property("text").toString(), QString("%1 / 128").arg(afterFirst));

        // An answer that fills the context stops calmly and keeps its stats.
        app.chat().setSamplingValue("maxTokens", -1);
        typeAndSend(app, "Tell me everything");
        QTRY_COMPARE(app.messages().rowCount(), 4);
        QTRY_VERIFY_WITH_TIMEOUT(!app.chat().generating(), kWaitMs);
        QCOMPARE(app.value(3, Roles::FinishReasonRole).toString(), QString("length"));
        const QString stats = app.value(3, Roles::StatsRole).toString();
        QVERIFY2(stats.contains("tokens"), qPrintable(stats));
        QCOMPARE(app.chat().contextUsed(), 128);
        QQuickItem* label = nullptr;
        QTRY_VERIFY((label = inMessage(app, 3, "lengthStopLabel")) != nullptr && label->isVisible());
        QVERIFY2(label->property("text").toString().startsWith("Stopped: context full"),
                 qPrintable(label->property("text").toString()));
        QVERIFY(!inMessage(app, 3, "errorLabel")); // not shown

        // Continue under Stop: said once, in the banner, without Retry; the
        // answer stays as it was.
        const qint64 answerId = app.value(3, Roles::MessageIdRole).toLongLong();
        app.chat().continueAnswer(answerId);
        QTRY_VERIFY_WITH_TIMEOUT(!app.chat().generating() && !app.chat().errorText().isEmpty(), kWaitMs);
        QVERIFY2(app.chat().errorText().contains("Start a new chat"), qPrintable(app.chat().errorText()));
        QVERIFY(!app.chat().retryable());
        QTRY_VERIFY(app.item("chatErrorBanner") != nullptr);
        QCOMPARE(app.item("chatErrorBanner")->property("actionText").toString(), QString());
        QCOMPARE(app.value(3, Roles::FinishReasonRole).toString(), QString("length"));
        QCOMPARE(app.value(3, Roles::StatsRole).toString(), stats);
        QVERIFY(app.value(3, Roles::ErrorRole).toString().isEmpty());

        // Dropping the oldest turns: Continue makes room and goes on.
        app.chat().setSamplingValue("contextOverflow", QString("drop-oldest"));
        const QString before = app.text(3);
        app.chat().continueAnswer(answerId);
        QVERIFY(app.chat().generating());
        QTRY_VERIFY_WITH_TIMEOUT(!app.chat().generating(), kWaitMs);
        QVERIFY2(app.chat().errorText().isEmpty(), qPrintable(app.chat().errorText()));
        QVERIFY(app.text(3).startsWith(before));
        QVERIFY(app.text(3).size() > before.size());
        QVERIFY(app.value(3, Roles::StatsRole).toString() != stats);
        QVERIFY(!app.chat().noticeText().isEmpty()); // the first turn was left out

        // Reopened, the chat's gauge is an estimate until the next answer.
        const qint64 chatId = app.chat().chatId();
        app.chat().newChat();
        app.chat().openChat(chatId);
        QTRY_VERIFY(app.chat().contextEstimated());
        QVERIFY(app.chat().contextUsed() > 0);
        // A chat longer than the context says "full" rather than "~300 / 128".
        const QString gauge = app.chat().contextUsed() > app.chat().contextSize() ? QString("full · 128") : QString("~");
        QTRY_VERIFY2(app.item("contextGaugeText")->property("text").toString().startsWith(gauge),
                     qPrintable(app.item("contextGaugeText")->property("text").toString()));
    }
};

QTEST_MAIN(ChatWindowTest)
#include "test_chat_window.moc"
