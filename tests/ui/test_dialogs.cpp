// Every dialog, menu, drop-down and tooltip of the app, opened the way a
// user opens it in the real window (offscreen): each must become visible
// and close again without a single warning. Qt's own file and folder
// dialogs need the QML module Qt.labs.folderlistmodel (Debian
// qml6-module-qt-labs-folderlistmodel); without it they crash or stay shut,
// and this test fails. Ctrl+Q quits.

#include "app_under_test.h"
#include "whole_window.h"

#include <QQmlApplicationEngine>
#include <QQmlComponent>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include <cmath>
#include <functional>
#include <tuple>

using namespace hearth::test;

namespace {

// The QML object (also non-visual ones: FileDialog, Menu, ToolTip) named
// `name` below `root`.
QObject* findObject(QObject* root, const QString& name)
{
    return root ? root->findChild<QObject*>(name) : nullptr;
}

bool isShown(QObject* popupOrDialog)
{
    return popupOrDialog && popupOrDialog->property("visible").toBool();
}

// The tooltip a control shows (a ThemedToolTip declared inside it, or
// made by a Loader inside it on hover).
QObject* toolTipOf(QQuickItem* control)
{
    for (QObject* child : control->findChildren<QObject*>())
        if (child->inherits("QQuickToolTip"))
            return child;
    return nullptr;
}

// The first visible item below `root` (itself included) that `matches`.
QQuickItem* findFirst(QQuickItem* root, const std::function<bool(QQuickItem*)>& matches)
{
    if (!root || !root->isVisible())
        return nullptr;
    if (matches(root))
        return root;
    for (QQuickItem* child : root->childItems())
        if (QQuickItem* found = findFirst(child, matches))
            return found;
    return nullptr;
}

// A visible text item (Label, Text) showing exactly `text`.
QQuickItem* findLabel(QQuickItem* root, const QString& text)
{
    return findFirst(root, [&](QQuickItem* i) { return i->inherits("QQuickText") && i->property("text") == text; });
}

// The first visible item below `root` of the C++ class `className`.
QQuickItem* findInherits(QQuickItem* root, const char* className)
{
    return findFirst(root, [&](QQuickItem* i) { return i->inherits(className); });
}

// WCAG contrast ratio of two colours (1 = none, 21 = black on white).
double contrast(const QColor& a, const QColor& b)
{
    const auto luminance = [](const QColor& c) {
        const auto channel = [](double v) { return v <= 0.03928 ? v / 12.92 : std::pow((v + 0.055) / 1.055, 2.4); };
        return 0.2126 * channel(c.redF()) + 0.7152 * channel(c.greenF()) + 0.0722 * channel(c.blueF());
    };
    const double la = luminance(a), lb = luminance(b);
    return (std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05);
}

// The colour drawn behind `item`: the nearest ancestor's Rectangle
// background (a control's) or the nearest Rectangle itself.
QColor backgroundBehind(QQuickItem* item)
{
    for (QQuickItem* up = item->parentItem(); up; up = up->parentItem()) {
        if (auto* background = up->property("background").value<QQuickItem*>();
            background && background->isVisible() && background->inherits("QQuickRectangle"))
            return background->property("color").value<QColor>();
        if (up->inherits("QQuickRectangle"))
            return up->property("color").value<QColor>();
    }
    return {};
}

} // namespace

class DialogsTest : public QObject {
    Q_OBJECT

    QTemporaryDir data_;
    QTemporaryDir config_;
    std::unique_ptr<AppUnderTest> app_;
    bool missingDialogModule_ = false;

    QQuickItem* root() const { return app_->window->contentItem(); }

    void showPage(const QString& page)
    {
        app_->window->setProperty("currentPage", page);
        QTest::qWait(50); // the page's layout settles
    }

    // Clicks `item` once it has stopped moving (layouts settle a frame or
    // two after a page or panel appears) inside the window; a page that
    // scrolls (Settings) brings the focused control into view first.
    void clickPlaced(QQuickItem* item)
    {
        QVERIFY(item);
        item->forceActiveFocus(Qt::TabFocusReason);
        const QRectF window(0, 0, app_->window->width(), app_->window->height());
        QRectF last;
        const auto settled = [&] {
            app_->window->grabWindow(); // polishes: layouts are up to date after it
            const QRectF now = item->mapRectToScene(item->boundingRect());
            return std::exchange(last, now) == now && now.width() > 0 && window.contains(now);
        };
        QTRY_VERIFY2(settled(), qPrintable(item->objectName() + " did not settle inside the window"));
        click(item);
    }

    // Qt's file / folder dialog `name` after `opener` was clicked: shown as
    // a popup in the window with its title and file list, then Cancel.
    void checkQtFileDialog(const QString& name, QQuickItem* opener, const QString& listName, const QString& title)
    {
        if (missingDialogModule_)
            QFAIL("not opened: it would crash without Qt.labs.folderlistmodel");
        QObject* dialog = findObject(app_->window, name);
        QVERIFY2(dialog, qPrintable(name));
        clickPlaced(opener);
        QTRY_VERIFY2(isShown(dialog), qPrintable(name + " did not open"));
        QQuickItem* list = nullptr;
        QTRY_VERIFY2((list = findItem(root(), listName)) != nullptr, qPrintable(name + " shows no file list"));
        QQuickItem* titleLabel = findItem(root(), "dialogTitleBarLabel");
        QVERIFY(titleLabel);
        QCOMPARE(titleLabel->property("text").toString(), title);
        click(findButton(root(), "Cancel"));
        QTRY_VERIFY2(!isShown(dialog), qPrintable(name + " did not close"));
        QTRY_VERIFY(!findItem(root(), listName));
    }

    // A Popup-based dialog or menu (declared under `owner`, the window by
    // default): opened by clicking `opener`, closed with Escape.
    void checkPopup(const QString& name, QQuickItem* opener, QObject* owner = nullptr)
    {
        QObject* popup = findObject(owner ? owner : app_->window, name);
        QVERIFY2(popup, qPrintable(name));
        clickPlaced(opener);
        QTRY_VERIFY2(popup->property("opened").toBool(), qPrintable(name + " did not open"));
        QTest::keyClick(app_->window, Qt::Key_Escape);
        QTRY_VERIFY2(!isShown(popup), qPrintable(name + " did not close"));
    }

    // Every text of the open import dialog we can name against what is
    // behind it: the title, the filter label, a folder of the path, the
    // selected (highlighted) file.
    void checkFileDialogReads()
    {
        if (missingDialogModule_)
            QFAIL("not opened: it would crash without Qt.labs.folderlistmodel");
        showPage("models");
        QObject* dialog = findObject(app_->window, "importDialog");
        QMetaObject::invokeMethod(dialog, "open");
        const auto close = qScopeGuard([&] { QMetaObject::invokeMethod(dialog, "close"); });
        QQuickItem* title = nullptr;
        QTRY_VERIFY((title = findItem(root(), "dialogTitleBarLabel")) != nullptr);
        QQuickItem* selected = nullptr;
        QTRY_VERIFY((selected = findItem(root(), "fileDialogDelegate0")) != nullptr);
        QTRY_VERIFY(selected->property("highlighted").toBool());
        QQuickItem* bar = findInherits(root(), "QQuickFolderBreadcrumbBar");
        QVERIFY(bar);
        QQuickItem* crumb = findInherits(bar->property("contentItem").value<QQuickItem*>(), "QQuickAbstractButton");
        QVERIFY(crumb);
        const auto colourOf = [](QQuickItem* item, const char* part) {
            return item->property(part).value<QQuickItem*>()->property("color").value<QColor>();
        };
        const QList<std::tuple<QString, QColor, QColor>> pairs = {
            {"the title", title->property("color").value<QColor>(), backgroundBehind(title)},
            {"the filter label", findLabel(root(), "Filter")->property("color").value<QColor>(),
             backgroundBehind(findLabel(root(), "Filter"))},
            {"the path", colourOf(crumb, "contentItem"), colourOf(bar, "background")},
            {"the selected file", findInherits(selected, "QQuickText")->property("color").value<QColor>(),
             colourOf(selected, "background")}};
        for (const auto& [what, text, behind] : pairs)
            QVERIFY2(contrast(text, behind) >= 4.5, qPrintable(QString("%1 is %2 on %3").arg(what, text.name(), behind.name())));
    }

    void checkToolTip(QQuickItem* control, const QString& text)
    {
        QVERIFY(control);
        QTest::mouseMove(app_->window, control->mapToScene(QPointF(control->width() / 2, control->height() / 2)).toPoint());
        QObject* tip = nullptr;
        QTRY_VERIFY2((tip = toolTipOf(control)) && isShown(tip), qPrintable("no tooltip " + text));
        QCOMPARE(tip->property("text").toString(), text);
        const QPointer<QObject> shown = tip;
        QTest::mouseMove(app_->window, QPoint(2, app_->window->height() - 2));
        QTRY_VERIFY(!shown || !isShown(shown));
    }

private Q_SLOTS:
    void initTestCase()
    {
        HEARTH_REQUIRE_SHARED(stories, "models/stories260K-f32.gguf");
        prepareWindowTests(config_.path());
        // Every warning counts, not only our files': Qt's dialogs live in the system's QML folder.
        startWholeWindow(app_, data_.path(), stories);
    }

    void cleanup() { HEARTH_FAIL_ON_ANY_WARNING(); }
    void cleanupTestCase() { stopWholeWindow(app_); }

    // Qt's non-native file and folder dialogs import this module; without
    // it FileDialog.open() crashes in Qt 6.4. Said plainly before that happens.
    void qtDialogsFindTheirQmlModule()
    {
        QQmlComponent probe(app_->engine.get());
        probe.setData("import Qt.labs.folderlistmodel\nimport QtQuick\nFolderListModel {}", QUrl());
        std::unique_ptr<QObject> model(probe.isReady() ? probe.create() : nullptr);
        missingDialogModule_ = !model;
        QVERIFY2(model, qPrintable("Qt's file dialogs cannot work: install qml6-module-qt-labs-folderlistmodel ("
                                   + probe.errorString().trimmed() + ")"));
    }

    void importFileDialog()
    {
        showPage("models");
        QQuickItem* button = nullptr;
        QTRY_VERIFY((button = app_->item("importModel")) != nullptr);
        checkQtFileDialog("importDialog", button, "fileDialogListView", "Import GGUF models");
    }

    // Qt's dialog follows the window's palette: in the dark theme its title,
    // path and filter label were white on white; in the light theme the
    // selected file was white on pale orange.
    void fileDialogReadsInTheLightTheme() { checkFileDialogReads(); }

    void fileDialogReadsInTheDarkTheme()
    {
        qunsetenv("HEARTH_THEME"); // it would keep the light theme
        showPage("settings");
        clickPlaced(app_->item("themeButton_dark"));
        const auto backToLight = qScopeGuard([&] {
            showPage("settings");
            clickPlaced(app_->item("themeButton_light"));
            qputenv("HEARTH_THEME", "light");
        });
        QTRY_VERIFY(app_->window->color().lightnessF() < 0.3);
        checkFileDialogReads();
    }

    void settingsFolderDialogs()
    {
        showPage("settings");
        checkQtFileDialog("modelsFolderDialog", app_->item("modelsFolderButton"), "folderDialogListView",
                          "Choose the models folder");
        if (QTest::currentTestFailed()) // a failure inside the helper ends only the helper
            return;
        checkQtFileDialog("exportFolderDialog", app_->item("exportFolderButton"), "folderDialogListView",
                          "Choose the export folder");
    }

    void deleteModelConfirmation()
    {
        showPage("models");
        QQuickItem* card = nullptr;
        QTRY_VERIFY((card = app_->item("libraryEntry_0")) != nullptr);
        checkPopup("confirmDeleteModel", findItem(card, "deleteModel"));
        QCOMPARE(app_->context->models()->rowCount(), 1); // Escape deleted nothing
    }

    void modelDefaultsDialog()
    {
        showPage("models");
        QQuickItem* card = nullptr;
        QTRY_VERIFY((card = app_->item("libraryEntry_0")) != nullptr);
        checkPopup("modelDefaultsDialog", findItem(card, "modelDefaults"));
    }

    void chatMenuItsFolderMenuAndNewFolderDialog()
    {
        showPage("chats");
        QQuickItem* chat = nullptr;
        QTRY_VERIFY((chat = app_->item("chat_0")) != nullptr);
        QQuickItem* menuButton = nullptr;
        QTRY_VERIFY((menuButton = findItem(chat, "chatMenuButton")) != nullptr);
        checkPopup("chatMenu", menuButton, chat); // a delegate: not below the window's QObjects

        // Menu -> "Move to folder" -> "New folder…" opens the folder dialog.
        QObject* menu = findObject(chat, "chatMenu");
        QObject* folderMenu = findObject(chat, "folderMenu");
        QObject* newFolder = findObject(chat, "newFolderDialog");
        QVERIFY(folderMenu && newFolder);
        click(menuButton);
        QTRY_VERIFY(menu->property("opened").toBool());
        click(findButton(root(), "Move to folder"));
        QTRY_VERIFY(folderMenu->property("opened").toBool());
        click(findButton(root(), "New folder…"));
        QTRY_VERIFY(newFolder->property("opened").toBool());
        QTRY_VERIFY(!isShown(menu));
        click(findButton(root(), "Cancel"));
        QTRY_VERIFY(!isShown(newFolder));
    }

    void chatSettingsPresetDialogAndPresetList()
    {
        showPage("chats");
        QObject* chatPage = findObject(app_->window, "chatPage");
        chatPage->setProperty("settingsOpen", true);
        const auto closePanel = qScopeGuard([&] { chatPage->setProperty("settingsOpen", false); });
        QQuickItem* save = nullptr;
        QTRY_VERIFY((save = app_->item("savePreset")) != nullptr);
        QTRY_VERIFY(save->isEnabled()); // the imported chat has a system prompt
        checkPopup("presetDialog", save);

        QQuickItem* presets = app_->item("presetPicker");
        QVERIFY(presets);
        QObject* popup = presets->property("popup").value<QObject*>();
        QVERIFY(popup);
        clickPlaced(presets);
        QTRY_VERIFY(popup->property("opened").toBool());
        QTest::keyClick(app_->window, Qt::Key_Escape);
        QTRY_VERIFY(!isShown(popup));
    }

    void modelPickerAndFolderFilter()
    {
        showPage("chats");
        checkPopup("modelPickerPopup", app_->item("modelPicker"));

        // The sidebar's folder filter appears once a chat is in a folder.
        const qint64 chatId = app_->chat().chatId();
        app_->context->chats()->setFolder(chatId, "Work");
        QQuickItem* filter = nullptr;
        QTRY_VERIFY((filter = app_->item("folderFilter")) != nullptr);
        QObject* popup = filter->property("popup").value<QObject*>();
        clickPlaced(filter);
        QTRY_VERIFY(popup->property("opened").toBool());
        QTest::keyClick(app_->window, Qt::Key_Escape);
        QTRY_VERIFY(!isShown(popup));
        app_->context->chats()->setFolder(chatId, "");
        QTRY_VERIFY(!app_->item("folderFilter"));
    }

    void toolTips()
    {
        showPage("models");
        QQuickItem* card = nullptr;
        QTRY_VERIFY((card = app_->item("libraryEntry_0")) != nullptr);
        checkToolTip(findItem(card, "modelDefaults"), "Defaults for new chats with this model");
        showPage("chats");
        checkToolTip(app_->item("chatSettingsButton"), "Chat settings");
    }

    // Last: it asks the app to quit.
    void ctrlQQuits()
    {
        showPage("chats");
        // Quitting for real would end the test run: watch the request instead.
        QObject::disconnect(app_->engine.get(), &QQmlEngine::quit, nullptr, nullptr);
        QSignalSpy quit(app_->engine.get(), &QQmlEngine::quit);
        QQuickItem* composer = app_->item("composer");
        QVERIFY(composer);
        composer->forceActiveFocus(); // also while typing
        QTest::keyClick(app_->window, Qt::Key_Q, Qt::ControlModifier);
        QTRY_COMPARE(quit.size(), 1);
        QQuickItem* search = app_->item("chatSearch");
        if (search) {
            search->forceActiveFocus();
            QTest::keyClick(app_->window, Qt::Key_Q, Qt::ControlModifier);
            QTRY_COMPARE(quit.size(), 2);
        }
    }
};

QTEST_MAIN(DialogsTest)
#include "test_dialogs.moc"
