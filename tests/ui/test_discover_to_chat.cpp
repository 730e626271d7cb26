// The whole way from "I want a model" to a chat, in the real window against
// the fake Hub: search on Discover, open the repo, download the file (with
// a dropped connection that resumes), find it in My Models, load it from
// the Downloads page and chat with it. Gated and missing repos say why.

#include "app_under_test.h"
#include "core/settings.h"
#include "fake_hub.h"
#include "fixtures.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QQuickStyle>
#include <QTemporaryDir>
#include <QtTest>

using namespace hearth::test;

namespace {

constexpr auto kRepo = "hearth-test/Stories-260K-GGUF";
constexpr auto kGatedRepo = "hearth-test/Gated-Stories-GGUF";
constexpr auto kFile = "stories260K-f32.gguf";

QByteArray sha256Of(const QString& path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

QJsonObject repo(const QString& id, const QString& source, bool gated)
{
    QJsonObject r{{"id", id},
                  {"downloads", gated ? 50 : 1234},
                  {"likes", 7},
                  {"lastModified", "2026-10-01T10:00:00.000Z"},
                  {"license", "mit"},
                  {"readme", "# Stories 260K\n\nA **tiny** story model for tests.\n"},
                  {"files", QJsonArray{QJsonObject{{"path", kFile}, {"source", source}}}}};
    if (gated)
        r.insert("gated", "manual");
    return r;
}

} // namespace

class DiscoverToChatTest : public QObject {
    Q_OBJECT

    QTemporaryDir data_;
    QTemporaryDir config_;
    QTemporaryDir fixtureDir_;
    QString stories_;
    FakeHub hub_;

    int rowOfRepo(AppUnderTest& app, const QString& id)
    {
        for (int i = 0; i < app.context->discover()->rowCount(); ++i)
            if (app.context->discover()->repoIdAt(i) == id)
                return i;
        return -1;
    }

    QString downloadValue(AppUnderTest& app, int row, int role)
    {
        auto* downloads = app.context->downloads();
        return downloads->data(downloads->index(row), role).toString();
    }

private Q_SLOTS:
    void cleanup()
    {
        HEARTH_FAIL_ON_QML_WARNINGS();
    }

    void initTestCase()
    {
        HEARTH_REQUIRE_SHARED(stories, "models/stories260K-f32.gguf");
        stories_ = QString::fromStdString(stories);
        const QString fixture = fixtureDir_.path() + "/hub.json";
        QFile f(fixture);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(QJsonObject{{"tokens", QJsonArray{"hf_granted"}},
                                          {"repos", QJsonArray{repo(kRepo, stories_, false),
                                                               repo(kGatedRepo, stories_, true)}}})
                    .toJson());
        f.close();
        QVERIFY(hub_.start(fixture));
        qputenv("HF_ENDPOINT", hub_.endpoint().toUtf8());
        qunsetenv("HF_TOKEN");
        prepareWindowTests(config_.path());
    }

    void searchDownloadLoadAndChat()
    {
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        QTRY_VERIFY(app.context->storeReady());
        app.window->setProperty("currentPage", "discover");

        // Search: typed into the box, answered after the debounce.
        QQuickItem* search = nullptr;
        QTRY_VERIFY((search = app.item("discoverSearch")) != nullptr);
        search->forceActiveFocus();
        typeText(app.window, "stories");
        int row = -1;
        QTRY_VERIFY_WITH_TIMEOUT((row = rowOfRepo(app, kRepo)) >= 0, kWaitMs);
        QCOMPARE(app.context->discover()->rowCount(), 2);

        // Open it: the card and the file with a verdict for this GPU.
        QQuickItem* result = nullptr;
        QTRY_VERIFY((result = app.item(QString("discoverResult_%1").arg(row))) != nullptr);
        click(result);
        QTRY_VERIFY_WITH_TIMEOUT(app.item("fileRow_0") != nullptr, kWaitMs);
        QTRY_VERIFY(app.item("modelCard") != nullptr);
        QCOMPARE(app.context->modelDetails()->repoId(), QString(kRepo));

        // Download, with the connection dropped part-way once.
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"repo", kRepo}, {"file", kFile}, {"kind", "drop"}, {"after", 400000}}));
        click(app.item("downloadFile_0"));
        auto* downloads = app.context->downloads();
        QTRY_COMPARE(downloads->rowCount(), 1);
        QTRY_COMPARE_WITH_TIMEOUT(downloadValue(app, 0, hearth::ui::DownloadsModel::StateRole), QString("completed"),
                                  kWaitMs);
        const QString downloaded = downloadValue(app, 0, hearth::ui::DownloadsModel::PathRole);
        QVERIFY2(downloaded.endsWith(QString(kRepo) + "/" + kFile), qPrintable(downloaded));
        QCOMPARE(sha256Of(downloaded), sha256Of(stories_));
        bool resumed = false;
        for (const QJsonValue& r : hub_.requests()) {
            const QJsonObject request = r.toObject();
            if (request.value("server").toString() == "cdn" &&
                request.value("headers").toObject().value("range").toString().startsWith("bytes=4"))
                resumed = true;
        }
        QVERIFY2(resumed, "the second attempt did not continue from the bytes it had");

        // It is in My Models.
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->rowCount() == 1, kWaitMs);
        QCOMPARE(app.context->models()
                     ->data(app.context->models()->index(0), hearth::ui::ModelPickerModel::OriginRole)
                     .toString(),
                 QString(kRepo));

        // Load it from the Downloads page, then chat.
        app.window->setProperty("currentPage", "downloads");
        QQuickItem* item = nullptr;
        QTRY_VERIFY((item = app.item("download_0")) != nullptr);
        click(findItem(item, "loadDownload"));
        QTRY_VERIFY_WITH_TIMEOUT(app.context->models()->hasModel() && !app.context->models()->loading(), kWaitMs);
        QCOMPARE(app.context->models()->loadedPath(), downloaded);
        QTRY_COMPARE(app.window->property("currentPage").toString(), QString("chats"));

        app.chat().setSamplingValue("temperature", 0.0);
        app.chat().setSamplingValue("maxTokens", 16);
        QQuickItem* composer = app.item("composer");
        QVERIFY(composer);
        composer->forceActiveFocus();
        typeText(app.window, "Once upon a time");
        QTest::keyClick(app.window, Qt::Key_Return);
        QTRY_COMPARE(app.messages().rowCount(), 2);
        QTRY_VERIFY_WITH_TIMEOUT(!app.chat().generating(), kWaitMs);
        QVERIFY2(app.text(1).size() > 10, qPrintable(app.text(1)));
        QVERIFY(app.chat().errorText().isEmpty());
    }

    void gatedAndMissingReposExplainThemselves()
    {
        AppUnderTest app(data_.path());
        QVERIFY(QTest::qWaitForWindowExposed(app.window));
        app.window->setProperty("currentPage", "discover");
        QQuickItem* page = nullptr;
        QTRY_VERIFY((page = app.item("discoverPage")) != nullptr);
        QMetaObject::invokeMethod(page, "openModel", Q_ARG(QVariant, QString(kGatedRepo)));
        QTRY_VERIFY_WITH_TIMEOUT(app.item("detailsGated") != nullptr, kWaitMs);
        const QString how = app.context->modelDetails()->gatedText();
        QVERIFY2(how.contains("token") && how.contains("Settings"), qPrintable(how));

        // Downloading without access fails with the same advice.
        QTRY_VERIFY(app.item("downloadFile_0") != nullptr);
        click(app.item("downloadFile_0"));
        auto* downloads = app.context->downloads();
        int row = -1;
        QTRY_VERIFY_WITH_TIMEOUT(
            [&] {
                for (int i = 0; i < downloads->rowCount(); ++i)
                    if (downloads->data(downloads->index(i), hearth::ui::DownloadsModel::RepoRole).toString() ==
                            kGatedRepo &&
                        downloads->data(downloads->index(i), hearth::ui::DownloadsModel::StateRole).toString() ==
                            "failed")
                        row = i;
                return row >= 0;
            }(),
            kWaitMs);
        const QString error = downloadValue(app, row, hearth::ui::DownloadsModel::ErrorRole);
        QVERIFY2(error.contains("gated") && error.contains("token"), qPrintable(error));

        // With a token that has access (saved in Settings), Retry downloads it.
        hearth::Settings().setHuggingFaceToken("hf_granted");
        app.context->reloadHubToken();
        QVERIFY2(app.context->modelDetails()->gatedText().contains("token is set"),
                 qPrintable(app.context->modelDetails()->gatedText()));
        const int id = downloads->data(downloads->index(row), hearth::ui::DownloadsModel::IdRole).toInt();
        downloads->retry(id);
        QTRY_COMPARE_WITH_TIMEOUT(downloadValue(app, row, hearth::ui::DownloadsModel::StateRole), QString("completed"),
                                  kWaitMs);
        hearth::Settings().setHuggingFaceToken({});
        app.context->reloadHubToken();

        // A repo that does not exist.
        QMetaObject::invokeMethod(page, "openModel", Q_ARG(QVariant, QString("hearth-test/No-Such-Model")));
        QTRY_VERIFY_WITH_TIMEOUT(app.context->modelDetails()->status() == "error", kWaitMs);
        const QString missing = app.context->modelDetails()->message();
        QVERIFY2(missing.contains("No-Such-Model"), qPrintable(missing));
        QTRY_VERIFY(app.item("detailsProblem") != nullptr);
    }
};

QTEST_MAIN(DiscoverToChatTest)
#include "test_discover_to_chat.moc"
