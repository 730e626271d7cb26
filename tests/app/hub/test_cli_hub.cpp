// hearth-cli hub / pull against the fake Hub, including a pull killed with
// SIGKILL that the next run resumes and verifies.

#include "cli_process.h"
#include "download_test_util.h"

#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>

using namespace hearth::test;

class TestCliHub : public QObject {
    Q_OBJECT
private:
    FakeHub hub_;
    QTemporaryDir home_;
    const FakeFile q4_{kRepo, "tiny-llama-Q4_K_M.gguf", 300000};

    QProcessEnvironment env(const QString& endpoint = {}, const QString& token = kToken) const
    {
        QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
        e.insert("HF_ENDPOINT", endpoint.isEmpty() ? hub_.endpoint() : endpoint);
        if (token.isEmpty())
            e.remove("HF_TOKEN");
        else
            e.insert("HF_TOKEN", token);
        // Keep the user's own settings and data out of the test.
        e.insert("XDG_CONFIG_HOME", home_.path() + "/config");
        e.insert("HOME", home_.path());
        e.insert("HEARTH_DATA_DIR", home_.path() + "/data");
        return e;
    }
    QString destination(const FakeFile& f) const { return home_.path() + "/data/models/" + f.repo + "/" + f.path; }

private Q_SLOTS:
    void initTestCase()
    {
        QVERIFY(home_.isValid());
        QVERIFY2(hub_.start(), "the fake hub did not start (python3?)");
    }
    void init() { QVERIFY(hub_.reset()); }

    void searchJsonAndText()
    {
        CliResult r = runCli({"hub", "search", "paging", "--sort", "likes", "--limit", "2", "--json"}, env());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonArray models = QJsonDocument::fromJson(r.rawOut).array();
        QCOMPARE(models.size(), 2);
        QCOMPARE(models[0].toObject().value("id").toString(), QString("paging-org/Paging-00-GGUF"));
        QCOMPARE(models[0].toObject().value("likes").toInt(), 40);

        r = runCli({"hub", "search", "tiny"}, env());
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("hearth-test/Tiny-Llama-GGUF"));
        QVERIFY(r.out.contains("9000"));

        r = runCli({"hub", "search", "x", "--sort", "best"}, env());
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("--sort must be"));
    }

    void filesJsonAndText()
    {
        CliResult r = runCli({"hub", "files", kRepo, "--json"}, env());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        const QJsonObject repo = QJsonDocument::fromJson(r.rawOut).object();
        QCOMPARE(repo.value("license").toString(), QString("apache-2.0"));
        const QJsonArray files = repo.value("files").toArray();
        QCOMPARE(files.size(), 5);
        QCOMPARE(files[0].toObject().value("parts").toArray().size(), 3);
        QCOMPARE(files[2].toObject().value("quant").toString(), QString("Q4_K_M"));
        QCOMPARE(files[2].toObject().value("parts").toArray()[0].toObject().value("sha256").toString(), q4_.sha256());
        QVERIFY(repo.value("readme").toString().startsWith("# Tiny Llama GGUF"));

        r = runCli({"hub", "files", kRepo}, env());
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Q4_K_M"));
        QVERIFY(r.out.contains("(3 parts)"));

        r = runCli({"hub", "files", "nobody/missing"}, env());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("Not found on Hugging Face"), qPrintable(r.err));
    }

    void offlineIsAClearError()
    {
        const CliResult r = runCli({"hub", "search", "tiny"}, env("http://127.0.0.1:1"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("Can't reach Hugging Face"), qPrintable(r.err));
    }

    void pullErrors()
    {
        CliResult r = runCli({"pull", kRepo, "missing.gguf"}, env());
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("There is no file 'missing.gguf'"), qPrintable(r.err));
        r = runCli({"pull", "hearth-test/Gated-Model-GGUF", "gated-Q4_0.gguf"}, env({}, "hf_not_accepted"));
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("This model is gated"), qPrintable(r.err));
        r = runCli({"pull", kRepo}, env());
        QCOMPARE(r.exitCode, 2);
    }

    void pullKilledMidwayResumes()
    {
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "slow"}, {"rate", 60000}}));
        const QString dest = destination(q4_);
        QProcess first;
        first.setProcessEnvironment(env());
        first.start(QStringLiteral(HEARTH_CLI_PATH), {"pull", kRepo, q4_.path});
        QVERIFY(first.waitForStarted());
        QElapsedTimer clock;
        clock.start();
        while (QFileInfo(hearth::downloads::partPath(dest)).size() < 30000 && clock.elapsed() < 15000)
            QTest::qWait(20);
        first.kill(); // SIGKILL: no chance to clean up
        QVERIFY(first.waitForFinished(5000));
        const qint64 kept = QFileInfo(hearth::downloads::partPath(dest)).size();
        QVERIFY2(kept >= 30000 && kept < q4_.size, qPrintable(QString::number(kept)));
        QVERIFY(QFile::exists(hearth::downloads::sidecarPath(dest)));
        QVERIFY(!QFile::exists(dest));

        QVERIFY(hub_.reset());
        const CliResult r = runCli({"pull", kRepo, q4_.path}, env());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        QCOMPARE(r.out.trimmed(), dest);
        QVERIFY(r.err.contains("Downloaded and verified"));
        QCOMPARE(readAll(dest), q4_.content());
        QVERIFY(!QFile::exists(hearth::downloads::partPath(dest)));
        QVERIFY(!QFile::exists(hearth::downloads::sidecarPath(dest)));
        const auto cdn = cdnRequests(hub_, q4_.path);
        QCOMPARE(cdn.size(), 1);
        QCOMPARE(cdn[0].value("headers").toObject().value("range").toString(), QString("bytes=%1-").arg(kept));

        // Run again: already there, nothing downloaded.
        QVERIFY(hub_.reset());
        const CliResult again = runCli({"pull", kRepo, q4_.path}, env());
        QCOMPARE(again.exitCode, 0);
        QVERIFY(again.err.contains("Already downloaded"));
        QCOMPARE(cdnRequests(hub_, q4_.path).size(), 0);
    }

    void pullIntoModelsDir()
    {
        QTemporaryDir models;
        const CliResult r = runCli({"pull", kRepo, "BF16/tiny-llama-BF16.gguf", "--models-dir", models.path()}, env());
        QVERIFY2(r.exitCode == 0, qPrintable(r.err));
        for (int i = 1; i <= 3; ++i) {
            const FakeFile part{kRepo, QString("BF16/tiny-llama-BF16-0000%1-of-00003.gguf").arg(i), i == 3 ? 50000 : 100000};
            QCOMPARE(readAll(models.path() + "/" + kRepo + "/" + part.path), part.content());
        }
    }
};

QTEST_GUILESS_MAIN(TestCliHub)
#include "test_cli_hub.moc"
