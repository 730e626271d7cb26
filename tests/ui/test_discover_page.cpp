// DiscoverPage.qml and ModelDetailsPage.qml, offscreen, against the fake
// Hub: the search box has the focus, typing shows a result, clicking it
// shows the model's files with the recommended one marked, Download and
// Back work, an empty search says so. Any QML warning fails the test.

#include "message_log.h"
#include "fake_hub.h"
#include "hub/discover_model.h"
#include "hub/model_details_model.h"
#include "hub_test_proxy.h"

#include <QClipboard>
#include <QDesktopServices>
#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQmlContext>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

Q_IMPORT_QML_PLUGIN(HearthPlugin)

using namespace hearth::test;
using namespace hearth::ui;

namespace {

// The page as Main.qml would place it, bound to the test's view models.
const char* const kPageWindow = R"(
import QtQuick
import QtQuick.Controls
import Hearth
ApplicationWindow {
    width: 1000; height: 760; visible: true
    DiscoverPage {
        objectName: "discoverPage"
        anchors.fill: parent
        discover: testDiscover
        details: testDetails
    }
}
)";

void collectItems(QQuickItem* item, QList<QQuickItem*>& out)
{
    out << item;
    for (QQuickItem* child : item->childItems())
        collectItems(child, out);
}

QQuickItem* findItem(QQuickWindow* window, const QString& name, bool visibleOnly = true)
{
    QList<QQuickItem*> items;
    collectItems(window->contentItem(), items);
    for (QQuickItem* item : items)
        if (item->objectName() == name && (!visibleOnly || item->isVisible()))
            return item;
    return nullptr;
}

// The visible item under `root` showing `text` (a button's label).
QQuickItem* findByText(QQuickItem* root, const QString& text)
{
    QList<QQuickItem*> items;
    collectItems(root, items);
    for (QQuickItem* item : items)
        if (item->isVisible() && item->property("text").toString() == text && item->inherits("QQuickAbstractButton"))
            return item;
    return nullptr;
}

int countItems(QQuickWindow* window, const QString& prefix)
{
    QList<QQuickItem*> items;
    collectItems(window->contentItem(), items);
    int n = 0;
    for (QQuickItem* item : items)
        n += item->objectName().startsWith(prefix) && item->isVisible() ? 1 : 0;
    return n;
}

// Stands in for the desktop's browser (QDesktopServices::setUrlHandler).
class UrlCatcher : public QObject {
    Q_OBJECT
public:
    QList<QUrl> opened;
public slots:
    void open(const QUrl& url) { opened << url; }
};

} // namespace

class DiscoverPageTest : public QObject {
    Q_OBJECT

    QTemporaryDir home_;
    FakeHub hub_;
    std::unique_ptr<hearth::hub::HubClient> client_;
    DiscoverModel* discover_ = nullptr;
    ModelDetailsModel* details_ = nullptr;
    QQmlApplicationEngine* engine_ = nullptr;
    QQuickWindow* window_ = nullptr;

    void click(QQuickItem* item)
    {
        QVERIFY(item);
        QVERIFY(item->isVisible());
        const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        QTest::mouseClick(window_, Qt::LeftButton, {}, centre.toPoint());
    }

    void type(const QString& text)
    {
        for (const QChar c : text) // keyClicks only takes widgets
            QTest::keyClick(window_, c.toLatin1());
    }

    // HEARTH_SCREENSHOT_DIR=/tmp/x saves what the page looks like at each step.
    void snapshot(const QString& name)
    {
        const QString dir = qEnvironmentVariable("HEARTH_SCREENSHOT_DIR");
        if (!dir.isEmpty())
            window_->grabWindow().save(dir + "/" + name + ".png");
    }

    void clearSearch()
    {
        QTest::keyClick(window_, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(window_, Qt::Key_Backspace);
    }

private slots:
    void initTestCase()
    {
        QVERIFY(home_.isValid());
        qputenv("XDG_CONFIG_HOME", (home_.path() + "/config").toUtf8());
        qputenv("XDG_DATA_HOME", (home_.path() + "/data").toUtf8());
        qunsetenv("HEARTH_THEME");
        QVERIFY2(hub_.start(), "the fake hub did not start (python3?)");
        g_previous = qInstallMessageHandler(collectMessages);
        QQuickStyle::setStyle("Basic");

        client_ = std::make_unique<hearth::hub::HubClient>(hearth::hub::HubConfig{hub_.endpoint(), {}});
        discover_ = new DiscoverModel(*client_, this);
        // Enough for the fake Q8_0 and F16 files at the default context (see test_discover_model).
        details_ = new ModelDetailsModel(*client_, (384ull << 20) + 240000, this);

        engine_ = new QQmlApplicationEngine(this);
        engine_->addImportPath("qrc:/");
        engine_->rootContext()->setContextProperty("testDiscover", discover_);
        engine_->rootContext()->setContextProperty("testDetails", details_);
        engine_->loadData(kPageWindow);
        QVERIFY(!engine_->rootObjects().isEmpty());
        window_ = qobject_cast<QQuickWindow*>(engine_->rootObjects().constFirst());
        QVERIFY(window_);
        QVERIFY(QTest::qWaitForWindowExposed(window_));
        window_->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(window_));
    }

    void cleanupTestCase()
    {
        delete engine_;
        engine_ = nullptr;
        qInstallMessageHandler(g_previous);
        QVERIFY2(g_messages.isEmpty(), qPrintable(g_messages.join('\n')));
    }

    void startsWithTheCuratedListAndFocusInTheSearchBox()
    {
        QQuickItem* search = findItem(window_, "discoverSearch");
        QVERIFY(search);
        QTRY_VERIFY(search->hasActiveFocus());
        QTRY_VERIFY(findItem(window_, "discoverResult_0"));
        QCOMPARE(findItem(window_, "discoverResult_0")->property("repoId").toString(),
                 discover_->repoIdAt(0));
        QVERIFY(!findItem(window_, "discoverSort")->isEnabled()); // no sort for the curated list
        snapshot("discover-curated");
    }

    void typingSearchesAndClickingOpensTheModel()
    {
        QTRY_VERIFY(findItem(window_, "discoverSearch")->hasActiveFocus());
        type("tiny");
        QCOMPARE(discover_->query(), QString("tiny"));
        QTRY_COMPARE_WITH_TIMEOUT(discover_->searchedText(), QString("tiny"), 10000);
        QTRY_COMPARE(discover_->status(), QString("idle"));
        QTRY_COMPARE(countItems(window_, "discoverResult_"), 1);
        QQuickItem* result = findItem(window_, "discoverResult_0");
        QCOMPARE(result->property("repoId").toString(), QString("hearth-test/Tiny-Llama-GGUF"));
        QCOMPARE(result->property("downloadsText").toString(), QString("9.0K"));
        QVERIFY(findItem(window_, "discoverSort")->isEnabled());
        // The sort drop-down opens (themed) and Escape closes it.
        QObject* sortPopup = findItem(window_, "discoverSort")->property("popup").value<QObject*>();
        click(findItem(window_, "discoverSort"));
        QTRY_VERIFY(sortPopup->property("opened").toBool());
        snapshot("discover-sort");
        QTest::keyClick(window_, Qt::Key_Escape);
        QTRY_VERIFY(!sortPopup->property("visible").toBool());
        snapshot("discover-results");

        click(result);
        QTRY_VERIFY(findItem(window_, "modelDetailsPage"));
        QCOMPARE(details_->repoId(), QString("hearth-test/Tiny-Llama-GGUF"));
        QTRY_COMPARE_WITH_TIMEOUT(details_->status(), QString("ready"), 10000);
        QTRY_COMPARE(countItems(window_, "fileRow_"), 5);
        QCOMPARE(findItem(window_, "detailsTitle")->property("text").toString(), QString("Tiny-Llama-GGUF"));
        QVERIFY(findItem(window_, "modelCard"));

        // The recommended row is the Q8_0 file, and it carries the badge.
        const int recommended = details_->recommendedRow();
        QVERIFY(recommended >= 0);
        QQuickItem* row = findItem(window_, QString("fileRow_%1").arg(recommended));
        QVERIFY(row);
        QCOMPARE(row->property("quant").toString(), QString("Q8_0"));
        QCOMPARE(countItems(window_, "recommendedBadge"), 1);
        snapshot("model-details");

        // Download passes the repo and the file group on.
        QObject* page = findItem(window_, "discoverPage");
        QSignalSpy download(page, SIGNAL(downloadRequested(QString, QString)));
        click(findItem(window_, QString("downloadFile_%1").arg(recommended)));
        QTRY_COMPARE(download.size(), 1);
        QCOMPARE(download[0][0].toString(), QString("hearth-test/Tiny-Llama-GGUF"));
        QCOMPARE(download[0][1].toString(), QString("tiny-llama-Q8_0.gguf"));
        // An unsupported quant cannot be downloaded from here.
        const int iq4 = [&] {
            for (int i = 0; i < details_->rowCount(); ++i)
                if (details_->data(details_->index(i), ModelDetailsModel::QuantRole).toString() == "IQ4_XS")
                    return i;
            return -1;
        }();
        QVERIFY(!findItem(window_, QString("downloadFile_%1").arg(iq4))->isEnabled());

        click(findItem(window_, "detailsBack"));
        QTRY_VERIFY(findItem(window_, "discoverResults"));
        QVERIFY(!findItem(window_, "modelDetailsPage"));
        QTRY_VERIFY(findItem(window_, "discoverSearch")->hasActiveFocus());
    }

    void anEmptySearchSaysSo()
    {
        clearSearch();
        QVERIFY(discover_->showingCurated());
        type("zzz");
        QTRY_COMPARE_WITH_TIMEOUT(discover_->searchedText(), QString("zzz"), 10000);
        QTRY_VERIFY(findItem(window_, "discoverEmpty"));
        QCOMPARE(countItems(window_, "discoverResult_"), 0);
        snapshot("discover-empty");
    }

    void aGatedModelExplainsAccess()
    {
        // By keyboard: type, Down to the first result, Return to open it.
        QQuickItem* search = findItem(window_, "discoverSearch");
        search->forceActiveFocus();
        clearSearch();
        type("gated");
        QTRY_COMPARE_WITH_TIMEOUT(discover_->searchedText(), QString("gated"), 10000);
        QTRY_COMPARE(countItems(window_, "discoverResult_"), 1);
        QTest::keyClick(window_, Qt::Key_Down);
        QTRY_VERIFY(findItem(window_, "discoverResult_0")->hasActiveFocus());
        QTest::keyClick(window_, Qt::Key_Return);
        QTRY_VERIFY(findItem(window_, "modelDetailsPage"));
        QCOMPARE(details_->repoId(), QString("hearth-test/Gated-Model-GGUF"));
        QTRY_COMPARE_WITH_TIMEOUT(details_->status(), QString("ready"), 10000);
        QTRY_VERIFY(findItem(window_, "detailsGated"));
        QTRY_COMPARE(countItems(window_, "fileRow_"), 1);
        snapshot("model-gated");
        QTest::keyClick(window_, Qt::Key_Escape); // back to the list
        QTRY_VERIFY(!findItem(window_, "modelDetailsPage"));
    }

    void offlineSaysSoAndTryAgainRecovers()
    {
        HubProxy proxy(HubProxy::freePort());
        hearth::hub::HubClient client(hearth::hub::HubConfig{proxy.endpoint(), {}});
        DiscoverModel offline(client);
        offline.backoff().setDelays(60000, 60000); // only the button brings it back
        engine_->rootContext()->setContextProperty("testDiscover", &offline);
        const auto restore = qScopeGuard([this] { engine_->rootContext()->setContextProperty("testDiscover", discover_); });

        QQuickItem* search = findItem(window_, "discoverSearch");
        search->forceActiveFocus();
        QTRY_VERIFY(search->hasActiveFocus());
        offline.setCuratedModels({{"Qwen/Qwen2.5-0.5B-Instruct-GGUF", "Qwen2.5", "A tiny chat model."},
                                  {"bartowski/Llama-3.2-3B-Instruct-GGUF", "Llama 3.2", "Compact chat."}});
        type("tiny");
        QTRY_COMPARE_WITH_TIMEOUT(offline.status(), QString("offline"), 10000);
        QQuickItem* banner = nullptr;
        QTRY_VERIFY((banner = findItem(window_, "discoverProblem")));
        // The client's sentence says why (once), then that Hearth keeps trying.
        const QString said = banner->property("text").toString();
        QVERIFY2(said.startsWith(offline.message() + " Hearth keeps trying."), qPrintable(said));
        QVERIFY2(said.count("offline", Qt::CaseInsensitive) <= 1 && said.count("reach", Qt::CaseInsensitive) == 1,
                 qPrintable(said));
        QVERIFY(!findItem(window_, "discoverEmpty")); // not "no results"
        // What Hearth knows without the Hub: the popular models matching the query, labelled so.
        QCOMPARE(findItem(window_, "discoverListTitle")->property("text").toString(), QString("Popular models (offline)"));
        QTRY_COMPARE(countItems(window_, "discoverResult_"), 1);
        QCOMPARE(findItem(window_, "discoverResult_0")->property("repoId").toString(),
                 QString("Qwen/Qwen2.5-0.5B-Instruct-GGUF"));
        snapshot("discover-offline");

        // None matches: the page says so rather than "You're offline" again.
        type("zzz");
        QTRY_COMPARE_WITH_TIMEOUT(offline.query(), QString("tinyzzz"), 10000);
        QQuickItem* none = nullptr;
        QTRY_VERIFY_WITH_TIMEOUT((none = findItem(window_, "discoverOffline")), 10000);
        QCOMPARE(none->property("heading").toString(), QString("No popular model matches “tinyzzz”"));
        QCOMPARE(countItems(window_, "discoverResult_"), 0);
        for (int i = 0; i < 3; ++i)
            QTest::keyClick(window_, Qt::Key_Backspace);
        QTRY_COMPARE_WITH_TIMEOUT(countItems(window_, "discoverResult_"), 1, 10000);

        QVERIFY(proxy.forwardTo(quint16(hub_.hubPort())));
        click(findByText(banner, "Try again"));
        QTRY_COMPARE_WITH_TIMEOUT(offline.status(), QString("idle"), 10000);
        QTRY_VERIFY(!findItem(window_, "discoverProblem"));
        QTRY_COMPARE(countItems(window_, "discoverResult_"), 1);
        QCOMPARE(findItem(window_, "discoverResult_0")->property("repoId").toString(),
                 QString("hearth-test/Tiny-Llama-GGUF"));
        QCOMPARE(findItem(window_, "discoverListTitle")->property("text").toString(), QString("Results for “tiny”"));
    }

    // "Open on Hugging Face" with a browser hands the address over; without
    // one (the offscreen platform has none) it shows the address to copy.
    void openOnHuggingFaceWithoutABrowserShowsTheAddress()
    {
        QObject* page = findItem(window_, "discoverPage");
        QMetaObject::invokeMethod(page, "openModel", Q_ARG(QVariant, QString("hearth-test/Tiny-Llama-GGUF")));
        QTRY_COMPARE_WITH_TIMEOUT(details_->status(), QString("ready"), 10000);
        const QString url = details_->hubUrl();
        QVERIFY(url.endsWith("hearth-test/Tiny-Llama-GGUF"));

        UrlCatcher browser;
        QDesktopServices::setUrlHandler(QUrl(url).scheme(), &browser, "open");
        click(findItem(window_, "openOnHub"));
        QTRY_COMPARE(browser.opened, QList<QUrl>({QUrl(url)}));
        QVERIFY(!findItem(window_, "openLinkBanner"));

        QDesktopServices::unsetUrlHandler(QUrl(url).scheme());
        click(findItem(window_, "openOnHub"));
        QQuickItem* banner = nullptr;
        QTRY_VERIFY((banner = findItem(window_, "openLinkBanner")));
        // The platform's own complaint about it is expected here.
        g_messages.removeIf([](const QString& m) { return m.contains("openUrl"); });
        QCOMPARE(findItem(window_, "openLinkAddress")->property("text").toString(), url);
        QGuiApplication::clipboard()->clear();
        click(findItem(window_, "openLinkCopy"));
        QTRY_COMPARE(QGuiApplication::clipboard()->text(), url);
        QCOMPARE(findItem(window_, "openLinkCopy")->property("text").toString(), QString("Copied"));
        snapshot("open-link-fallback");

        click(findItem(window_, "detailsBack"));
        QTRY_VERIFY(!findItem(window_, "modelDetailsPage"));
    }
};

QTEST_MAIN(DiscoverPageTest)
#include "test_discover_page.moc"
