// HubClient against the fake Hub: search, paging, sort, repo details,
// headers sent, and the errors a user sees.

#include "fake_hub.h"
#include "hearth/error.h"
#include "hearth/version.h"
#include "services/hub/hub_client.h"

#include <QElapsedTimer>
#include <QtTest>

using namespace hearth::hub;
using hearth::test::FakeHub;

namespace {

// Runs the event loop until the future is done (the caller's thread must
// never block in the app; here it proves results arrive without that).
template <typename T>
T await(QFuture<T> future)
{
    QElapsedTimer clock;
    clock.start();
    while (!future.isFinished() && clock.elapsed() < 20000)
        QTest::qWait(5);
    if (!future.isFinished())
        throw hearth::Error("timed out waiting for the hub client");
    return future.result();
}

QString awaitError(auto future)
{
    try {
        await(future);
    } catch (const hearth::Error& e) {
        return QString::fromUtf8(e.what());
    }
    return {};
}

QStringList ids(const QList<HubModel>& models)
{
    QStringList out;
    for (const HubModel& m : models)
        out << m.id;
    return out;
}

} // namespace

class TestHubClient : public QObject {
    Q_OBJECT
private:
    FakeHub hub_;
    HubConfig config(const QString& token = {}) const { return HubConfig{hub_.endpoint(), token}; }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(hub_.start(), "the fake hub did not start (python3?)"); }
    void init() { QVERIFY(hub_.reset()); }

    void searchSortsAndPages()
    {
        HubClient client(config());
        const SearchPage first = await(client.search({"paging", SearchSort::Downloads, 3}));
        QCOMPARE(ids(first.models),
                 QStringList({"paging-org/Paging-06-GGUF", "paging-org/Paging-05-GGUF", "paging-org/Paging-04-GGUF"}));
        QVERIFY(!first.nextUrl.isEmpty());
        const SearchPage second = await(client.nextPage(first.nextUrl));
        QCOMPARE(second.models.size(), 3);
        QCOMPARE(second.models.first().id, QString("paging-org/Paging-03-GGUF"));
        const SearchPage last = await(client.nextPage(second.nextUrl));
        QCOMPARE(ids(last.models), QStringList({"paging-org/Paging-00-GGUF"}));
        QVERIFY(last.nextUrl.isEmpty());

        const SearchPage byLikes = await(client.search({"paging", SearchSort::Likes, 2}));
        QCOMPARE(ids(byLikes.models), QStringList({"paging-org/Paging-00-GGUF", "paging-org/Paging-01-GGUF"}));
        const SearchPage recent = await(client.search({"", SearchSort::Recent, 1}));
        QCOMPARE(ids(recent.models), QStringList({"hearth-test/Gated-Model-GGUF"}));

        // Only GGUF repos: the most downloaded repo overall is not GGUF.
        const SearchPage all = await(client.search({"", SearchSort::Downloads, 100}));
        QCOMPARE(all.models.size(), 9);
        QCOMPARE(all.models.first().id, QString("hearth-test/Tiny-Llama-GGUF"));
        QCOMPARE(all.models.first().downloads, 9000);
        QCOMPARE(all.models.first().likes, 50);
        QCOMPARE(all.models.first().license, QString("apache-2.0"));
        QVERIFY(!ids(all.models).contains("other-org/Not-Gguf"));

        const QJsonArray requests = hub_.requests();
        QVERIFY(!requests.isEmpty());
        const QString path = requests.first().toObject().value("path").toString();
        QVERIFY2(path.contains("filter=gguf") && path.contains("sort=downloads") && path.contains("search=paging"),
                 qPrintable(path));
    }

    void repoDetails()
    {
        HubClient client(config());
        const RepoDetails d = await(client.repoDetails("hearth-test/Tiny-Llama-GGUF"));
        QCOMPARE(d.model.id, QString("hearth-test/Tiny-Llama-GGUF"));
        QCOMPARE(d.model.license, QString("apache-2.0"));
        QVERIFY(!d.model.gated);
        QCOMPARE(d.model.lastModified.date(), QDate(2024, 3, 1));
        QCOMPARE(d.readme, QString("# Tiny Llama GGUF\n\nA tiny test model.\n"));
        QStringList names, quants;
        for (const HubFileGroup& g : d.ggufFiles) {
            names << g.name;
            quants << g.quant;
        }
        QCOMPARE(names, QStringList({"BF16/tiny-llama-BF16.gguf", "tiny-llama-IQ4_XS.gguf", "tiny-llama-Q4_K_M.gguf",
                                     "tiny-llama-Q8_0.gguf", "tiny-llama-f16.gguf"}));
        QCOMPARE(quants, QStringList({"BF16", "IQ4_XS", "Q4_K_M", "Q8_0", "F16"}));
        const HubFileGroup& split = d.ggufFiles[0];
        QCOMPARE(split.parts.size(), 3);
        QCOMPARE(split.totalSize(), 250000);
        const HubFile& q4 = d.ggufFiles[2].parts[0];
        QCOMPARE(q4.size, 300000);
        const QByteArray content = FakeHub::fileContent("hearth-test/Tiny-Llama-GGUF", q4.path, 300000);
        QCOMPARE(q4.sha256, QString(QCryptographicHash::hash(content, QCryptographicHash::Sha256).toHex()));
        QCOMPARE(d.otherFiles.size(), 2); // README.md, config.json

        const RepoDetails gated = await(client.repoDetails("hearth-test/Gated-Model-GGUF"));
        QVERIFY(gated.model.gated);
        QCOMPARE(gated.model.license, QString("llama3"));
    }

    void sendsTokenAndUserAgent()
    {
        HubClient client(config("hf_secret_123"));
        await(client.search({"tiny", SearchSort::Downloads, 5}));
        const QJsonObject headers = hub_.requests().first().toObject().value("headers").toObject();
        QCOMPARE(headers.value("authorization").toString(), QString("Bearer hf_secret_123"));
        QCOMPARE(headers.value("user-agent").toString(), QString("Hearth/") + hearth::version());

        HubClient anonymous(config());
        QVERIFY(hub_.reset());
        await(anonymous.search({"tiny", SearchSort::Downloads, 5}));
        QVERIFY(!hub_.requests().first().toObject().value("headers").toObject().contains("authorization"));
    }

    void environmentConfig()
    {
        qputenv("HF_ENDPOINT", "http://127.0.0.1:1234/");
        qputenv("HF_TOKEN", "hf_env");
        HubConfig c = HubConfig::fromEnvironment("hf_settings");
        QCOMPARE(c.endpoint, QString("http://127.0.0.1:1234"));
        QCOMPARE(c.token, QString("hf_env"));
        qunsetenv("HF_TOKEN");
        qunsetenv("HF_ENDPOINT");
        c = HubConfig::fromEnvironment("hf_settings");
        QCOMPARE(c.token, QString("hf_settings"));
        QCOMPARE(c.endpoint, QString("https://huggingface.co"));
        qputenv("HF_TOKEN", "hf_pasted\r\nX-Evil: 1");
        QVERIFY(HubConfig::fromEnvironment().token.isEmpty()); // would break the headers: not sent
        qunsetenv("HF_TOKEN");
    }

    void errors()
    {
        HubClient client(config());
        QVERIFY(awaitError(client.repoDetails("nobody/missing")).startsWith("Not found on Hugging Face"));
        QVERIFY(awaitError(client.repoDetails("not a repo")).contains("not a Hugging Face model name"));

        QVERIFY(hub_.addFault({{"where", "hub"}, {"kind", "status"}, {"status", 503}}));
        QVERIFY(awaitError(client.search({"tiny", SearchSort::Downloads, 5})).contains("server problem (HTTP 503)"));
        QVERIFY(hub_.addFault({{"where", "hub"}, {"kind", "status"}, {"status", 429}, {"retryAfter", 1}}));
        QVERIFY(awaitError(client.search({"tiny", SearchSort::Downloads, 5})).contains("HTTP 429"));

        // Nothing listens on port 1.
        HubClient offline(HubConfig{"http://127.0.0.1:1", {}});
        const QString message = awaitError(offline.search({"x", SearchSort::Downloads, 5}));
        QVERIFY2(message.startsWith("Can't reach Hugging Face: "), qPrintable(message));

        // A next-page link to another host is not followed (the token would go with it).
        QVERIFY(awaitError(client.nextPage("http://evil.example/api/models?cursor=1")).contains("points outside"));
    }
};

QTEST_GUILESS_MAIN(TestHubClient)
#include "test_hub_client.moc"
