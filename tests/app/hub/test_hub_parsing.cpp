// Pure parsing: quant labels, split sets, the Hub's JSON, Link headers and
// error messages. No network.

#include "hearth/error.h"
#include "services/downloads/download_plan.h"
#include "services/hub/hub_errors.h"
#include "services/hub/hub_json.h"
#include "services/hub/quant_label.h"

#include <curl/curl.h>

#include <QtTest>

using namespace hearth::hub;

class TestHubParsing : public QObject {
    Q_OBJECT
private Q_SLOTS:
    void quantLabels_data()
    {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("label");
        QTest::newRow("k-quant") << "Qwen2.5-7B-Instruct-Q4_K_M.gguf" << "Q4_K_M";
        QTest::newRow("dot") << "mixtral-8x7b-instruct-v0.1.Q2_K.gguf" << "Q2_K";
        QTest::newRow("q8") << "tiny-llama-Q8_0.gguf" << "Q8_0";
        QTest::newRow("iq") << "Llama-3-8B-IQ4_XS.gguf" << "IQ4_XS";
        QTest::newRow("iq3xxs") << "model-IQ3_XXS.gguf" << "IQ3_XXS";
        QTest::newRow("lower f16") << "tiny-llama-f16.gguf" << "F16";
        QTest::newRow("bf16 split") << "BF16/tiny-llama-BF16-00001-of-00003.gguf" << "BF16";
        QTest::newRow("fp16") << "model.fp16.gguf" << "F16";
        QTest::newRow("unsloth") << "Qwen3-8B-UD-Q4_K_XL.gguf" << "Q4_K_XL";
        QTest::newRow("lower q") << "phi-2.q5_k_s.gguf" << "Q5_K_S";
        QTest::newRow("qwen not a quant") << "Qwen2-0.5B.gguf" << "";
        QTest::newRow("mmproj") << "mmproj-model-f16.gguf" << "F16";
    }
    void quantLabels()
    {
        QFETCH(QString, file);
        QFETCH(QString, label);
        QCOMPARE(quantLabel(file), label);
    }

    void splitParts()
    {
        const auto part = splitPart("dir/x-Q4_K_M-00002-of-00003.gguf");
        QVERIFY(part);
        QCOMPARE(part->setName, QString("dir/x-Q4_K_M.gguf"));
        QCOMPARE(part->index, 2);
        QCOMPARE(part->count, 3);
        QVERIFY(!splitPart("x-00004-of-00003.gguf"));
        QVERIFY(!splitPart("x-Q4_K_M.gguf"));
        QVERIFY(!splitPart("x-00001-of-00003.bin"));
    }

    void linkHeader()
    {
        QCOMPARE(nextLinkUrl(R"(<https://huggingface.co/api/models?cursor=abc&limit=2>; rel="next")"),
                 QString("https://huggingface.co/api/models?cursor=abc&limit=2"));
        QCOMPARE(nextLinkUrl(R"(<https://x/prev>; rel="prev", <https://x/next>; rel="next")"),
                 QString("https://x/next"));
        QCOMPARE(nextLinkUrl(""), QString());
        QCOMPARE(nextLinkUrl("garbage"), QString());
    }

    void searchPage()
    {
        const QByteArray body = R"([{"id":"a/b-GGUF","author":"a","downloads":12,"likes":3,"gated":"manual",
            "lastModified":"2024-09-19T12:00:00.000Z","tags":["gguf","license:mit"]},
            {"id":"c/d","downloads":1,"gated":false}])";
        const SearchPage page = parseSearchPage(body, R"(<http://h/api/models?cursor=2>; rel="next")");
        QCOMPARE(page.models.size(), 2);
        QCOMPARE(page.models[0].id, QString("a/b-GGUF"));
        QCOMPARE(page.models[0].downloads, 12);
        QCOMPARE(page.models[0].likes, 3);
        QVERIFY(page.models[0].gated);
        QCOMPARE(page.models[0].license, QString("mit"));
        QCOMPARE(page.models[0].lastModified, QDateTime(QDate(2024, 9, 19), QTime(12, 0), Qt::UTC));
        QVERIFY(!page.models[1].gated);
        QCOMPARE(page.models[1].author, QString("c"));
        QCOMPARE(page.nextUrl, QString("http://h/api/models?cursor=2"));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, parseSearchPage("{not json", ""));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, parseSearchPage("{}", ""));
    }

    void modelInfoGroupsSplitSets()
    {
        const QString sha(64, 'a');
        const QByteArray body = QString(R"({"id":"o/r","cardData":{"license":"apache-2.0"},"gated":false,
            "siblings":[{"rfilename":"README.md","size":10},
            {"rfilename":"m-Q8_0.gguf","size":100,"lfs":{"sha256":"%1","size":100}},
            {"rfilename":"m-F16-00002-of-00002.gguf","size":20,"lfs":{"sha256":"%1","size":20}},
            {"rfilename":"m-F16-00001-of-00002.gguf","size":30,"lfs":{"sha256":"%1","size":30}},
            {"rfilename":"m-Q2_K-00001-of-00002.gguf","size":5,"lfs":{"oid":"%1","size":5}},
            {"rfilename":"bad.gguf","size":5,"lfs":{"sha256":"not-hex"}}]})").arg(sha).toUtf8();
        const RepoDetails d = parseModelInfo(body);
        QCOMPARE(d.model.license, QString("apache-2.0"));
        QCOMPARE(d.otherFiles.size(), 1);
        QCOMPARE(d.ggufFiles.size(), 4);
        QCOMPARE(d.ggufFiles[0].name, QString("bad.gguf"));
        QVERIFY(d.ggufFiles[0].parts[0].sha256.isEmpty());
        const HubFileGroup& f16 = d.ggufFiles[1];
        QCOMPARE(f16.name, QString("m-F16.gguf"));
        QCOMPARE(f16.quant, QString("F16"));
        QCOMPARE(f16.parts.size(), 2);
        QCOMPARE(f16.parts[0].path, QString("m-F16-00001-of-00002.gguf"));
        QCOMPARE(f16.totalSize(), 50);
        QVERIFY(f16.isSplit());
        QVERIFY(f16.complete);
        QVERIFY(!d.ggufFiles[2].complete); // Q2_K misses part 2
        QCOMPARE(d.ggufFiles[2].parts[0].sha256, sha);
        QCOMPARE(d.ggufFiles[3].parts[0].sha256, sha);
        QVERIFY(!d.ggufFiles[3].isSplit());
    }

    void errorMessages()
    {
        HttpResult refused;
        refused.curlCode = CURLE_COULDNT_CONNECT;
        refused.curlError = "Failed to connect";
        QVERIFY(describeFailure(refused, "x").startsWith("Can't reach Hugging Face: "));
        QVERIFY(isRetryable(refused));
        HttpResult gated;
        gated.status = 403;
        QVERIFY(describeFailure(gated, "x").startsWith(kGatedMessage));
        QVERIFY(!isRetryable(gated));
        HttpResult missing;
        missing.status = 404;
        QVERIFY(describeFailure(missing, "file q.gguf").contains("Not found"));
        HttpResult limited;
        limited.status = 429;
        limited.headers["retry-after"] = "7";
        QVERIFY(isRetryable(limited));
        QCOMPARE(retryAfterSeconds(limited), 7);
        QVERIFY(describeFailure(limited, "x").contains("429"));
        HttpResult server;
        server.status = 503;
        QVERIFY(isRetryable(server));
        QVERIFY(describeFailure(server, "x").contains("server problem"));
    }

    void destinationsStayInsideTheModelsFolder()
    {
        using hearth::downloads::destinationFor;
        QCOMPARE(destinationFor("/m", "pub/repo", "sub/x.gguf"), QString("/m/pub/repo/sub/x.gguf"));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, destinationFor("/m", "pub/repo", "../x.gguf"));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, destinationFor("/m", "pub/repo", "/etc/x.gguf"));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, destinationFor("/m", "../repo", "x.gguf"));
        QVERIFY_THROWS_EXCEPTION(hearth::Error, destinationFor("/m", "pub/..", "x.gguf"));
    }
};

QTEST_GUILESS_MAIN(TestHubParsing)
#include "test_hub_parsing.moc"
