// The real window resized through a sweep of widths and heights on every
// page (a chat with long questions, answers, code and a table; the chat's
// settings panel; Discover offline and a model page; Downloads; My Models;
// Settings): any warning printed while laying out (a binding loop, a
// layout that recurses) fails the test.

#include "app_under_test.h"
#include "whole_window.h"

#include <QTcpServer>
#include <QTemporaryDir>
#include <QtTest>

using namespace hearth::test;

namespace {

const QList<int> kWidths = {1600, 1280, 1000, 900, 800, 700, 600, 520, 440, 360, 1440, 999, 801, 375};
const QList<int> kHeights = {1000, 600, 400, 800};

} // namespace

class WindowResizeTest : public QObject {
    Q_OBJECT

    QTemporaryDir data_;
    QTemporaryDir config_;
    std::unique_ptr<AppUnderTest> app_;

    // Every size of the sweep; returns the warnings printed on the way,
    // each with the size it appeared at.
    QStringList sweep()
    {
        QStringList found;
        for (const int height : kHeights) {
            for (const int width : kWidths) {
                app_->window->resize(width, height);
                QTest::qWait(20); // polish, layouts and a frame
                for (const QString& message : std::exchange(g_messages, {}))
                    found << QString("%1x%2: %3").arg(width).arg(height).arg(message);
            }
        }
        g_qmlWarnings.clear(); // also in `found`
        app_->window->resize(1280, 800);
        QTest::qWait(20);
        app_->window->grabWindow(); // polishes: the layouts have the new size
        return found;
    }

    void sweepPage(const QString& page)
    {
        app_->window->setProperty("currentPage", page);
        QTest::qWait(50);
        const QStringList warnings = sweep();
        QVERIFY2(warnings.isEmpty(), qPrintable(warnings.join('\n')));
    }

private Q_SLOTS:
    void initTestCase()
    {
        HEARTH_REQUIRE_SHARED(stories, "models/stories260K-f32.gguf");
        prepareWindowTests(config_.path());
        // Discover without a network: a port nobody listens on.
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        qputenv("HF_ENDPOINT", QString("http://127.0.0.1:%1").arg(probe.serverPort()).toUtf8());
        probe.close();
        startWholeWindow(app_, data_.path(), stories);
    }

    void cleanup() { HEARTH_FAIL_ON_ANY_WARNING(); }
    void cleanupTestCase() { stopWholeWindow(app_); }

    void chatWithLongMessages()
    {
        QTRY_VERIFY(app_->item("message_5"));
        sweepPage("chats");

        // Still a bubble as wide as its text: one short line, or the widest
        // the column allows for long ones.
        QQuickItem* list = app_->item("messageList");
        QVERIFY(list);
        const auto userText = [&](int row) -> QQuickItem* {
            QMetaObject::invokeMethod(list, "positionViewAtIndex", Q_ARG(int, row), Q_ARG(int, 1 /* Beginning */));
            QQuickItem* text = nullptr;
            return QTest::qWaitFor([&] { return (text = findItem(app_->item(QString("message_%1").arg(row)), "userText")); })
                       ? text : nullptr;
        };
        QQuickItem* shortText = userText(2);
        QVERIFY(shortText);
        QCOMPARE(shortText->property("lineCount").toInt(), 1);
        QVERIFY2(shortText->width() > 20 && shortText->width() < 150, qPrintable(QString::number(shortText->width())));
        QQuickItem* longText = userText(0);
        QVERIFY(longText);
        const qreal column = app_->item("message_0")->property("contentWidth").toReal();
        QCOMPARE(longText->width(), column * 0.85 - 28);
        QVERIFY(longText->property("lineCount").toInt() > 3);
    }

    void chatWithItsSettingsPanel()
    {
        QObject* chatPage = app_->window->findChild<QObject*>("chatPage");
        QVERIFY(chatPage);
        chatPage->setProperty("settingsOpen", true);
        sweepPage("chats");
        chatPage->setProperty("settingsOpen", false);
    }

    void discoverOfflineWithAQuery()
    {
        app_->context->discover()->setDebounceMs(0);
        app_->context->discover()->setQuery("qwen coder");
        QTRY_COMPARE_WITH_TIMEOUT(app_->context->discover()->status(), QString("offline"), kWaitMs);
        sweepPage("discover");
        app_->context->discover()->setQuery("");
    }

    void modelPageOffline()
    {
        QObject* discover = app_->window->findChild<QObject*>("discoverPage");
        QVERIFY(discover);
        QMetaObject::invokeMethod(discover, "openModel", Q_ARG(QVariant, QString("Qwen/Qwen2.5-0.5B-Instruct-GGUF")));
        QTRY_COMPARE_WITH_TIMEOUT(app_->context->modelDetails()->status(), QString("offline"), kWaitMs);
        sweepPage("discover");
        QMetaObject::invokeMethod(discover, "showList");
    }

    void downloads() { sweepPage("downloads"); }
    void myModels() { sweepPage("models"); }
    void settings() { sweepPage("settings"); }
};

QTEST_MAIN(WindowResizeTest)
#include "test_window_resize.moc"
