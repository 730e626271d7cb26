// DownloadManager against the fake Hub: a normal download, and one test per
// fault showing that nothing is lost or corrupted and the user gets the
// right outcome.

#include "download_test_util.h"
#include "services/hub/hub_errors.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTemporaryDir>

#include <csignal>
#include <sys/resource.h>

using namespace hearth::downloads;
using namespace hearth::test;
using hearth::hub::HubConfig;

class TestDownloads : public QObject {
    Q_OBJECT
private:
    FakeHub hub_;
    std::unique_ptr<QTemporaryDir> dir_;
    const FakeFile q8_{kRepo, "tiny-llama-Q8_0.gguf", 200000};
    const FakeFile q4_{kRepo, "tiny-llama-Q4_K_M.gguf", 300000};

    HubConfig config(const QString& token = kToken) const { return {hub_.endpoint(), token}; }
    QString models() const { return dir_->path() + "/models"; }

    // Runs until the download ends; returns its final state.
    DownloadState run(DownloadManager& manager, int id, int timeoutMs = 20000)
    {
        QElapsedTimer clock;
        clock.start();
        while (!isFinal(manager.state(id)) && clock.elapsed() < timeoutMs)
            QTest::qWait(10);
        return manager.state(id);
    }

    void expectComplete(const DownloadRequest& request, const QList<FakeFile>& files)
    {
        for (qsizetype i = 0; i < files.size(); ++i) {
            const QString dest = request.files[i].destination;
            QVERIFY2(readAll(dest) == files[i].content(), qPrintable(dest + " differs from the Hub's file"));
            QVERIFY(!QFile::exists(partPath(dest)));
            QVERIFY(!QFile::exists(sidecarPath(dest)));
        }
    }

    void expectNothingFinal(const DownloadRequest& request)
    {
        for (const DownloadFile& f : request.files)
            QVERIFY2(!QFile::exists(f.destination), qPrintable(f.destination + " should not exist"));
    }

private Q_SLOTS:
    void initTestCase() { QVERIFY2(hub_.start(), "the fake hub did not start (python3?)"); }
    void init()
    {
        QVERIFY(hub_.reset());
        dir_ = std::make_unique<QTemporaryDir>();
        QVERIFY(dir_->isValid());
    }

    void downloadsIntoLibraryLayoutWithoutLeakingToken()
    {
        DownloadManager manager(config(), fastPolicy());
        QSignalSpy completed(&manager, &DownloadManager::completed);
        const DownloadRequest request = requestFor(config(), models(), {q8_});
        QCOMPARE(request.files[0].destination, models() + "/hearth-test/Tiny-Llama-GGUF/tiny-llama-Q8_0.gguf");
        const int id = manager.enqueue(request);
        QCOMPARE(run(manager, id), DownloadState::Completed);
        expectComplete(request, {q8_});
        QCOMPARE(completed.size(), 1);
        QCOMPARE(completed[0][1].toStringList(), QStringList{request.files[0].destination});

        // The token goes to the Hub, never to the CDN host behind the redirect.
        bool hubSawToken = false;
        for (const QJsonValue& v : hub_.requests()) {
            const QJsonObject r = v.toObject();
            const bool hasAuth = r.value("headers").toObject().contains("authorization");
            if (r.value("server").toString() == "cdn")
                QVERIFY2(!hasAuth, "the Authorization header was forwarded to the CDN");
            else
                hubSawToken = hubSawToken || hasAuth;
        }
        QVERIFY(hubSawToken);
    }

    void dropMidBodyResumesWithRange()
    {
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "drop"}, {"after", 100000}}));
        DownloadManager manager(config(), fastPolicy());
        const DownloadRequest request = requestFor(config(), models(), {q4_});
        const int id = manager.enqueue(request);
        QCOMPARE(run(manager, id), DownloadState::Completed);
        expectComplete(request, {q4_});
        const auto cdn = cdnRequests(hub_, q4_.path);
        QCOMPARE(cdn.size(), 2);
        QVERIFY(!cdn[0].value("headers").toObject().contains("range"));
        QCOMPARE(cdn[1].value("headers").toObject().value("range").toString(), QString("bytes=100000-"));
    }

    void rangeIgnoredRestartsFromZero()
    {
        // The drop makes the client resume with Range; the CDN then answers
        // 200 with the whole file, which must replace, not extend, the part.
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "drop"}, {"after", 120000}}));
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "ignore_range"}}));
        DownloadManager manager(config(), fastPolicy());
        const DownloadRequest request = requestFor(config(), models(), {q4_});
        const int id = manager.enqueue(request);
        QCOMPARE(run(manager, id), DownloadState::Completed);
        expectComplete(request, {q4_});
        const auto cdn = cdnRequests(hub_, q4_.path);
        QCOMPARE(cdn.size(), 2);
        QCOMPARE(cdn[1].value("headers").toObject().value("range").toString(), QString("bytes=120000-"));
    }

    void tooManyRequestsWaitsForRetryAfter()
    {
        QVERIFY(hub_.addFault(
            {{"where", "hub"}, {"file", q8_.path}, {"kind", "status"}, {"status", 429}, {"retryAfter", 1}}));
        DownloadManager manager(config(), fastPolicy());
        const DownloadRequest request = requestFor(config(), models(), {q8_});
        QElapsedTimer clock;
        clock.start();
        const int id = manager.enqueue(request);
        QCOMPARE(run(manager, id), DownloadState::Completed);
        QVERIFY2(clock.elapsed() >= 950, "Retry-After: 1 was not honoured");
        expectComplete(request, {q8_});
    }

    void serverErrorsAreRetried()
    {
        QVERIFY(hub_.addFault({{"where", "hub"}, {"file", q8_.path}, {"kind", "status"}, {"status", 500}, {"count", 2}}));
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q8_.path}, {"kind", "status"}, {"status", 503}}));
        DownloadManager manager(config(), fastPolicy());
        const DownloadRequest request = requestFor(config(), models(), {q8_});
        const int id = manager.enqueue(request);
        QCOMPARE(run(manager, id), DownloadState::Completed);
        expectComplete(request, {q8_});
        QCOMPARE(cdnRequests(hub_, q8_.path).size(), 2); // one 503, one good
    }

    void serverErrorsGiveUpWithClearMessage()
    {
        QVERIFY(hub_.addFault({{"where", "hub"}, {"file", q8_.path}, {"kind", "status"}, {"status", 503}, {"count", 50}}));
        DownloadManager manager(config(), fastPolicy());
        QSignalSpy failed(&manager, &DownloadManager::failed);
        const DownloadRequest request = requestFor(config(), models(), {q8_});
        const int id = manager.enqueue(request);
        QCOMPARE(run(manager, id), DownloadState::Failed);
        QCOMPARE(failed.size(), 1);
        const QString message = failed[0][1].toString();
        QVERIFY2(message.contains("server problem (HTTP 503)") && message.contains("gave up after 4 attempts"),
                 qPrintable(message));
        expectNothingFinal(request);
    }

    void wrongContentIsRejected()
    {
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q8_.path}, {"kind", "corrupt"}}));
        DownloadManager manager(config(), fastPolicy());
        const DownloadRequest request = requestFor(config(), models(), {q8_});
        const int id = manager.enqueue(request);
        QCOMPARE(run(manager, id), DownloadState::Failed);
        QVERIFY2(manager.errorMessage(id).startsWith("The download was corrupted (checksum mismatch)"),
                 qPrintable(manager.errorMessage(id)));
        expectNothingFinal(request);
        QVERIFY(!QFile::exists(partPath(request.files[0].destination)));
        QVERIFY(!QFile::exists(sidecarPath(request.files[0].destination)));
    }

    void gatedModelNeedsAToken()
    {
        const FakeFile gated{"hearth-test/Gated-Model-GGUF", "gated-Q4_0.gguf", 100000};
        for (const QString& token : {QString(), QString("hf_wrong")}) {
            DownloadManager manager(config(token), fastPolicy());
            const DownloadRequest request = requestFor(config(token), models(), {gated});
            const int id = manager.enqueue(request);
            QCOMPARE(run(manager, id), DownloadState::Failed);
            const QString message = manager.errorMessage(id);
            QVERIFY2(message.startsWith(hearth::hub::kGatedMessage), qPrintable(message));
            QVERIFY(message.contains(token.isEmpty() ? "401" : "403"));
            expectNothingFinal(request);
        }
        DownloadManager manager(config(), fastPolicy());
        const DownloadRequest request = requestFor(config(), models(), {gated});
        const int id = manager.enqueue(request);
        QCOMPARE(run(manager, id), DownloadState::Completed);
        expectComplete(request, {gated});
    }

    void missingFileIsNotFound()
    {
        DownloadManager manager(config(), fastPolicy());
        const DownloadRequest request = requestFor(config(), models(), {{kRepo, "nope-Q4_0.gguf", 1000}});
        const int id = manager.enqueue(request);
        QCOMPARE(run(manager, id), DownloadState::Failed);
        QVERIFY2(manager.errorMessage(id).startsWith("Not found on Hugging Face: nope-Q4_0.gguf"),
                 qPrintable(manager.errorMessage(id)));
        QCOMPARE(cdnRequests(hub_, "nope-Q4_0.gguf").size(), 0);
    }

    void slowDownloadReportsProgressAndPausesAndResumes()
    {
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "slow"}, {"rate", 150000}}));
        DownloadManager manager(config(), fastPolicy());
        QSignalSpy progress(&manager, &DownloadManager::progress);
        const DownloadRequest request = requestFor(config(), models(), {q4_});
        const QString dest = request.files[0].destination;
        QElapsedTimer clock;
        clock.start();
        const int id = manager.enqueue(request);
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last()[1].toLongLong() > 30000, 10000);
        QCOMPARE(progress.last()[2].toLongLong(), q4_.size);

        manager.pause(id);
        QCOMPARE(manager.state(id), DownloadState::Paused);
        QTest::qWait(300);
        const qint64 partSize = QFileInfo(partPath(dest)).size();
        QVERIFY(partSize > 0 && partSize < q4_.size);
        QVERIFY(QFile::exists(sidecarPath(dest)));
        QTest::qWait(300);
        QCOMPARE(QFileInfo(partPath(dest)).size(), partSize); // paused means paused

        manager.resume(id);
        QCOMPARE(run(manager, id), DownloadState::Completed);
        expectComplete(request, {q4_});
        const auto cdn = cdnRequests(hub_, q4_.path);
        QCOMPARE(cdn.size(), 2);
        QCOMPARE(cdn[1].value("headers").toObject().value("range").toString(), QString("bytes=%1-").arg(partSize));

        // Throttled: at most ~10 a second; and the speed was measured.
        const double seconds = double(clock.elapsed()) / 1000.0;
        QVERIFY2(progress.size() <= int(seconds * 10) + 3, qPrintable(QString::number(progress.size())));
        bool sawSpeed = false;
        for (const auto& signal : progress)
            sawSpeed = sawSpeed || signal[3].toDouble() > 0;
        QVERIFY(sawSpeed);
    }

    void cancelRemovesPartialFiles()
    {
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "slow"}, {"rate", 100000}}));
        DownloadManager manager(config(), fastPolicy());
        QSignalSpy progress(&manager, &DownloadManager::progress);
        const DownloadRequest request = requestFor(config(), models(), {q4_});
        const QString dest = request.files[0].destination;
        const int id = manager.enqueue(request);
        QTRY_VERIFY_WITH_TIMEOUT(!progress.isEmpty() && progress.last()[1].toLongLong() > 0, 10000);
        QVERIFY(QFile::exists(partPath(dest)));
        manager.cancel(id);
        QCOMPARE(manager.state(id), DownloadState::Cancelled);
        QTRY_VERIFY(!QFile::exists(partPath(dest)) && !QFile::exists(sidecarPath(dest)));
        QTest::qWait(200);
        QVERIFY(!QFile::exists(partPath(dest)) && !QFile::exists(dest));
    }

    void notEnoughDiskSpaceFailsBeforeStarting()
    {
        DownloadPolicy policy = fastPolicy();
        policy.freeSpace = [](const QString&) { return qint64(150000); };
        DownloadManager manager(config(), policy);
        const DownloadRequest request = requestFor(config(), models(), {q8_});
        const int id = manager.enqueue(request);
        QCOMPARE(run(manager, id), DownloadState::Failed);
        QVERIFY2(manager.errorMessage(id).startsWith("Not enough disk space to download tiny-llama-Q8_0.gguf"),
                 qPrintable(manager.errorMessage(id)));
        QCOMPARE(hub_.requests().size(), 0);
        expectNothingFinal(request);
    }

    void writeFailureMidwayIsReportedAsDiskFull()
    {
        // A file-size limit makes write() fail with EFBIG part-way, as a full disk would.
        rlimit old{};
        QCOMPARE(getrlimit(RLIMIT_FSIZE, &old), 0);
        const auto oldHandler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit limited = old;
        limited.rlim_cur = 50000;
        QCOMPARE(setrlimit(RLIMIT_FSIZE, &limited), 0);
        DownloadManager manager(config(), fastPolicy());
        const DownloadRequest request = requestFor(config(), models(), {q8_});
        const int id = manager.enqueue(request);
        const DownloadState state = run(manager, id);
        setrlimit(RLIMIT_FSIZE, &old);
        std::signal(SIGXFSZ, oldHandler);
        QCOMPARE(state, DownloadState::Failed);
        QVERIFY2(manager.errorMessage(id).startsWith("Not enough disk space to finish tiny-llama-Q8_0.gguf"),
                 qPrintable(manager.errorMessage(id)));
        expectNothingFinal(request);

        // With room again, the same download resumes from what was written.
        const qint64 kept = QFileInfo(partPath(request.files[0].destination)).size();
        QVERIFY(kept > 0);
        manager.resume(id);
        QCOMPARE(run(manager, id), DownloadState::Completed);
        expectComplete(request, {q8_});
        const auto cdn = cdnRequests(hub_, q8_.path);
        QCOMPARE(cdn.last().value("headers").toObject().value("range").toString(), QString("bytes=%1-").arg(kept));
    }

    void resumesWhatAPreviousRunLeft()
    {
        // A "previous run" left 120000 bytes and its sidecar.
        const DownloadRequest planned = requestFor(config(), models(), {q4_});
        const QString dest = planned.files[0].destination;
        QVERIFY(QDir().mkpath(QFileInfo(dest).absolutePath()));
        QFile part(partPath(dest));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(q4_.content().left(120000));
        part.close();
        // The sidecar's URL is only a hint: the token must not follow it elsewhere.
        writeSidecar(dest, {kRepo, q4_.path, "http://evil.example/x", q4_.size, q4_.sha256(), 120000, false});

        const QList<DownloadRequest> unfinished = unfinishedDownloads(config(), models());
        QCOMPARE(unfinished.size(), 1);
        QCOMPARE(unfinished[0].repo, kRepo);
        QCOMPARE(unfinished[0].files[0].destination, dest);
        QCOMPARE(unfinished[0].files[0].url, planned.files[0].url);

        DownloadManager manager(config(), fastPolicy());
        const int id = manager.enqueue(unfinished[0]);
        QCOMPARE(run(manager, id), DownloadState::Completed);
        expectComplete(planned, {q4_});
        const auto cdn = cdnRequests(hub_, q4_.path);
        QCOMPARE(cdn.size(), 1);
        QCOMPARE(cdn[0].value("headers").toObject().value("range").toString(), QString("bytes=120000-"));
    }

    void corruptPartFromPreviousRunIsCaught()
    {
        // Garbage in the kept part must not pass: the re-hash of the part
        // plus the rest gives the wrong SHA-256.
        const DownloadRequest planned = requestFor(config(), models(), {q8_});
        const QString dest = planned.files[0].destination;
        QVERIFY(QDir().mkpath(QFileInfo(dest).absolutePath()));
        QFile part(partPath(dest));
        QVERIFY(part.open(QIODevice::WriteOnly));
        part.write(QByteArray(50000, 'x'));
        part.close();
        writeSidecar(dest, {kRepo, q8_.path, planned.files[0].url, q8_.size, q8_.sha256(), 50000, false});
        DownloadManager manager(config(), fastPolicy());
        const int id = manager.enqueue(planned);
        QCOMPARE(run(manager, id), DownloadState::Failed);
        QVERIFY(manager.errorMessage(id).contains("checksum mismatch"));
        expectNothingFinal(planned);
        QVERIFY(!QFile::exists(partPath(dest)));
    }

    void splitSetAppearsWhenAllPartsAreVerified()
    {
        const QList<FakeFile> parts{{kRepo, "BF16/tiny-llama-BF16-00001-of-00003.gguf", 100000},
                                    {kRepo, "BF16/tiny-llama-BF16-00002-of-00003.gguf", 100000},
                                    {kRepo, "BF16/tiny-llama-BF16-00003-of-00003.gguf", 50000}};
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", parts[1].path}, {"kind", "drop"}, {"after", 40000}}));
        DownloadManager manager(config(), fastPolicy());
        const DownloadRequest request = requestFor(config(), models(), parts, "BF16/tiny-llama-BF16.gguf");
        bool sawPartialSet = false;
        connect(&manager, &DownloadManager::progress, this, [&] {
            int present = 0;
            for (const DownloadFile& f : request.files)
                present += QFile::exists(f.destination);
            sawPartialSet = sawPartialSet || (present > 0 && present < 3);
        });
        const int id = manager.enqueue(request);
        QCOMPARE(run(manager, id), DownloadState::Completed);
        QVERIFY(!sawPartialSet);
        expectComplete(request, parts);
        QCOMPARE(request.files[2].destination, models() + "/" + kRepo + "/" + parts[2].path);
    }

    void queueRespectsConcurrencyLimit()
    {
        QVERIFY(hub_.addFault({{"where", "cdn"}, {"file", q4_.path}, {"kind", "slow"}, {"rate", 600000}}));
        DownloadPolicy policy = fastPolicy();
        policy.maxConcurrent = 1;
        DownloadManager manager(config(), policy);
        const DownloadRequest first = requestFor(config(), models(), {q4_});
        const DownloadRequest second = requestFor(config(), models(), {q8_});
        const int a = manager.enqueue(first);
        const int b = manager.enqueue(second);
        QVERIFY(manager.state(a) != DownloadState::Queued);
        QCOMPARE(manager.state(b), DownloadState::Queued);
        QCOMPARE(run(manager, a), DownloadState::Completed);
        QCOMPARE(run(manager, b), DownloadState::Completed);
        expectComplete(first, {q4_});
        expectComplete(second, {q8_});
    }
};

QTEST_GUILESS_MAIN(TestDownloads)
#include "test_downloads.moc"
