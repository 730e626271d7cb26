// DiscoverModel and ModelDetailsModel against the fake Hub: the curated
// list, debounced search, sort, paging, gated repos, offline and back,
// errors, and the model page's files with their fit verdicts.

#include "fake_hub.h"
#include "hub/discover_model.h"
#include "hub/model_details_model.h"
#include "hub_test_proxy.h"

#include <QSignalSpy>
#include <QtTest>

using namespace hearth::ui;
using hearth::hub::HubClient;
using hearth::hub::HubConfig;
using hearth::test::FakeHub;
using hearth::test::HubProxy;

namespace {

constexpr quint64 kMiB = 1ull << 20;

QVariant value(const QAbstractItemModel& model, int row, const QByteArray& role)
{
    const QHash<int, QByteArray> roles = model.roleNames();
    return model.data(model.index(row, 0), roles.key(role));
}

QStringList column(const QAbstractItemModel& model, const QByteArray& role)
{
    QStringList out;
    for (int row = 0; row < model.rowCount(); ++row)
        out << value(model, row, role).toString();
    return out;
}

int rowOf(const QAbstractItemModel& model, const QByteArray& role, const QString& wanted)
{
    return int(column(model, role).indexOf(wanted));
}

int searchRequests(FakeHub& hub)
{
    int n = 0;
    for (const QJsonValue& r : hub.requests())
        n += r.toObject().value("path").toString().startsWith("/api/models?") ? 1 : 0;
    return n;
}

} // namespace

class TestDiscoverModel : public QObject {
    Q_OBJECT
private:
    FakeHub hub_;
    HubConfig config(const QString& token = {}) const { return HubConfig{hub_.endpoint(), token}; }

    // Searches `text` at once (no debounce wait) and waits for the answer.
    static void search(DiscoverModel& model, const QString& text)
    {
        model.setDebounceMs(0);
        model.setQuery(text);
        QTRY_COMPARE_WITH_TIMEOUT(model.searchedText(), text, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(model.status(), QString("idle"), 10000);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(hub_.start(), "the fake hub did not start (python3?)"); }
    void init() { QVERIFY(hub_.reset()); }

    void emptyQueryShowsTheCuratedList()
    {
        HubClient client(config());
        DiscoverModel model(client);
        QVERIFY(model.showingCurated());
        QVERIFY2(model.count() >= 12, "the curated list from :/resources/curated-models.json");
        const QStringList ids = column(model, "repoId");
        QVERIFY(ids.contains("Qwen/Qwen3-8B-GGUF"));
        QVERIFY(ids.contains("ggml-org/gpt-oss-20b-GGUF"));
        for (int row = 0; row < model.count(); ++row) {
            QVERIFY(!value(model, row, "description").toString().isEmpty());
            QVERIFY(!value(model, row, "family").toString().isEmpty());
            QCOMPARE(value(model, row, "downloadsText").toString(), QString()); // no numbers without the Hub
        }
        QCOMPARE(value(model, 0, "author").toString(), ids[0].section('/', 0, 0));
        QVERIFY(!model.canLoadMore());
        QCOMPARE(model.status(), QString("idle"));
        QCOMPARE(searchRequests(hub_), 0); // nothing asked of the network
    }

    void searchIsDebouncedAndShowsTheHubsNumbers()
    {
        HubClient client(config());
        DiscoverModel model(client);
        for (const char* partial : {"t", "ti", "tin", "tiny"})
            model.setQuery(partial);
        QVERIFY(model.showingCurated()); // nothing until the typing pauses
        QTRY_COMPARE_WITH_TIMEOUT(model.searchedText(), QString("tiny"), 10000);
        QTRY_COMPARE(model.status(), QString("idle"));
        QCOMPARE(searchRequests(hub_), 1);
        QVERIFY(!model.showingCurated());
        QCOMPARE(model.count(), 1);
        QCOMPARE(value(model, 0, "repoId").toString(), QString("hearth-test/Tiny-Llama-GGUF"));
        QCOMPARE(value(model, 0, "author").toString(), QString("hearth-test"));
        QCOMPARE(value(model, 0, "name").toString(), QString("Tiny-Llama-GGUF"));
        QCOMPARE(value(model, 0, "downloads").toLongLong(), 9000);
        QCOMPARE(value(model, 0, "downloadsText").toString(), QString("9.0K"));
        QCOMPARE(value(model, 0, "likes").toLongLong(), 50);
        QCOMPARE(value(model, 0, "license").toString(), QString("apache-2.0"));
        QCOMPARE(value(model, 0, "gated").toBool(), false);
        QVERIFY(value(model, 0, "updatedText").toString().endsWith("years ago")); // 2024-03-01

        // Clearing the box goes back to the curated list.
        model.setQuery("");
        QVERIFY(model.showingCurated());
        QVERIFY(model.count() >= 12);
    }

    void sortChangesOrder()
    {
        HubClient client(config());
        DiscoverModel model(client);
        search(model, "paging");
        QCOMPARE(value(model, 0, "repoId").toString(), QString("paging-org/Paging-06-GGUF"));
        model.setSort("likes");
        QCOMPARE(model.status(), QString("loading"));
        QTRY_COMPARE(model.status(), QString("idle"));
        QCOMPARE(value(model, 0, "repoId").toString(), QString("paging-org/Paging-00-GGUF"));
        QCOMPARE(value(model, 0, "likes").toLongLong(), 40);

        search(model, "GGUF");
        model.setSort("recent");
        QTRY_COMPARE(model.status(), QString("idle"));
        QCOMPARE(value(model, 0, "repoId").toString(), QString("hearth-test/Gated-Model-GGUF")); // 2024-06
        model.setSort("downloads");
        QTRY_COMPARE(model.status(), QString("idle"));
        QCOMPARE(value(model, 0, "repoId").toString(), QString("hearth-test/Tiny-Llama-GGUF"));
        model.setSort("nonsense"); // falls back to downloads: no change
        QCOMPARE(model.sort(), QString("downloads"));
    }

    void loadMorePages()
    {
        HubClient client(config());
        DiscoverModel model(client);
        model.setPageSize(3);
        search(model, "paging");
        QCOMPARE(model.count(), 3);
        QVERIFY(model.canLoadMore());
        QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
        model.loadMore();
        QVERIFY(model.loadingMore());
        QTRY_COMPARE(model.count(), 6);
        QCOMPARE(inserted.size(), 1); // appended, not reset: the list keeps its scroll position
        QVERIFY(!model.loadingMore());
        model.loadMore();
        QTRY_COMPARE(model.count(), 7);
        QVERIFY(!model.canLoadMore());
        QCOMPARE(value(model, 6, "repoId").toString(), QString("paging-org/Paging-00-GGUF"));
        model.loadMore(); // nothing more: no request, no change
        QCOMPARE(model.status(), QString("idle"));
    }

    void gatedBadge()
    {
        HubClient client(config());
        DiscoverModel model(client);
        search(model, "gated");
        QCOMPARE(model.count(), 1);
        QCOMPARE(value(model, 0, "gated").toBool(), true);
        QCOMPARE(value(model, 0, "license").toString(), QString("llama3"));
    }

    void noResultsAndStaleAnswers()
    {
        HubClient client(config());
        DiscoverModel model(client);
        search(model, "zzz-nothing");
        QCOMPARE(model.count(), 0);
        QVERIFY(!model.showingCurated());
        // A newer query wins even if the older answer arrives later.
        model.setQuery("tiny");
        model.setQuery("gated");
        QTRY_COMPARE(model.searchedText(), QString("gated"));
        QTRY_COMPARE(model.status(), QString("idle"));
        QTest::qWait(200);
        QCOMPARE(column(model, "repoId"), QStringList({"hearth-test/Gated-Model-GGUF"}));
    }

    void serverErrorThenTryAgain()
    {
        HubClient client(config());
        DiscoverModel model(client);
        QVERIFY(hub_.addFault({{"where", "hub"}, {"kind", "status"}, {"status", 500}, {"count", 1}}));
        model.setDebounceMs(0);
        model.setQuery("tiny");
        QTRY_COMPARE_WITH_TIMEOUT(model.status(), QString("error"), 10000);
        QVERIFY2(model.message().contains("server problem"), qPrintable(model.message()));
        QVERIFY(!model.backoff().pending()); // only a lost connection retries by itself
        model.retry();
        QTRY_COMPARE_WITH_TIMEOUT(model.status(), QString("idle"), 10000);
        QCOMPARE(model.count(), 1);
    }

    void offlineThenBackByItself()
    {
        HubProxy proxy(HubProxy::freePort());
        HubClient client(HubConfig{proxy.endpoint(), {}});
        DiscoverModel model(client);
        model.backoff().setDelays(100, 400);
        model.setDebounceMs(0);
        model.setQuery("tiny");
        QTRY_COMPARE_WITH_TIMEOUT(model.status(), QString("offline"), 10000);
        QVERIFY2(model.message().startsWith("Can't reach Hugging Face"), qPrintable(model.message()));
        QVERIFY(model.backoff().pending() || model.status() == "loading");
        // The curated list works offline.
        model.setQuery("");
        QVERIFY(model.showingCurated());
        QCOMPARE(model.status(), QString("idle"));
        model.setQuery("tiny");
        QTRY_COMPARE_WITH_TIMEOUT(model.status(), QString("offline"), 10000);
        QVERIFY(model.backoff().nextDelayMs() > 100 || model.backoff().pending());

        QVERIFY(proxy.forwardTo(quint16(hub_.hubPort()))); // the network is back
        QTRY_COMPARE_WITH_TIMEOUT(model.status(), QString("idle"), 10000);
        QCOMPARE(column(model, "repoId"), QStringList({"hearth-test/Tiny-Llama-GGUF"}));
        QCOMPARE(model.backoff().nextDelayMs(), 100); // a success resets the series
    }

    // Offline, a typed query narrows the curated list (every word must
    // appear in the repo, family or description) instead of leaving the
    // whole list, or another query's results, under it.
    void offlineFiltersTheCuratedListByTheQuery()
    {
        HubProxy proxy(HubProxy::freePort());
        HubClient client(HubConfig{proxy.endpoint(), {}});
        DiscoverModel model(client);
        model.setCuratedModels({{"Qwen/Qwen3-8B-GGUF", "Qwen3", "A general model that can think first."},
                                {"bartowski/Llama-3.2-3B-Instruct-GGUF", "Llama 3.2", "Compact chat."},
                                {"microsoft/phi-4-gguf", "Phi", "Strong at math; thinks in steps."}});
        model.backoff().setDelays(60000, 60000);
        model.setDebounceMs(0);
        QVERIFY(!model.showingOfflineCurated()); // an empty box needs no network

        model.setQuery("LLAMA 3b");
        QTRY_COMPARE_WITH_TIMEOUT(model.status(), QString("offline"), 10000);
        QVERIFY(model.showingCurated());
        QVERIFY(model.showingOfflineCurated());
        QCOMPARE(column(model, "repoId"), QStringList({"bartowski/Llama-3.2-3B-Instruct-GGUF"}));
        QVERIFY2(model.message().endsWith('.') || model.message().endsWith('?'), qPrintable(model.message()));

        model.setQuery("think"); // descriptions count too
        QTRY_COMPARE_WITH_TIMEOUT(column(model, "repoId"),
                                  QStringList({"Qwen/Qwen3-8B-GGUF", "microsoft/phi-4-gguf"}), 10000);
        model.setQuery("qwen zzz");
        QTRY_COMPARE_WITH_TIMEOUT(model.count(), 0, 10000);
        QVERIFY(model.showingOfflineCurated());

        model.setQuery(""); // the whole list again, and not "offline"
        QCOMPARE(model.count(), 3);
        QVERIFY(!model.showingOfflineCurated());
        QCOMPARE(model.status(), QString("idle"));

        model.setQuery("tiny");
        QTRY_COMPARE_WITH_TIMEOUT(model.status(), QString("offline"), 10000);
        QCOMPARE(model.count(), 0);
        QVERIFY(proxy.forwardTo(quint16(hub_.hubPort())));
        model.retry();
        QTRY_COMPARE_WITH_TIMEOUT(model.status(), QString("idle"), 10000);
        QVERIFY(!model.showingCurated());
        QVERIFY(!model.showingOfflineCurated());
        QCOMPARE(column(model, "repoId"), QStringList({"hearth-test/Tiny-Llama-GGUF"}));
    }

    void curatedMatchesEveryWordOfTheQuery()
    {
        const CuratedModel qwen{"Qwen/Qwen2.5-Coder-7B-Instruct-GGUF", "Qwen2.5", "Tuned for programming."};
        QVERIFY(matchesQuery(qwen, ""));
        QVERIFY(matchesQuery(qwen, "  coder   7b "));
        QVERIFY(matchesQuery(qwen, "qwen2.5 PROGRAMMING"));
        QVERIFY(!matchesQuery(qwen, "coder 14b"));
        QVERIFY(!matchesQuery(qwen, "llama"));
    }

    void offlineThenTryAgain()
    {
        HubProxy proxy(HubProxy::freePort());
        HubClient client(HubConfig{proxy.endpoint(), {}});
        DiscoverModel model(client);
        model.backoff().setDelays(60000, 60000); // only the button brings it back
        model.setDebounceMs(0);
        model.setQuery("gated");
        QTRY_COMPARE_WITH_TIMEOUT(model.status(), QString("offline"), 10000);
        QVERIFY(model.backoff().pending());
        QVERIFY(proxy.forwardTo(quint16(hub_.hubPort())));
        model.retry();
        QVERIFY(!model.backoff().pending());
        QTRY_COMPARE_WITH_TIMEOUT(model.status(), QString("idle"), 10000);
        QCOMPARE(model.count(), 1);
    }

    // --- the model page ---

    void detailsShowCardAndFiles()
    {
        HubClient client(config());
        ModelDetailsModel details(client);
        details.open("hearth-test/Tiny-Llama-GGUF");
        QCOMPARE(details.status(), QString("loading"));
        QTRY_COMPARE_WITH_TIMEOUT(details.status(), QString("ready"), 10000);
        QCOMPARE(details.readme(), QString("# Tiny Llama GGUF\n\nA tiny test model."));
        QCOMPARE(details.name(), QString("Tiny-Llama-GGUF"));
        QCOMPARE(details.author(), QString("hearth-test"));
        QCOMPARE(details.license(), QString("apache-2.0"));
        QCOMPARE(details.downloadsText(), QString("9.0K"));
        QVERIFY(!details.gated());
        QCOMPARE(details.gatedText(), QString());
        QCOMPARE(details.hubUrl(), hub_.endpoint() + "/hearth-test/Tiny-Llama-GGUF");
        // One row per group, smallest first; the split BF16 set is one row.
        QCOMPARE(column(details, "quant"), QStringList({"IQ4_XS", "F16", "Q8_0", "BF16", "Q4_K_M"}));
        const int bf16 = rowOf(details, "quant", "BF16");
        QCOMPARE(value(details, bf16, "parts").toInt(), 3);
        QCOMPARE(value(details, bf16, "size").toLongLong(), 250000);
        QCOMPARE(value(details, bf16, "sizeText").toString(), QString("244.1 KiB"));
        QCOMPARE(value(details, bf16, "name").toString(), QString("BF16/tiny-llama-BF16.gguf"));
        QCOMPARE(value(details, bf16, "fileName").toString(), QString("tiny-llama-BF16.gguf"));
        const int iq4 = rowOf(details, "quant", "IQ4_XS");
        QCOMPARE(value(details, iq4, "fit").toString(), QString("unsupported"));
        QCOMPARE(value(details, iq4, "fitText").toString(), QString("Hearth can't run IQ4_XS files yet"));
        QCOMPARE(value(details, iq4, "runnable").toBool(), false);
        // Device memory unknown: no verdict, no recommendation.
        QCOMPARE(value(details, rowOf(details, "quant", "Q8_0"), "fit").toString(), QString());
        QCOMPARE(details.recommendedRow(), -1);
        QCOMPARE(details.deviceMemoryText(), QString());

        QSignalSpy download(&details, &ModelDetailsModel::downloadRequested);
        details.requestDownload(bf16);
        details.requestDownload(99); // ignored
        QCOMPARE(download.size(), 1);
        QCOMPARE(download[0][0].toString(), QString("hearth-test/Tiny-Llama-GGUF"));
        QCOMPARE(download[0][1].toString(), QString("BF16/tiny-llama-BF16.gguf"));
        const auto group = details.fileGroup("BF16/tiny-llama-BF16.gguf");
        QVERIFY(group.has_value());
        QCOMPARE(group->parts.size(), 3);
        QVERIFY(!details.fileGroup(99).has_value());
    }

    void fitVerdictsForDeviceMemory()
    {
        HubClient client(config());
        // Room for the scratch of the default context (384 MiB, see
        // fit_estimate.cpp) plus 240,000 bytes of weights and KV cache.
        ModelDetailsModel details(client, 384 * kMiB + 240000);
        details.open("hearth-test/Tiny-Llama-GGUF");
        QTRY_COMPARE_WITH_TIMEOUT(details.status(), QString("ready"), 10000);
        const auto fitOf = [&](const QString& quant) {
            return value(details, rowOf(details, "quant", quant), "fit").toString();
        };
        QCOMPARE(fitOf("Q8_0"), QString("fits"));
        QCOMPARE(fitOf("F16"), QString("fits"));
        QCOMPARE(fitOf("BF16"), QString("short"));
        QCOMPARE(fitOf("Q4_K_M"), QString("short"));
        QCOMPARE(fitOf("IQ4_XS"), QString("unsupported"));
        // The best quantised file that fits, not the F16.
        const int q8 = rowOf(details, "quant", "Q8_0");
        QCOMPARE(details.recommendedRow(), q8);
        QCOMPARE(value(details, q8, "recommended").toBool(), true);
        QCOMPARE(value(details, rowOf(details, "quant", "F16"), "recommended").toBool(), false);
        QVERIFY(value(details, q8, "fitText").toString().startsWith("Fits in GPU memory"));
        QVERIFY(value(details, rowOf(details, "quant", "BF16"), "fitText").toString().startsWith("Fits only with a short context"));

        // Less memory: only short contexts fit; the best of those is suggested.
        QSignalSpy changed(&details, &QAbstractItemModel::dataChanged);
        details.setDeviceMemory(192 * kMiB + 210000);
        QCOMPARE(changed.size(), 1);
        QCOMPARE(fitOf("Q8_0"), QString("short"));
        QCOMPARE(fitOf("F16"), QString("short"));
        QCOMPARE(fitOf("BF16"), QString("wont"));
        QCOMPARE(fitOf("Q4_K_M"), QString("wont"));
        QCOMPARE(details.recommendedRow(), q8);
        QVERIFY(value(details, rowOf(details, "quant", "Q4_K_M"), "fitText").toString().startsWith("Won't fit"));

        details.setDeviceMemory(100 * kMiB); // nothing fits
        QCOMPARE(fitOf("Q8_0"), QString("wont"));
        QCOMPARE(details.recommendedRow(), -1);
        QVERIFY(!details.deviceMemoryText().isEmpty());
    }

    void gatedRepoExplainsAccess()
    {
        HubClient anonymous(config());
        ModelDetailsModel details(anonymous);
        details.open("hearth-test/Gated-Model-GGUF");
        QTRY_COMPARE_WITH_TIMEOUT(details.status(), QString("ready"), 10000);
        QVERIFY(details.gated());
        QVERIFY(details.gatedText().contains("accept its license"));
        QVERIFY(details.gatedText().contains("Settings"));
        QCOMPARE(column(details, "quant"), QStringList({"Q4_0"}));

        HubClient withToken(config("hf_test_token_with_access"));
        ModelDetailsModel tokenDetails(withToken);
        tokenDetails.open("hearth-test/Gated-Model-GGUF");
        QTRY_COMPARE_WITH_TIMEOUT(tokenDetails.status(), QString("ready"), 10000);
        QVERIFY(tokenDetails.gatedText().contains("token is set"));
    }

    void missingRepoAndBadName()
    {
        HubClient client(config());
        ModelDetailsModel details(client);
        details.open("hearth-test/No-Such-Model");
        QTRY_COMPARE_WITH_TIMEOUT(details.status(), QString("error"), 10000);
        QVERIFY2(details.message().startsWith("Not found on Hugging Face"), qPrintable(details.message()));
        QCOMPARE(details.count(), 0);
        QVERIFY(!details.backoff().pending());
        details.open("not a repo");
        QTRY_COMPARE_WITH_TIMEOUT(details.status(), QString("error"), 10000);
        QVERIFY(details.message().contains("not a Hugging Face model name"));
        // A repo without GGUF files says so.
        details.open("other-org/Not-Gguf");
        QTRY_COMPARE_WITH_TIMEOUT(details.status(), QString("ready"), 10000);
        QCOMPARE(details.count(), 0);
        QVERIFY(details.message().contains("no GGUF files"));
    }

    void detailsOfflineThenBack()
    {
        HubProxy proxy(HubProxy::freePort());
        HubClient client(HubConfig{proxy.endpoint(), {}});
        ModelDetailsModel details(client);
        details.backoff().setDelays(100, 400);
        details.open("hearth-test/Tiny-Llama-GGUF");
        QTRY_COMPARE_WITH_TIMEOUT(details.status(), QString("offline"), 10000);
        QVERIFY(proxy.forwardTo(quint16(hub_.hubPort())));
        QTRY_COMPARE_WITH_TIMEOUT(details.status(), QString("ready"), 10000);
        QCOMPARE(details.count(), 5);
    }

    void newerOpenWins()
    {
        HubClient client(config());
        ModelDetailsModel details(client);
        details.open("hearth-test/Tiny-Llama-GGUF");
        details.open("hearth-test/Gated-Model-GGUF");
        QTRY_COMPARE_WITH_TIMEOUT(details.status(), QString("ready"), 10000);
        QTest::qWait(200);
        QCOMPARE(details.repoId(), QString("hearth-test/Gated-Model-GGUF"));
        QCOMPARE(details.count(), 1);
    }
};

QTEST_GUILESS_MAIN(TestDiscoverModel)
#include "test_discover_model.moc"
