// My Models beyond the list: importing GGUF files (what the file dialog
// and a drop hand over; shown as "Imported"), each model's own defaults
// edited in the dialog, then used by the next load and the next new chat,
// and quantisations of one model told apart by their file names.

#include "app_under_test.h"
#include "fixtures.h"

#include <QDir>
#include <QFile>
#include <QQuickStyle>
#include <QTemporaryDir>
#include <QtTest>

using namespace hearth::test;

class MyModelsTest : public QObject {
    Q_OBJECT

    QTemporaryDir data_;
    QTemporaryDir config_;
    QTemporaryDir outside_; // where files to import come from
    QString stories_;

    // The row of the library entry whose path ends with `suffix`, or -1.
    static int rowOf(AppUnderTest& app, const QString& suffix)
    {
        auto* models = app.context->models();
        for (int i = 0; i < models->rowCount(); ++i)
            if (models->data(models->index(i), hearth::ui::ModelPickerModel::PathRole).toString().endsWith(suffix))
                return i;
        return -1;
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
        stories_ = outside_.path() + "/stories260K-f32.gguf";
        QVERIFY(QFile::copy(QString::fromStdString(stories), stories_));
        QFile notes(outside_.path() + "/notes.txt");
        QVERIFY(notes.open(QIODevice::WriteOnly));
        notes.write("not a model");
    }

    void importCopiesGgufFilesAndRefusesOthers()
    {
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        app.window->setProperty("currentPage", "models");
        auto* importer = app.context->importer();
        QVERIFY(app.item("importDropArea"));

        // What a drag over the page carries decides whether it may drop.
        QVERIFY(importer->acceptsUrls({QUrl::fromLocalFile(stories_)}));
        QVERIFY(!importer->acceptsUrls({QUrl::fromLocalFile(outside_.path() + "/notes.txt")}));

        const int queued = importer->importUrls(
            {QUrl::fromLocalFile(stories_), QUrl::fromLocalFile(outside_.path() + "/notes.txt")});
        QCOMPARE(queued, 1);
        QVERIFY2(importer->errorText().contains("notes.txt"), qPrintable(importer->errorText()));
        QTRY_VERIFY_WITH_TIMEOUT(!importer->busy(), kWaitMs);
        QCOMPARE(importer->statusText(), QString("Imported stories260K-f32.gguf"));
        QTRY_VERIFY_WITH_TIMEOUT(rowOf(app, "/stories260K-f32.gguf") >= 0, kWaitMs);
        QVERIFY(QFile::exists(stories_)); // a copy: the original stays
        QVERIFY(app.item("importMessage"));
        // It came from this computer, not from a Hub repository ("local/...").
        auto* models = app.context->models();
        const int row = rowOf(app, "/stories260K-f32.gguf");
        QVERIFY(models->data(models->index(row), hearth::ui::ModelPickerModel::ImportedRole).toBool());
        QCOMPARE(models->data(models->index(row), hearth::ui::ModelPickerModel::OriginRole).toString(), QString());
        QQuickItem* card = nullptr;
        QTRY_VERIFY((card = app.item(QString("libraryEntry_%1").arg(row))) != nullptr);
        QCOMPARE(findItem(card, "modelOrigin")->property("text").toString(), QString("Imported"));
        QCOMPARE(findItem(card, "modelFileName")->property("text").toString(), QString("stories260K-f32.gguf"));

        // The same file again: refused with the reason, nothing duplicated.
        importer->clearMessages();
        QCOMPARE(importer->importUrls({QUrl::fromLocalFile(stories_)}), 1);
        QTRY_VERIFY_WITH_TIMEOUT(!importer->busy(), kWaitMs);
        QVERIFY2(importer->errorText().contains("not imported"), qPrintable(importer->errorText()));
        QCOMPARE(app.context->models()->rowCount(), 1);
    }

    void modelDefaultsAreEditedAndUsedByTheNextLoadAndChat()
    {
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        app.window->setProperty("currentPage", "models");
        int row = -1;
        QTRY_VERIFY_WITH_TIMEOUT((row = rowOf(app, "/stories260K-f32.gguf")) >= 0, kWaitMs);
        // The end of the scan lists the models once more: click only after it.
        QTRY_VERIFY_WITH_TIMEOUT(!app.context->models()->scanning(), kWaitMs);
        row = rowOf(app, "/stories260K-f32.gguf");
        const QString relative =
            app.context->models()->data(app.context->models()->index(row), hearth::ui::ModelPickerModel::RelativePathRole)
                .toString();
        const QString path =
            app.context->models()->data(app.context->models()->index(row), hearth::ui::ModelPickerModel::PathRole).toString();

        QQuickItem* card = nullptr;
        QTRY_VERIFY((card = app.item(QString("libraryEntry_%1").arg(row))) != nullptr);
        click(findItem(card, "modelDefaults"));
        QQuickItem* dialog = nullptr;
        QTRY_VERIFY((dialog = app.item("modelDefaultsContent")) != nullptr);
        // Empty fields show what the model inherits: stories260K was trained on 128 tokens.
        QQuickItem* context = app.item("defaultField_contextLength");
        QVERIFY(context);
        QCOMPARE(context->property("placeholderText").toString(), QString("128"));

        // A value that is not a number is refused, and the dialog stays.
        app.item("defaultField_topK")->setProperty("text", "many");
        click(findButton(app.window->contentItem(), "Save"));
        QTRY_VERIFY(app.context->modelDefaults()->errorText().contains("Top-K"));
        QTRY_VERIFY(app.item("modelDefaultsContent") != nullptr);
        QVERIFY(app.context->modelDefaults()->values(relative).isEmpty());

        app.item("defaultField_topK")->setProperty("text", "");
        context->setProperty("text", "64");
        app.item("defaultField_temperature")->setProperty("text", "0.25");
        app.item("defaultSystemPrompt")->setProperty("text", "You tell short stories.");
        click(findButton(app.window->contentItem(), "Save"));
        QTRY_VERIFY(app.item("modelDefaultsContent") == nullptr);
        const QVariantMap saved = app.context->modelDefaults()->values(relative);
        QCOMPARE(saved.value("contextLength").toInt(), 64);
        QCOMPARE(saved.value("temperature").toDouble(), 0.25);
        QCOMPARE(saved.value("systemPrompt").toString(), QString("You tell short stories."));
        QVERIFY(!saved.contains("topK"));

        // The next load takes the model's context, and a new chat its sampling and prompt.
        app.context->conversation()->newChat();
        app.context->models()->load(path);
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->hasModel() && !app.context->models()->loading(), kWaitMs);
        QCOMPARE(app.context->models()->loadedContextLength(), 64);
        QTRY_COMPARE(app.context->conversation()->systemPrompt(), QString("You tell short stories."));
        QCOMPARE(app.context->conversation()->sampling().value("temperature").toDouble(), 0.25);

        // Restoring the defaults forgets them.
        QVERIFY(app.context->modelDefaults()->reset(relative));
        QVERIFY(app.context->modelDefaults()->values(relative).isEmpty());
    }

    void quantisationsOfOneModelAreToldApart()
    {
        HEARTH_REQUIRE_SHARED(q8, "models/stories260K-Q8_0.gguf");
        const QString repo = data_.path() + "/models/tester/stories260K-GGUF";
        QVERIFY(QDir().mkpath(repo));
        QVERIFY(QFile::copy(QString::fromStdString(q8), repo + "/stories260K-Q8_0.gguf"));
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        app.window->setProperty("currentPage", "models");
        auto* models = app.context->models();
        int f32 = -1, q8Row = -1;
        QTRY_VERIFY_WITH_TIMEOUT((f32 = rowOf(app, "/stories260K-f32.gguf")) >= 0 &&
                                     (q8Row = rowOf(app, "/stories260K-Q8_0.gguf")) >= 0,
                                 kWaitMs);
        QTRY_VERIFY_WITH_TIMEOUT(!models->scanning(), kWaitMs); // its last listing done, the rows stay
        f32 = rowOf(app, "/stories260K-f32.gguf");
        q8Row = rowOf(app, "/stories260K-Q8_0.gguf");
        const auto text = [&](int row, int role) { return models->data(models->index(row), role).toString(); };
        using Picker = hearth::ui::ModelPickerModel;
        QCOMPARE(text(f32, Picker::NameRole), text(q8Row, Picker::NameRole)); // the same general.name
        QCOMPARE(text(q8Row, Picker::FileNameRole), QString("stories260K-Q8_0.gguf"));
        QCOMPARE(text(q8Row, Picker::OriginRole), QString("tester/stories260K-GGUF"));
        QQuickItem* card = nullptr;
        QTRY_VERIFY((card = app.item(QString("libraryEntry_%1").arg(q8Row))) != nullptr);
        QCOMPARE(findItem(card, "modelFileName")->property("text").toString(), QString("stories260K-Q8_0.gguf"));
        QCOMPARE(findItem(card, "modelOrigin")->property("text").toString(), QString("From tester/stories260K-GGUF"));

        // Opened from its original outside the library, the imported copy says "Loaded".
        models->load(stories_);
        QTRY_VERIFY_WITH_TIMEOUT(models->hasModel() && !models->loading(), kWaitMs);
        QVERIFY(models->data(models->index(f32), Picker::LoadedRole).toBool());
        QVERIFY(!models->data(models->index(q8Row), Picker::LoadedRole).toBool());
        QTRY_COMPARE(findItem(app.item(QString("libraryEntry_%1").arg(f32)), "loadModel")->property("text").toString(),
                     QString("Chat"));
    }
};

QTEST_MAIN(MyModelsTest)
#include "test_my_models.moc"
