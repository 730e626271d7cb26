// The `hearth` executable as a user or a script starts it.

#include <QImage>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>

class GuiEntryTest : public QObject {
    Q_OBJECT

    QTemporaryDir scratch_;

    QProcessEnvironment environment() const
    {
        QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
        env.insert("XDG_CONFIG_HOME", scratch_.path());
        env.insert("QT_QPA_PLATFORM", "offscreen");
        env.insert("QT_QUICK_BACKEND", "software");
        return env;
    }

private Q_SLOTS:
    void versionPrintsAndExits()
    {
        QProcess hearth;
        hearth.setProcessEnvironment(environment());
        hearth.start(HEARTH_GUI_PATH, {"--version"});
        QVERIFY(hearth.waitForFinished(30000));
        QCOMPARE(hearth.exitCode(), 0);
        QVERIFY(QString::fromUtf8(hearth.readAllStandardOutput()).startsWith("hearth 0."));
    }

    void screenshotRendersTheWindow()
    {
        const QString file = scratch_.filePath("settings.png");
        QProcess hearth;
        hearth.setProcessEnvironment(environment());
        hearth.start(HEARTH_GUI_PATH, {"--screenshot", file, "--page", "settings", "--size", "900x640"});
        QVERIFY(hearth.waitForFinished(60000));
        QCOMPARE(hearth.exitCode(), 0);
        const QImage image(file);
        QCOMPARE(image.size(), QSize(900, 640));
        // An app, not a blank window: many distinct colours are on screen.
        QSet<QRgb> colours;
        for (int y = 0; y < image.height(); y += 4)
            for (int x = 0; x < image.width(); x += 4)
                colours.insert(image.pixel(x, y));
        QVERIFY2(colours.size() > 20, qPrintable(QString("only %1 colours").arg(colours.size())));
    }
};

QTEST_GUILESS_MAIN(GuiEntryTest)
#include "test_gui_entry.moc"
