// The real DownloadsPanel.qml, offscreen, over a DownloadsModel fed by the
// fake Hub: the empty state, a running and a finished download with their
// texts, and the buttons (Pause, Resume, Load) doing what they say. Any
// QML warning fails the test.

#include "message_log.h"
#include "../app/hub/download_test_util.h"
#include "downloads/downloads_model.h"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

#include <memory>

Q_IMPORT_QML_PLUGIN(HearthPlugin)

using namespace hearth::downloads;
using namespace hearth::test;
using hearth::ui::DownloadsModel;

namespace {

// The panel in a window of its own, the way a host page places it.
const char* const kPanelWindow = R"(
import QtQuick
import QtQuick.Controls
import Hearth
ApplicationWindow {
    width: 900; height: 600; visible: true
    color: Theme.window
    DownloadsPanel { objectName: "downloadsPanel"; anchors.fill: parent; anchors.margins: 16 }
}
)";

// Delegates are not QObject children of the view: walk the visual tree.
QQuickItem* findItem(QQuickItem* root, const QString& name)
{
    if (!root)
        return nullptr;
    if (root->objectName() == name && root->isVisible())
        return root;
    const QList<QQuickItem*> children = root->childItems();
    for (QQuickItem* child : children)
        if (QQuickItem* found = findItem(child, name))
            return found;
    return nullptr;
}

} // namespace

class TestDownloadsPanel : public QObject {
    Q_OBJECT

    FakeHub hub_;
    QTemporaryDir dir_;
    std::unique_ptr<DownloadManager> manager_;
    std::unique_ptr<DownloadsModel> model_;
    std::unique_ptr<QQmlApplicationEngine> engine_;
    QQuickWindow* window_ = nullptr;
    const FakeFile q8_{kRepo, "tiny-llama-Q8_0.gguf", 200000};
    const FakeFile q4_{kRepo, "tiny-llama-Q4_K_M.gguf", 300000};

    static hearth::hub::HubFileGroup group(const FakeFile& f)
    {
        hearth::hub::HubFileGroup g;
        g.name = f.path;
        g.parts << f.hubFile();
        return g;
    }

    QQuickItem* item(const QString& name) const { return findItem(window_->contentItem(), name); }
    // The delegate of `id`'s row (rows are newest first).
    QQuickItem* row(int id) const
    {
        for (int i = 0; i < model_->rowCount(); ++i)
            if (model_->data(model_->index(i), DownloadsModel::IdRole).toInt() == id)
                return item(QString("download_%1").arg(i));
        return nullptr;
    }
    QString state(int id) const { return model_->get(id).value("downloadState").toString(); }

    void click(QQuickItem* target)
    {
        QVERIFY(target);
        QVERIFY2(target->isVisible(), qPrintable(target->objectName() + " is not visible"));
        const QPointF centre = target->mapToScene(QPointF(target->width() / 2, target->height() / 2));
        QTest::mouseClick(window_, Qt::LeftButton, {}, centre.toPoint());
    }

private Q_SLOTS:
    void initTestCase()
    {
        g_previous = qInstallMessageHandler(collectMessages);
        QQuickStyle::setStyle("Basic");
        QVERIFY(dir_.isValid());
        QVERIFY2(hub_.start(), "the fake hub did not start (python3?)");
        const hearth::hub::HubConfig config{hub_.endpoint(), kToken};
        manager_ = std::make_unique<DownloadManager>(config, fastPolicy());
        model_ = std::make_unique<DownloadsModel>(*manager_, config, dir_.path() + "/models");

        engine_ = std::make_unique<QQmlApplicationEngine>();
        engine_->addImportPath("qrc:/");
        engine_->loadData(kPanelWindow);
        QVERIFY(!engine_->rootObjects().isEmpty());
        window_ = qobject_cast<QQuickWindow*>(engine_->rootObjects().constFirst());
        QVERIFY(window_);
        QVERIFY(QTest::qWaitForWindowExposed(window_));
    }

    void cleanupTestCase()
    {
        engine_.reset(); // the QML first, then the model it shows
        model_.reset();
        manager_.reset();
        qInstallMessageHandler(g_previous);
        QVERIFY2(g_messages.isEmpty(), qPrintable(g_messages.join('\n')));
    }

    void emptyWithoutModelAndWithEmptyModel()
    {
        QVERIFY(item("downloadsEmpty")); // no model bound yet: no warnings either
        QQuickItem* panel = item("downloadsPanel");
        QVERIFY(panel);
        QVERIFY(panel->setProperty("downloads", QVariant::fromValue<QObject*>(model_.get())));
        QVERIFY(item("downloadsEmpty"));
        QVERIFY(!item("downloadsList"));
    }

    void runningAndFinishedDownloadsShowAndAct()
    {
        const int finished = model_->start(kRepo, group(q8_));
        QTRY_COMPARE_WITH_TIMEOUT(state(finished), QString("completed"), 20000);
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "slow"}, {"rate", 40000}}));
        const int running = model_->start(kRepo, group(q4_));
        QTRY_VERIFY_WITH_TIMEOUT(state(running) == "running" && model_->get(running).value("progress").toDouble() > 0.05,
                                 10000);
        QVERIFY(!item("downloadsEmpty"));
        QVERIFY(item("downloadsList"));

        // The finished one: its name, "Downloaded · size" and Load / New chat.
        QQuickItem* done = row(finished);
        QVERIFY(done);
        QCOMPARE(findItem(done, "downloadName")->property("text").toString(), q8_.path);
        QCOMPARE(findItem(done, "downloadStatus")->property("text").toString(), QString("Downloaded · 195.3 KiB"));
        QVERIFY(findItem(done, "loadDownload"));
        QVERIFY(findItem(done, "newChatDownload"));
        QVERIFY(findItem(done, "showDownloadFolder"));
        QVERIFY(!findItem(done, "pauseDownload"));
        QVERIFY(!findItem(done, "downloadProgress"));

        // The running one: bytes of total, speed and time left; a bar.
        QQuickItem* going = row(running);
        QVERIFY(going);
        QCOMPARE(findItem(going, "downloadName")->property("text").toString(), q4_.path);
        QTRY_VERIFY_WITH_TIMEOUT(
            findItem(going, "downloadStatus")->property("text").toString().contains(" of 293.0 KiB · "), 5000);
        QVERIFY(findItem(going, "downloadProgress"));
        QVERIFY(findItem(going, "cancelDownload"));
        QVERIFY(!findItem(going, "loadDownload"));
        QVERIFY(item("downloadsSummary"));

        // Pause pauses; Resume continues.
        click(findItem(going, "pauseDownload"));
        QTRY_COMPARE(state(running), QString("paused"));
        QTRY_VERIFY(findItem(going, "resumeDownload"));
        QVERIFY(!findItem(going, "pauseDownload"));
        QVERIFY(findItem(going, "downloadStatus")->property("text").toString().startsWith("Paused · "));
        QVERIFY(QFile::exists(partPath(dir_.path() + "/models/" + kRepo + "/" + q4_.path)));

        QVERIFY(hub_.reset()); // full speed from here
        click(findItem(going, "resumeDownload"));
        QTRY_COMPARE_WITH_TIMEOUT(state(running), QString("completed"), 20000);
        QCOMPARE(readAll(dir_.path() + "/models/" + kRepo + "/" + q4_.path), q4_.content());

        // Load on the finished row asks for the model with its path.
        QSignalSpy load(model_.get(), &DownloadsModel::loadRequested);
        QSignalSpy chat(item("downloadsPanel"), SIGNAL(chatRequested()));
        click(findItem(row(finished), "loadDownload"));
        QCOMPARE(load.size(), 1);
        QCOMPARE(load[0][0].toString(), dir_.path() + "/models/" + kRepo + "/" + q8_.path);
        QCOMPARE(chat.size(), 1);

        // Clear finished empties the list again.
        click(item("clearFinishedDownloads"));
        QCOMPARE(model_->rowCount(), 0);
        QTRY_VERIFY(item("downloadsEmpty"));
    }
};

QTEST_MAIN(TestDownloadsPanel)
#include "test_downloads_panel.moc"
