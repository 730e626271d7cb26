// The sidebar's chat list over a real chat store: pinned first, date
// sections, folders, search snippets, delete with undo, export, and a
// search hit opening the version of the chat that holds it.

#include "chat/chat_controller.h"
#include "chat/chat_list_model.h"
#include "core/settings.h"

#include <QAbstractItemModelTester>
#include <QDateTime>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using hearth::ui::ChatListModel;
namespace store = hearth::store;

class ChatListModelTest : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    std::unique_ptr<hearth::chat::ChatService> service_;

    qint64 addChat(const QString& title, const QString& folder = {}, bool pinned = false, qint64 updatedMs = 0)
    {
        qint64 id = 0;
        service_->post(
            this,
            [=](hearth::chat::Stores& s) {
                store::Chat chat;
                chat.title = title;
                chat.folder = folder;
                chat.pinned = pinned;
                chat.createdMs = chat.updatedMs = updatedMs;
                const qint64 chatId = s.chats.createChat(chat);
                store::Message question;
                question.content = "A question about " + title;
                s.messages.addChild(chatId, 0, question);
                if (updatedMs) // addChild touched it: put the time back
                    s.db.prepare("UPDATE chats SET updated_ms = ? WHERE id = ?").bind(1, updatedMs).bind(2, chatId).run();
                return chatId;
            },
            [&id](qint64 chatId) { id = chatId; });
        [&] { QTRY_VERIFY(id != 0); }();
        return id;
    }

    static QStringList titles(const ChatListModel& model)
    {
        QStringList list;
        for (int i = 0; i < model.rowCount(); ++i)
            list << model.data(model.index(i), ChatListModel::TitleRole).toString();
        return list;
    }
    static QString section(const ChatListModel& model, int row)
    {
        return model.data(model.index(row), ChatListModel::SectionRole).toString();
    }

private Q_SLOTS:
    void initTestCase()
    {
        qputenv("XDG_CONFIG_HOME", dir_.filePath("config").toUtf8());
        service_ = std::make_unique<hearth::chat::ChatService>(dir_.filePath("chats.sqlite3"));
        QSignalSpy opened(service_.get(), &hearth::chat::ChatService::opened);
        service_->open();
        QVERIFY(opened.wait(10000));
        const qint64 now = QDateTime::currentMSecsSinceEpoch();
        addChat("Old trip", "Travel", false, now - 40LL * 24 * 3600 * 1000);
        addChat("Yesterday's recipe", "", false, now - 24LL * 3600 * 1000);
        addChat("Pinned plan", "Work", true, now - 3LL * 24 * 3600 * 1000);
        addChat("Fresh question");
    }

    void pinnedFirstThenNewestWithDateSections()
    {
        ChatListModel model(*service_);
        QAbstractItemModelTester tester(&model);
        model.refresh();
        QTRY_COMPARE(model.rowCount(), 4);
        QCOMPARE(titles(model), (QStringList{"Pinned plan", "Fresh question", "Yesterday's recipe", "Old trip"}));
        QCOMPARE(section(model, 0), QString("Pinned"));
        QCOMPARE(section(model, 1), QString("Today"));
        QCOMPARE(section(model, 2), QString("Yesterday"));
        QVERIFY(section(model, 3) != "Today" && !section(model, 3).isEmpty());
        QCOMPARE(model.folders(), (QStringList{"Travel", "Work"}));
    }

    void dateSectionsByAge()
    {
        const qint64 now = QDateTime(QDate(2026, 11, 24), QTime(12, 0)).toMSecsSinceEpoch();
        const qint64 day = 24LL * 3600 * 1000;
        QCOMPARE(hearth::ui::dateSection(now - 1000, now), QString("Today"));
        QCOMPARE(hearth::ui::dateSection(now - day, now), QString("Yesterday"));
        QCOMPARE(hearth::ui::dateSection(now - 3 * day, now), QString("Previous 7 days"));
        QCOMPARE(hearth::ui::dateSection(now - 20 * day, now), QString("Previous 30 days"));
        QVERIFY(hearth::ui::dateSection(now - 90 * day, now).contains("2026"));
    }

    void folderFilterShowsOneFolder()
    {
        ChatListModel model(*service_);
        model.refresh();
        QTRY_COMPARE(model.rowCount(), 4);
        model.setFolderFilter("Travel");
        QTRY_COMPARE(titles(model), QStringList{"Old trip"});
        QCOMPARE(model.folders(), (QStringList{"Travel", "Work"}));
        model.setFolderFilter({});
        QTRY_COMPARE(model.rowCount(), 4);
    }

    void searchMarksMatchesSafely()
    {
        ChatListModel model(*service_);
        model.setSearchText("recipe");
        QTRY_VERIFY(model.rowCount() >= 1 &&
                    model.data(model.index(0), ChatListModel::SectionRole).toString() == "Results");
        QCOMPARE(model.data(model.index(0), ChatListModel::TitleRole).toString(), QString("Yesterday's recipe"));
        QCOMPARE(hearth::ui::snippetHtml("a [[b]] <i>"), QString("a <b>b</b> &lt;i&gt;"));
        model.setSearchText({});
        QTRY_COMPARE(model.rowCount(), 4);
    }

    void renameAndPin()
    {
        ChatListModel model(*service_);
        model.refresh();
        QTRY_COMPARE(model.rowCount(), 4);
        const qint64 id = model.data(model.index(3), ChatListModel::ChatIdRole).toLongLong();
        model.rename(id, "  Old   trip to Lisbon ");
        QTRY_COMPARE(model.titleOf(id), QString("Old trip to Lisbon"));
        model.setPinned(id, true);
        QTRY_COMPARE(model.data(model.index(0), ChatListModel::ChatIdRole).toLongLong(), id);
        QCOMPARE(section(model, 0), QString("Pinned"));
        model.setPinned(id, false);
        // Back among the dated chats (renaming counted as an update: Today).
        QTRY_VERIFY(model.data(model.index(0), ChatListModel::ChatIdRole).toLongLong() != id);
        int row = -1;
        for (int i = 0; i < model.rowCount(); ++i)
            if (model.data(model.index(i), ChatListModel::ChatIdRole).toLongLong() == id)
                row = i;
        QVERIFY(row > 0);
        QCOMPARE(section(model, row), QString("Today"));
    }

    void deleteCanBeUndoneThenHappens()
    {
        ChatListModel model(*service_);
        model.setUndoInterval(300);
        model.refresh();
        QTRY_COMPARE(model.rowCount(), 4);
        const qint64 id = model.data(model.index(1), ChatListModel::ChatIdRole).toLongLong();
        model.remove(id);
        QCOMPARE(model.rowCount(), 3);
        QVERIFY(model.hasPendingRemoval());
        model.undoRemove();
        QTRY_COMPARE(model.rowCount(), 4);
        QVERIFY(!model.hasPendingRemoval());

        QSignalSpy removed(&model, &ChatListModel::chatRemoved);
        model.remove(id);
        QVERIFY(removed.wait(5000));
        QCOMPARE(removed.first().first().toLongLong(), id);
        model.refresh();
        QTRY_COMPARE(model.rowCount(), 3);
        bool exists = true;
        service_->post(
            this, [id](hearth::chat::Stores& s) { return s.chats.chat(id).has_value(); },
            [&exists](bool found) { exists = found; });
        QTRY_VERIFY(!exists);
    }

    void exportWritesIntoTheExportFolder()
    {
        const QString folder = dir_.filePath("exports");
        hearth::Settings().setExportFolder(folder);
        ChatListModel model(*service_);
        model.refresh();
        QTRY_VERIFY(model.rowCount() >= 1);
        const int row = int(titles(model).indexOf("Yesterday's recipe"));
        QVERIFY(row >= 0);
        model.exportChat(model.data(model.index(row), ChatListModel::ChatIdRole).toLongLong(), "md");
        QTRY_VERIFY(!model.noticeText().isEmpty());
        QVERIFY2(model.noticeText().startsWith("Exported to"), qPrintable(model.noticeText()));
        QFile file(folder + "/Yesterday's recipe.md");
        QVERIFY(file.open(QIODevice::ReadOnly));
        const QString markdown = QString::fromUtf8(file.readAll());
        QVERIFY(markdown.startsWith("# Yesterday's recipe"));
        QVERIFY(markdown.contains("A question about Yesterday's recipe"));
    }

    void aSearchHitOpensTheVersionHoldingIt()
    {
        // q -> {an older answer about a lighthouse, a newer one}; the newer is shown.
        struct Ids {
            qint64 chat = 0, older = 0, newer = 0;
        } ids;
        service_->post(
            this,
            [](hearth::chat::Stores& s) {
                Ids made;
                store::Chat chat;
                chat.title = "Sea trip";
                made.chat = s.chats.createChat(chat);
                store::Message question;
                question.content = "Where shall we go?";
                const qint64 q = s.messages.addChild(made.chat, 0, question);
                store::Message answer;
                answer.role = store::Role::Assistant;
                answer.content = "Visit the old lighthouse.";
                made.older = s.messages.addChild(made.chat, q, answer);
                answer.content = "Take the ferry.";
                made.newer = s.messages.addSibling(made.older, answer);
                return made;
            },
            [&ids](Ids made) { ids = made; });
        QTRY_VERIFY(ids.newer != 0);

        ChatListModel list(*service_);
        list.setSearchText("lighthouse");
        QTRY_COMPARE(list.rowCount(), 1);
        QCOMPARE(list.data(list.index(0), ChatListModel::MessageIdRole).toLongLong(), ids.older);

        hearth::inference::InferenceService inference;
        hearth::ui::ChatController controller(*service_, inference);
        const auto answerShown = [&] {
            const auto* rows = controller.messages();
            return rows->rowCount() == 2 ? rows->data(rows->index(1), hearth::ui::MessageListModel::ContentRole).toString()
                                         : QString();
        };
        // Opened from the list, the chat shows its newest version; from the hit, the one with the match.
        controller.openChat(ids.chat);
        QTRY_COMPARE(answerShown(), QString("Take the ferry."));
        controller.openChat(ids.chat, list.data(list.index(0), ChatListModel::MessageIdRole).toLongLong());
        QTRY_COMPARE(answerShown(), QString("Visit the old lighthouse."));
        QCOMPARE(controller.messages()->data(controller.messages()->index(1),
                                             hearth::ui::MessageListModel::SiblingIndexRole).toInt(), 1);
        // From another chat, and back to the newer version by its own hit.
        controller.newChat();
        controller.openChat(ids.chat, ids.newer);
        QTRY_COMPARE(answerShown(), QString("Take the ferry."));
        // A hit whose message is gone (or of another chat) still opens the chat.
        controller.newChat();
        controller.openChat(ids.chat, ids.newer + 1000);
        QTRY_COMPARE(answerShown(), QString("Take the ferry."));
        QCOMPARE(controller.chatId(), ids.chat);

        service_->post([id = ids.chat](hearth::chat::Stores& s) { s.chats.deleteChat(id); });
    }
};

QTEST_MAIN(ChatListModelTest)
#include "test_chat_list_model.moc"
