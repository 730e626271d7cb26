// DownloadsModel over a real DownloadManager against the fake Hub: the rows
// and texts the Downloads panel shows, pause / resume / cancel / retry, an
// injected connection drop that resumes with Range, a failure with its
// message and a retry, a restart that continues a half-done download, and
// the finished row's Load / New chat.

#include "../app/hub/download_test_util.h"
#include "downloads/download_text.h"
#include "downloads/downloads_model.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <memory>

using namespace hearth::downloads;
using namespace hearth::test;
using hearth::hub::HubConfig;
using hearth::ui::DownloadsModel;

class TestDownloadsModel : public QObject {
    Q_OBJECT
private:
    FakeHub hub_;
    std::unique_ptr<QTemporaryDir> dir_;
    const FakeFile q8_{kRepo, "tiny-llama-Q8_0.gguf", 200000};
    const FakeFile q4_{kRepo, "tiny-llama-Q4_K_M.gguf", 300000};

    HubConfig config() const { return {hub_.endpoint(), kToken}; }
    QString models() const { return dir_->path() + "/models"; }
    QString destination(const FakeFile& f) const { return models() + "/" + f.repo + "/" + f.path; }

    static hearth::hub::HubFileGroup group(const QList<FakeFile>& files, const QString& name = {})
    {
        hearth::hub::HubFileGroup g;
        g.name = name.isEmpty() ? files.first().path : name;
        for (const FakeFile& f : files)
            g.parts << f.hubFile();
        return g;
    }

    // The service pair as the app builds it.
    struct Downloads {
        std::unique_ptr<DownloadManager> manager;
        std::unique_ptr<DownloadsModel> model;
        Downloads(const HubConfig& config, const QString& models)
            : manager(std::make_unique<DownloadManager>(config, fastPolicy())),
              model(std::make_unique<DownloadsModel>(*manager, config, models))
        {
        }
        ~Downloads()
        {
            model.reset(); // as the app quits: the view first, then the service
            manager.reset();
        }
        QVariant value(int id, const char* role) const { return model->get(id).value(QString::fromLatin1(role)); }
        QString state(int id) const { return value(id, "downloadState").toString(); }
    };

    static bool isFinalName(const QString& s) { return s == "completed" || s == "failed" || s == "cancelled"; }

    // Runs until the download ends; returns its final state name.
    static QString run(const Downloads& d, int id, int timeoutMs = 20000)
    {
        QElapsedTimer clock;
        clock.start();
        while (!isFinalName(d.state(id)) && clock.elapsed() < timeoutMs)
            QTest::qWait(10);
        return d.state(id);
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(hub_.start(), "the fake hub did not start (python3?)"); }
    void init()
    {
        QVERIFY(hub_.reset());
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
    }

    void texts()
    {
        using namespace hearth::ui;
        QCOMPARE(downloadBytesText(1258291, 4692251771), QString("1.2 MiB of 4.37 GiB"));
        QCOMPARE(downloadBytesText(512, -1), QString("512 B"));
        QCOMPARE(downloadSpeedText(12.3 * 1024 * 1024), QString("12.3 MiB/s"));
        QCOMPARE(downloadSpeedText(0), QString());
        QCOMPARE(downloadEtaText(-1), QString());
        QCOMPARE(downloadEtaText(7.2), QString("8 s left"));
        QCOMPARE(downloadEtaText(61), QString("2 min left"));
        QCOMPARE(downloadEtaText(3600 + 4 * 60 + 1), QString("1 h 5 min left"));
        QCOMPARE(downloadEtaText(7200), QString("2 h left"));
        QCOMPARE(downloadWaitText("retrying in 4 s: connection dropped"),
                 QString("Waiting to retry in 4 s: connection dropped"));
        QCOMPARE(downloadStateName(DownloadState::Waiting), QString("waiting"));
    }

    void downloadCompletesAndOffersLoadAndNewChat()
    {
        Downloads d(config(), models());
        QSignalSpy finished(d.model.get(), &DownloadsModel::downloadFinished);
        QSignalSpy load(d.model.get(), &DownloadsModel::loadRequested);
        QSignalSpy newChat(d.model.get(), &DownloadsModel::newChatRequested);
        QSignalSpy active(d.model.get(), &DownloadsModel::activeChanged);

        const int id = d.model->start(kRepo, group({q8_}));
        QVERIFY(id > 0);
        QCOMPARE(d.model->rowCount(), 1);
        QCOMPARE(d.model->activeCount(), 1);
        QCOMPARE(d.value(id, "repo").toString(), kRepo);
        QCOMPARE(d.value(id, "name").toString(), q8_.path);
        QCOMPARE(d.value(id, "quant").toString(), QString("Q8_0"));
        // The same file again is the same download.
        QCOMPARE(d.model->start(kRepo, group({q8_})), id);
        QCOMPARE(d.model->rowCount(), 1);
        QCOMPARE(d.model->findDownload(kRepo, q8_.path), id);

        QCOMPARE(run(d, id), QString("completed"));
        const QString dest = destination(q8_);
        QCOMPARE(readAll(dest), q8_.content());
        QCOMPARE(d.value(id, "path").toString(), dest);
        QCOMPARE(d.value(id, "progress").toDouble(), 1.0);
        QCOMPARE(d.value(id, "statusText").toString(), QString("Downloaded · 195.3 KiB"));
        QCOMPARE(d.value(id, "error").toString(), QString());
        QCOMPARE(d.value(id, "folderUrl").toUrl(), QUrl::fromLocalFile(QFileInfo(dest).absolutePath()));
        QCOMPARE(d.model->activeCount(), 0);
        QCOMPARE(d.model->totalProgress(), -1.0);
        QVERIFY(!active.isEmpty());
        QCOMPARE(finished.size(), 1);
        QCOMPARE(finished[0][0].toString(), dest);

        d.model->load(id);
        QCOMPARE(load.size(), 1);
        QCOMPARE(load[0][0].toString(), dest);
        d.model->newChat(id);
        QCOMPARE(newChat.size(), 1);
        QCOMPARE(newChat[0][0].toString(), dest);

        // Still there: starting it again is the same row; once the file is
        // gone it downloads anew.
        QCOMPARE(d.model->start(kRepo, group({q8_})), id);
        QVERIFY(QFile::remove(dest));
        const int again = d.model->start(kRepo, group({q8_}));
        QVERIFY(again != id);
        QCOMPARE(d.model->rowCount(), 1);
        QCOMPARE(run(d, again), QString("completed"));

        d.model->clearFinished();
        QCOMPARE(d.model->rowCount(), 0);
        QVERIFY(QFile::exists(dest)); // clearing the list keeps the model
    }

    void connectionDropResumesWithRange()
    {
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "drop"}, {"after", 100000}}));
        Downloads d(config(), models());
        const int id = d.model->start(kRepo, group({q4_}));
        QCOMPARE(run(d, id), QString("completed"));
        QCOMPARE(readAll(destination(q4_)), q4_.content());
        const auto cdn = cdnRequests(hub_, q4_.path);
        QCOMPARE(cdn.size(), 2);
        QVERIFY(!cdn[0].value("headers").toObject().contains("range"));
        QCOMPARE(cdn[1].value("headers").toObject().value("range").toString(), QString("bytes=100000-"));
    }

    void progressPauseAndResume()
    {
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "slow"}, {"rate", 150000}}));
        Downloads d(config(), models());
        const int id = d.model->start(kRepo, group({q4_}));
        QTRY_VERIFY_WITH_TIMEOUT(d.state(id) == "running" && d.value(id, "progress").toDouble() > 0.1 &&
                                     !d.value(id, "speedText").toString().isEmpty(),
                                 10000);
        const double progress = d.value(id, "progress").toDouble();
        QVERIFY(progress > 0.1 && progress < 1.0);
        QVERIFY2(d.value(id, "bytesText").toString().endsWith(" of 293.0 KiB"),
                 qPrintable(d.value(id, "bytesText").toString()));
        QVERIFY2(d.value(id, "speedText").toString().endsWith("/s"), qPrintable(d.value(id, "speedText").toString()));
        QVERIFY2(d.value(id, "etaText").toString().endsWith(" left"), qPrintable(d.value(id, "etaText").toString()));
        const QString status = d.value(id, "statusText").toString();
        QVERIFY2(status.contains(" of 293.0 KiB · ") && status.endsWith(" left"), qPrintable(status));
        QVERIFY(d.model->totalProgress() > 0.1);

        d.model->pause(id);
        QCOMPARE(d.state(id), QString("paused"));
        QCOMPARE(d.model->activeCount(), 0);
        QVERIFY(d.value(id, "statusText").toString().startsWith("Paused · "));
        QCOMPARE(d.value(id, "speedText").toString(), QString());
        QVERIFY(d.value(id, "progress").toDouble() > 0.1); // progress is kept while paused
        QTest::qWait(200);
        const qint64 partSize = QFileInfo(partPath(destination(q4_))).size();
        QVERIFY(partSize > 0 && partSize < q4_.size);

        d.model->resume(id);
        QCOMPARE(run(d, id), QString("completed"));
        QCOMPARE(readAll(destination(q4_)), q4_.content());
        const auto cdn = cdnRequests(hub_, q4_.path);
        QCOMPARE(cdn.last().value("headers").toObject().value("range").toString(), QString("bytes=%1-").arg(partSize));
    }

    void cancelRemovesPartialFileAndCanStartAgain()
    {
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "slow"}, {"rate", 100000}}));
        Downloads d(config(), models());
        const int id = d.model->start(kRepo, group({q4_}));
        QTRY_VERIFY_WITH_TIMEOUT(d.value(id, "progress").toDouble() > 0, 10000);
        const QString dest = destination(q4_);
        QVERIFY(QFile::exists(partPath(dest)));
        d.model->cancel(id);
        QCOMPARE(d.state(id), QString("cancelled"));
        QCOMPARE(d.value(id, "statusText").toString(), QString("Cancelled"));
        QTRY_VERIFY(!QFile::exists(partPath(dest)) && !QFile::exists(sidecarPath(dest)));
        QVERIFY(!QFile::exists(dest));
        QCOMPARE(d.model->finishedCount(), 1);

        // "Download again" starts it from scratch as a new row.
        QVERIFY(hub_.reset());
        d.model->retry(id);
        QCOMPARE(d.model->rowCount(), 1);
        const int again = d.model->findDownload(kRepo, q4_.path);
        QVERIFY(again > 0 && again != id);
        QCOMPARE(run(d, again), QString("completed"));
        QCOMPARE(readAll(dest), q4_.content());
    }

    void failureShowsMessageAndRetryWorks()
    {
        // A 5xx that outlasts the retries, then the Hub recovers.
        QVERIFY(hub_.addFault({{"where", "hub"}, {"file", q8_.path}, {"kind", "status"}, {"status", 503}, {"count", 50}}));
        Downloads d(config(), models());
        const int id = d.model->start(kRepo, group({q8_}));
        QCOMPARE(run(d, id), QString("failed"));
        const QString error = d.value(id, "error").toString();
        QVERIFY2(error.contains("server problem (HTTP 503)") && error.contains("gave up after 4 attempts"),
                 qPrintable(error));
        QCOMPARE(d.value(id, "statusText").toString(), error);
        QCOMPARE(d.model->activeCount(), 0);

        QVERIFY(hub_.reset());
        d.model->retry(id);
        QCOMPARE(run(d, id), QString("completed"));
        QCOMPARE(d.value(id, "error").toString(), QString());
        QCOMPARE(readAll(destination(q8_)), q8_.content());

        // A file the Hub does not have: a clear "not found".
        const int missing = d.model->start(kRepo, group({{kRepo, "nope-Q4_0.gguf", 1000}}));
        QCOMPARE(run(d, missing), QString("failed"));
        QVERIFY2(d.value(missing, "error").toString().startsWith("Not found on Hugging Face: nope-Q4_0.gguf"),
                 qPrintable(d.value(missing, "error").toString()));
        d.model->remove(missing);
        QCOMPARE(d.model->findDownload(kRepo, "nope-Q4_0.gguf"), -1);
    }

    void waitingToRetryIsExplained()
    {
        QVERIFY(hub_.addFault(
            {{"where", "hub"}, {"file", q8_.path}, {"kind", "status"}, {"status", 429}, {"retryAfter", 1}}));
        Downloads d(config(), models());
        const int id = d.model->start(kRepo, group({q8_}));
        QTRY_VERIFY_WITH_TIMEOUT(d.state(id) == "waiting", 5000);
        const QString status = d.value(id, "statusText").toString();
        QVERIFY2(status.startsWith("Waiting to retry in 1 s: "), qPrintable(status));
        QCOMPARE(d.model->activeCount(), 1);
        QCOMPARE(run(d, id), QString("completed"));
    }

    void badNameIsRefused()
    {
        Downloads d(config(), models());
        QSignalSpy failed(d.model.get(), &DownloadsModel::startFailed);
        QCOMPARE(d.model->start("../escape", group({q8_})), -1);
        QCOMPARE(d.model->start(kRepo, hearth::hub::HubFileGroup{}), -1);
        QCOMPARE(failed.size(), 2);
        QCOMPARE(d.model->rowCount(), 0);
    }

    void qmlStartGroupDownloads()
    {
        Downloads d(config(), models());
        const QVariantList parts{QVariantMap{{"path", q8_.path}, {"size", q8_.size}, {"sha256", q8_.sha256()}}};
        const int id = d.model->startGroup(kRepo, q8_.path, parts);
        QVERIFY(id > 0);
        QCOMPARE(run(d, id), QString("completed"));
        QCOMPARE(readAll(destination(q8_)), q8_.content());
    }

    void restartContinuesWhereItStopped()
    {
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "slow"}, {"rate", 100000}}));
        const QString dest = destination(q4_);
        {
            Downloads before(config(), models());
            const int id = before.model->start(kRepo, group({q4_}));
            QTRY_VERIFY_WITH_TIMEOUT(before.value(id, "progress").toDouble() > 0.15, 10000);
        } // the app quits mid-download
        const qint64 kept = QFileInfo(partPath(dest)).size();
        QVERIFY2(kept > 0 && kept < q4_.size, qPrintable(QString::number(kept)));
        QVERIFY(QFile::exists(sidecarPath(dest)));

        QVERIFY(hub_.reset()); // full speed now, and a fresh request log
        Downloads after(config(), models());
        QCOMPARE(after.model->restore(), 1);
        QCOMPARE(after.model->restore(), 0); // listed once
        QCOMPARE(after.model->rowCount(), 1);
        const int id = after.model->findDownload(kRepo, q4_.path);
        QVERIFY(id > 0);
        QCOMPARE(run(after, id), QString("completed"));
        QCOMPARE(readAll(dest), q4_.content());
        QVERIFY(!QFile::exists(partPath(dest)));
        const auto cdn = cdnRequests(hub_, q4_.path);
        QCOMPARE(cdn.size(), 1);
        QCOMPARE(cdn[0].value("headers").toObject().value("range").toString(), QString("bytes=%1-").arg(kept));
    }

    void restoredSplitSetGetsAllItsParts()
    {
        // A previous run had begun part 1 of 3 only: the other parts have no
        // sidecar yet, and the set must still come out whole.
        const QList<FakeFile> parts{{kRepo, "BF16/tiny-llama-BF16-00001-of-00003.gguf", 100000},
                                    {kRepo, "BF16/tiny-llama-BF16-00002-of-00003.gguf", 100000},
                                    {kRepo, "BF16/tiny-llama-BF16-00003-of-00003.gguf", 50000}};
        const QString first = destination(parts[0]);
        QVERIFY(QDir().mkpath(QFileInfo(first).absolutePath()));
        QFile part(partPath(first));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(parts[0].content().left(30000));
        part.close();
        writeSidecar(first, {kRepo, parts[0].path, QString::fromStdString(config().resolveUrl(kRepo, parts[0].path)),
                             parts[0].size, parts[0].sha256(), 30000, false});

        Downloads d(config(), models());
        QCOMPARE(d.model->restore(), 1);
        const int id = d.model->findDownload(kRepo, "BF16/tiny-llama-BF16.gguf");
        QVERIFY(id > 0);
        QCOMPARE(d.value(id, "name").toString(), QString("tiny-llama-BF16.gguf"));
        QCOMPARE(run(d, id), QString("completed"));
        for (const FakeFile& f : parts)
            QVERIFY2(readAll(destination(f)) == f.content(), qPrintable(f.path));
        QCOMPARE(d.value(id, "path").toString(), first);
    }
};

QTEST_GUILESS_MAIN(TestDownloadsModel)
#include "test_downloads_model.moc"
