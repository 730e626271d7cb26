// The real SettingsPage.qml, offscreen: typing into its fields and clicking
// its buttons changes SettingsModel and the saved settings, a refused value
// is explained on the page, and every control has an accessible name.

#include "message_log.h"
#include "core/settings.h"
#include "models/device_list_model.h"
#include "models/settings_model.h"
#include "theme/system_theme.h"

#include <QGuiApplication>
#include <QQmlApplicationEngine>
#include <QQuickItem>
#include <QQuickStyle>
#include <QQuickWindow>
#include <QTemporaryDir>
#include <QtQml/qqmlextensionplugin.h>
#include <QtTest>

Q_IMPORT_QML_PLUGIN(HearthPlugin)

using namespace hearth::test;

namespace {

// The page as Main.qml uses it, in a window of its own.
const char* const kPageWindow = R"(
import QtQuick
import QtQuick.Controls
import Hearth
ApplicationWindow {
    width: 1024; height: 768; visible: true
    SettingsPage { objectName: "settingsPage"; anchors.fill: parent; devices: DeviceListModel {} }
}
)";

// Repeater delegates are not QObject children of the page, so walk the
// visual tree.
void collectItems(QQuickItem* item, QList<QQuickItem*>& out)
{
    out << item;
    for (QQuickItem* child : item->childItems())
        collectItems(child, out);
}

QQuickItem* findItem(QQuickWindow* window, const QString& name)
{
    QList<QQuickItem*> items;
    collectItems(window->contentItem(), items);
    for (QQuickItem* item : items)
        if (item->objectName() == name)
            return item;
    return nullptr;
}

QString accessibleName(QObject* object)
{
    for (QObject* child : object->children())
        if (qstrcmp(child->metaObject()->className(), "QQuickAccessibleAttached") == 0)
            return child->property("name").toString();
    return {};
}

} // namespace

class SettingsPageTest : public QObject {
    Q_OBJECT

    QTemporaryDir home_;
    QQmlApplicationEngine* engine_ = nullptr;
    QQuickWindow* window_ = nullptr;
    hearth::ui::SettingsModel* model_ = nullptr;

    // Types `text` into the field the way a person does and presses Return.
    void typeInto(QQuickItem* field, const QString& text)
    {
        field->forceActiveFocus();
        QTRY_VERIFY(field->hasActiveFocus());
        QTest::keyClick(window_, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(window_, Qt::Key_Backspace);
        for (const QChar c : text) // keyClicks only takes widgets
            QTest::keyClick(window_, c.toLatin1());
        QCOMPARE(field->property("text").toString(), text);
        QTest::keyClick(window_, Qt::Key_Return);
    }

    void click(QQuickItem* item)
    {
        QVERIFY(item->isVisible());
        // Scroll it into view first, as a person would.
        QVERIFY(QMetaObject::invokeMethod(findItem(window_, "settingsPage"), "reveal",
                                          Q_ARG(QVariant, QVariant::fromValue<QObject*>(item))));
        const QPointF centre = item->mapToScene(QPointF(item->width() / 2, item->height() / 2));
        QTest::mouseClick(window_, Qt::LeftButton, {}, centre.toPoint());
    }

private slots:
    void initTestCase()
    {
        QVERIFY(home_.isValid());
        qputenv("XDG_CONFIG_HOME", (home_.path() + "/config").toUtf8());
        qputenv("XDG_DATA_HOME", (home_.path() + "/data").toUtf8());
        qunsetenv("HEARTH_DATA_DIR");
        qunsetenv("HEARTH_THEME");
        g_previous = qInstallMessageHandler(collectMessages);
        QQuickStyle::setStyle("Basic");

        engine_ = new QQmlApplicationEngine(this);
        engine_->addImportPath("qrc:/"); // where the module's qmldir is (RESOURCE_PREFIX /)
        engine_->loadData(kPageWindow);
        QVERIFY(!engine_->rootObjects().isEmpty());
        window_ = qobject_cast<QQuickWindow*>(engine_->rootObjects().constFirst());
        QVERIFY(window_);
        QVERIFY(QTest::qWaitForWindowExposed(window_));
        window_->requestActivate();
        QVERIFY(QTest::qWaitForWindowActive(window_));

        QQuickItem* page = findItem(window_, "settingsPage");
        QVERIFY(page);
        model_ = page->property("settingsModel").value<hearth::ui::SettingsModel*>();
        QVERIFY(model_);
        auto* devices = page->property("devices").value<hearth::ui::DeviceListModel*>();
        QVERIFY(devices);
        QTRY_VERIFY_WITH_TIMEOUT(!devices->loading(), 20000);
    }

    void cleanupTestCase()
    {
        delete engine_;
        qInstallMessageHandler(g_previous);
        QVERIFY2(g_messages.isEmpty(), qPrintable(g_messages.join('\n')));
    }

    void typingATemperatureSavesIt()
    {
        QQuickItem* field = findItem(window_, "temperatureField");
        QVERIFY(field);
        QCOMPARE(field->property("text").toString(), QString("0.8"));
        typeInto(field, "0.35");
        QCOMPARE(model_->temperature(), 0.35);
        QCOMPARE(hearth::Settings().generationDefaults().temperature, 0.35);
        QVERIFY(model_->errorText().isEmpty());
    }

    void anOutOfRangeValueIsExplainedNotSaved()
    {
        QQuickItem* field = findItem(window_, "temperatureField");
        QVERIFY(field);
        typeInto(field, "9");
        QCOMPARE(model_->temperature(), 0.35);
        QCOMPARE(hearth::Settings().generationDefaults().temperature, 0.35);
        QCOMPARE(model_->errorField(), QString("temperature"));
        QVERIFY(field->property("invalid").toBool());

        // The sentence is on the page, under the field.
        QQuickItem* label = nullptr;
        QList<QQuickItem*> items;
        collectItems(window_->contentItem(), items);
        for (QQuickItem* item : items)
            if (item->objectName() == "errorLabel" && item->property("text").toString() == model_->errorText())
                label = item;
        QVERIFY2(label, qPrintable(model_->errorText()));
        QVERIFY(label->isVisible());
        QTRY_VERIFY2(label->mapToScene({0, 0}).y() > field->mapToScene({0, field->height()}).y(),
                     qPrintable(QString("%1 vs %2").arg(label->mapToScene({0, 0}).y()).arg(field->mapToScene({0, 0}).y())));

        QQuickItem* context = findItem(window_, "contextLengthField");
        QVERIFY(context);
        typeInto(context, "0");
        QCOMPARE(model_->errorField(), QString("contextLength"));
        QCOMPARE(hearth::Settings().generationDefaults().contextLength, 4096);

        typeInto(context, "16384");
        QVERIFY(model_->errorText().isEmpty());
        QCOMPARE(hearth::Settings().generationDefaults().contextLength, 16384);
        QVERIFY(!field->property("invalid").toBool());
    }

    void resetButtonRestoresBuiltIns()
    {
        QQuickItem* reset = findItem(window_, "resetDefaultsButton");
        QVERIFY(reset);
        QVERIFY(reset->isEnabled());
        // It may be scrolled out of view: emit its click rather than aim the mouse.
        QVERIFY(QMetaObject::invokeMethod(reset, "clicked"));
        QVERIFY(model_->generationDefaultsAreBuiltIn());
        QCOMPARE(findItem(window_, "temperatureField")->property("text").toString(), QString("0.8"));
        QCOMPARE(findItem(window_, "contextLengthField")->property("text").toString(), QString("4096"));
        QVERIFY(!reset->isEnabled());
    }

    void anEmptiedFieldShowsTheSavedValueAgain()
    {
        QQuickItem* field = findItem(window_, "topPField");
        QVERIFY(field);
        field->forceActiveFocus();
        QTRY_VERIFY(field->hasActiveFocus());
        QTest::keyClick(window_, Qt::Key_A, Qt::ControlModifier);
        QTest::keyClick(window_, Qt::Key_Backspace);
        QVERIFY(field->property("text").toString().isEmpty());
        findItem(window_, "minPField")->forceActiveFocus();
        QCOMPARE(field->property("text").toString(), QString("0.95"));
        QCOMPARE(hearth::Settings().generationDefaults().topP, 0.95);
    }

    void themeButtonsSwitchTheTheme()
    {
        const int typeId = qmlTypeId("Hearth", 1, 0, "SystemTheme");
        auto* theme = engine_->singletonInstance<hearth::ui::SystemTheme*>(typeId);
        QVERIFY(theme);

        QQuickItem* dark = findItem(window_, "themeButton_dark");
        QVERIFY(dark);
        click(dark);
        QCOMPARE(theme->mode(), QString("dark"));
        QVERIFY(theme->dark());
        QVERIFY(dark->property("checked").toBool());
        QCOMPARE(hearth::Settings().theme(), QString("dark"));

        QQuickItem* light = findItem(window_, "themeButton_light");
        QVERIFY(light);
        click(light);
        QCOMPARE(theme->mode(), QString("light"));
        QVERIFY(!theme->dark());
        QVERIFY(!dark->property("checked").toBool());
        QCOMPARE(hearth::Settings().theme(), QString("light"));
    }

    void devicesShowTheirMemory()
    {
        auto* devices = findItem(window_, "settingsPage")->property("devices").value<hearth::ui::DeviceListModel*>();
        if (!devices->errorText().isEmpty() || devices->rowCount() == 0)
            QSKIP("No Vulkan device here");
        const QModelIndex first = devices->index(0);
        const QString memory = devices->data(first, hearth::ui::DeviceListModel::MemoryRole).toString();
        QVERIFY2(memory.endsWith(" GiB"), qPrintable(memory));
        QQuickItem* radio = findItem(window_, "deviceRadio_0");
        QVERIFY(radio);
        QVERIFY(!radio->property("checked").toBool()); // automatic until chosen
        QVERIFY(QMetaObject::invokeMethod(radio, "clicked"));
        QCOMPARE(hearth::Settings().devicePreference(), QString("0"));
        QVERIFY(radio->property("checked").toBool());
        QVERIFY(QMetaObject::invokeMethod(findItem(window_, "deviceAutomatic"), "clicked"));
        QVERIFY(hearth::Settings().devicePreference().isEmpty());
    }

    void tokenIsMaskedAndRemovable()
    {
        QQuickItem* field = findItem(window_, "tokenField");
        QVERIFY(field);
        typeInto(field, "hf_secret123");
        QCOMPARE(hearth::Settings().huggingFaceToken(), QString("hf_secret123"));
        QCOMPARE(field->property("echoMode").toInt(), 2); // TextInput.Password
        QVERIFY(QMetaObject::invokeMethod(findItem(window_, "tokenVisibilityButton"), "clicked"));
        QCOMPARE(field->property("echoMode").toInt(), 0); // TextInput.Normal
        QQuickItem* remove = findItem(window_, "tokenRemoveButton");
        QVERIFY(remove && remove->isVisible());
        QVERIFY(QMetaObject::invokeMethod(remove, "clicked"));
        QVERIFY(hearth::Settings().huggingFaceToken().isEmpty());
        QVERIFY(field->property("text").toString().isEmpty());
    }

    void everyControlHasAnAccessibleName()
    {
        QList<QQuickItem*> items;
        collectItems(window_->contentItem(), items);
        int controls = 0;
        for (QQuickItem* item : items) {
            const bool interactive = item->inherits("QQuickAbstractButton") || item->inherits("QQuickTextInput") ||
                                     item->inherits("QQuickTextEdit");
            if (!interactive)
                continue;
            ++controls;
            QVERIFY2(!accessibleName(item).isEmpty(),
                     qPrintable(QString("%1 \"%2\"").arg(item->metaObject()->className(), item->objectName())));
        }
        // 3 theme + refresh + automatic + 6 numbers + prompt + reset + folders + token's 4.
        QVERIFY2(controls >= 20, qPrintable(QString::number(controls)));
    }

    void scrollsInASmallWindow()
    {
        window_->resize(800 - 264, 600 - 56); // the page's share of the smallest window
        QQuickItem* page = findItem(window_, "settingsPage");
        QTRY_COMPARE(int(page->height()), 600 - 56);
        QTRY_VERIFY(page->property("contentHeight").toReal() > page->height());
        QQuickItem* field = findItem(window_, "temperatureField");
        QVERIFY(field->mapToScene({field->width(), 0}).x() <= page->width());

        // Tabbing to a control further down scrolls it into view.
        QQuickItem* prompt = findItem(window_, "systemPromptField");
        QVERIFY(prompt);
        prompt->forceActiveFocus();
        QTRY_VERIFY(prompt->hasActiveFocus());
        const qreal top = prompt->mapToScene({0, 0}).y();
        QVERIFY2(top >= 0 && top + 40 <= window_->height(), qPrintable(QString::number(top)));
    }
};

QTEST_MAIN(SettingsPageTest)
#include "test_settings_page.moc"
