#include "services/store/store_bench.h"

#include "hearth/error.h"
#include "services/store/chat_search.h"
#include "services/store/chat_store.h"
#include "services/store/database.h"
#include "services/store/message_tree.h"

#include <QDir>
#include <QElapsedTimer>
#include <QFileInfo>
#include <QRandomGenerator>

#include <algorithm>

namespace hearth::store {
namespace {

// Pseudo-words from syllables: 8^2 + 8^3 = 576 of them, so one word is in
// roughly one message in twenty, like a common word in real chats.
const char* const kSyllables[] = {"ka", "lo", "mi", "ne", "ru", "ta", "vi", "zo"};
// In about one message in 10,000: a rare search term.
const char kRareWord[] = "zanzibar";

class TextMaker {
public:
    explicit TextMaker(quint32 seed) : random_(seed)
    {
        for (const char* a : kSyllables)
            for (const char* b : kSyllables) {
                words_ << QString(a) + b;
                for (const char* c : kSyllables)
                    words_ << QString(a) + b + c;
            }
    }

    QString sentence(int minWords, int maxWords)
    {
        const int count = minWords + int(random_.bounded(quint32(maxWords - minWords + 1)));
        QString text;
        for (int i = 0; i < count; ++i) {
            if (i)
                text += ' ';
            text += words_[qsizetype(random_.bounded(quint32(words_.size())))];
        }
        if (random_.bounded(10000u) == 0)
            text += QString(" ") + kRareWord;
        return text + '.';
    }

private:
    QRandomGenerator random_;
    QStringList words_;
};

// Returns the id of the long chat.
qint64 generate(Database& db, const StoreBenchOptions& options, const std::function<void(const QString&)>& progress)
{
    TextMaker text(42);
    const qint64 start = 1700000000000; // fixed times: the same data every run
    const int chats = std::max(1, options.chats);
    const qint64 longChatCount = chats == 1 ? options.messages : std::min<qint64>(options.longChatMessages, options.messages);
    const qint64 rest = options.messages - longChatCount;

    // Setting up the data is not what is measured: a rollback journal and a
    // large page cache write each page once, where WAL with the default
    // 2 MiB cache would append pages to the log again at every cache spill.
    db.exec("PRAGMA journal_mode = DELETE; PRAGMA cache_size = -1048576;");
    Transaction transaction(db);
    qint64 clock = start;
    qint64 longChatId = 0;
    for (int c = 0; c < chats; ++c) {
        // Chat 0 is the long one; the others share the remaining messages.
        const qint64 count = c == 0 ? longChatCount
                                    : (chats > 1 ? rest / (chats - 1) + (c - 1 < rest % (chats - 1) ? 1 : 0) : 0);
        db.prepare("INSERT INTO chats (title, created_ms, updated_ms, pinned, model) VALUES (?, ?, ?, ?, ?)")
            .bind(1, text.sentence(2, 5)).bind(2, clock).bind(3, clock).bind(4, c % 500 == 7)
            .bind(5, QString("bench-model.gguf")).run();
        const qint64 chatId = db.lastInsertId();
        if (c == 0)
            longChatId = chatId;
        qint64 parent = 0;
        qint64 grandParent = 0;
        qint64 leaf = 0;
        for (qint64 m = 0; m < count; ++m) {
            const bool assistant = m % 2 == 1;
            // Every tenth answer in the short chats is regenerated: a sibling.
            const bool regenerated = c != 0 && assistant && m % 20 == 19;
            const qint64 under = regenerated ? grandParent : parent;
            Statement insert = db.prepare(
                "INSERT INTO messages (chat_id, parent_id, role, content, model, created_ms, generated_tokens, "
                "decode_tps, finish_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)");
            insert.bind(1, chatId).bindIdOrNull(2, under).bind(3, QString(assistant ? "assistant" : "user"));
            insert.bind(4, assistant ? text.sentence(20, 80) : text.sentence(5, 25));
            insert.bind(5, assistant ? QString("bench-model.gguf") : QString());
            insert.bind(6, ++clock).bind(7, assistant ? qint64(60) : qint64(0)).bind(8, assistant ? 30.0 : 0.0);
            insert.bind(9, QString(assistant ? "stop" : "")).run();
            leaf = db.lastInsertId();
            if (!regenerated) {
                grandParent = parent;
                parent = leaf;
            }
        }
        db.prepare("UPDATE chats SET active_leaf_id = ?, updated_ms = ? WHERE id = ?")
            .bindIdOrNull(1, leaf).bind(2, clock).bind(3, chatId).run();
        clock += 60000;
        if (progress && (c + 1) % 1000 == 0)
            progress(QString("  %1 of %2 chats written").arg(c + 1).arg(chats));
    }
    if (progress)
        progress("  committing");
    transaction.commit();
    db.exec("ANALYZE; PRAGMA journal_mode = WAL; PRAGMA cache_size = -2000;");
    return longChatId;
}

template <typename Fn>
StoreBenchTiming timeIt(const QString& name, const QString& what, int repeats, Fn&& fn)
{
    StoreBenchTiming timing{name, what, 0, 0, 0};
    std::vector<double> runs;
    for (int i = 0; i < std::max(1, repeats); ++i) {
        QElapsedTimer timer;
        timer.start();
        timing.rows = qint64(fn());
        runs.push_back(double(timer.nsecsElapsed()) / 1e6);
    }
    timing.firstMs = runs.front();
    std::sort(runs.begin(), runs.end());
    timing.medianMs = runs[runs.size() / 2];
    return timing;
}

} // namespace

StoreBenchResult runStoreBench(const StoreBenchOptions& options, const std::function<void(const QString&)>& progress)
{
    if (options.chats < 1 || options.messages < 0)
        throw Error("The benchmark needs at least one chat and no negative message count.");
    const QString path = QDir(options.directory).filePath("chats.sqlite3");
    StoreBenchResult result;
    qint64 longChat = 0;
    result.chats = options.chats;
    result.messages = options.messages;
    {
        Database db(path);
        if (ChatStore(db).chatCount() != 0)
            throw Error("The benchmark database " + path.toStdString() + " already holds chats.");
        QElapsedTimer timer;
        timer.start();
        longChat = generate(db, options, progress);
        result.generateMs = double(timer.nsecsElapsed()) / 1e6;
    }
    result.databaseBytes = QFileInfo(path).size();

    // Timed on a new connection, as the app would after a restart (the OS
    // file cache is warm, SQLite's page cache is not).
    QElapsedTimer openTimer;
    openTimer.start();
    Database db(path);
    result.timings.push_back({"open_database", "open the file and check its schema",
                              double(openTimer.nsecsElapsed()) / 1e6, double(openTimer.nsecsElapsed()) / 1e6, 0});
    const int n = options.repeats;
    ChatStore chats(db);
    MessageTree tree(db);
    ChatSearch search(db);
    result.timings.push_back(timeIt("list_chats", "first page of the chat list (50)", n,
                                    [&] { return chats.listChats(50).size(); }));
    result.timings.push_back(timeIt("list_chats_deep_page", "chat list, 50 from offset 5,000", n,
                                    [&] { return chats.listChats(50, 5000).size(); }));
    result.timings.push_back(timeIt("open_chat", "active branch of the long chat", n,
                                    [&] { return tree.activeBranch(longChat).size(); }));
    result.timings.push_back(timeIt("open_chat_with_alternatives", "active branch plus each message's n/m", n, [&] {
        const std::vector<Message> branch = tree.activeBranch(longChat);
        for (const Message& m : branch)
            tree.siblings(m);
        return branch.size();
    }));
    result.timings.push_back(timeIt("search_common_word", "first page (20) for a word in ~5% of messages", n,
                                    [&] { return search.search("kalo ", 20).size(); }));
    result.timings.push_back(timeIt("search_two_words", "first page (20), two common words", n,
                                    [&] { return search.search("kalo mine ", 20).size(); }));
    result.timings.push_back(timeIt("search_prefix", "first page (20) for a prefix typed so far", n,
                                    [&] { return search.search("kal", 20).size(); }));
    result.timings.push_back(timeIt("search_rare_word", "first page (20) for a word in ~0.01% of messages", n,
                                    [&] { return search.search(QString(kRareWord) + ' ', 20).size(); }));
    result.timings.push_back(timeIt("search_no_match", "a word that is nowhere", n,
                                    [&] { return search.search("qqqqq ", 20).size(); }));
    return result;
}

} // namespace hearth::store
