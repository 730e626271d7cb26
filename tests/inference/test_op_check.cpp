// The op test runner (hearth-cli test-ops): the whole table passes on this
// device, and the runner can fail: a zero tolerance or a damaged result is
// reported as FAIL, and filters select what they name.

#include "hearth/error.h"
#include "hearth/op_check.h"
#include "vulkan/instance.h"

#include <QtTest>

#include <set>

#include <nlohmann/json.hpp>

using namespace hearth;

class OpCheckTest : public QObject {
    Q_OBJECT

private slots:
    void init() { vk::clearValidationMessages(); }
    void cleanup() { QCOMPARE(vk::validationMessages(), std::vector<std::string>{}); }

    void everyOpPassesAgainstItsReference()
    {
        QElapsedTimer timer;
        timer.start();
        const OpCheckReport report = runOpChecks({});
        qInfo("%zu checks on %s in %lld ms", report.results.size(), report.device.c_str(),
              static_cast<long long>(timer.elapsed()));
        const std::string table = formatOpCheckTable(report);
        qInfo("%s", table.c_str()); // the errors per case, for the CI log
        QVERIFY2(report.failures() == 0, table.c_str());
        // Every op family of the table ran.
        std::set<std::string> ops;
        for (const auto& r : report.results) {
            ops.insert(r.op);
            QVERIFY(r.maxError <= r.tolerance);
        }
        for (const char* op : {"rms_norm", "add", "mul", "scale", "swiglu", "geglu", "softmax", "rope_normal",
                               "rope_neox", "get_rows", "mat_vec", "argmax", "top_k", "kv_write", "attention"})
            QVERIFY2(ops.count(op), op);
        QVERIFY(report.results.size() >= 60);
        QVERIFY(table.find("PASS") != std::string::npos && table.find("FAIL") == std::string::npos);
    }

    void aZeroToleranceFailsTheInexactOps()
    {
        OpCheckOptions options;
        options.op = "mat_vec";
        options.type = "Q4_K";
        options.toleranceScale = 0;
        const OpCheckReport report = runOpChecks(options);
        QVERIFY(!report.results.empty());
        QCOMPARE(report.failures(), report.results.size()); // f32 sums in another order always differ a little
        for (const auto& r : report.results) {
            QVERIFY(r.maxError > 0);
            QVERIFY(!r.problem.empty());
        }
        QVERIFY(formatOpCheckTable(report).find("FAIL") != std::string::npos);
    }

    void aCorruptedResultFails()
    {
        for (const char* op : {"add", "argmax", "kv_write", "rope"}) {
            OpCheckOptions options;
            options.op = op;
            options.corruptResults = true;
            const OpCheckReport report = runOpChecks(options);
            QVERIFY(!report.results.empty());
            QVERIFY2(report.failures() == report.results.size(), formatOpCheckTable(report).c_str());
        }
    }

    void filtersAndJson()
    {
        OpCheckOptions options;
        options.op = "rope"; // a prefix selects rope_normal and rope_neox
        const OpCheckReport report = runOpChecks(options);
        std::set<std::string> ops;
        for (const auto& r : report.results)
            ops.insert(r.op);
        QCOMPARE(ops, (std::set<std::string>{"rope_normal", "rope_neox"}));
        const auto json = toJson(report);
        QCOMPARE(json["results"].size(), report.results.size());
        QCOMPARE(json["failed"].get<std::size_t>(), std::size_t(0));
        QCOMPARE(json["results"][0]["passed"].get<bool>(), true);

        options.op = "no_such_op";
        try {
            runOpChecks(options);
            QFAIL("an unknown op should be an error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("mat_vec") != std::string::npos, e.what()); // lists the ops
        }
        options.op.clear();
        options.type = "Q3_K"; // no kernel takes it yet
        QVERIFY_THROWS_EXCEPTION(Error, runOpChecks(options));
    }
};

QTEST_APPLESS_MAIN(OpCheckTest)
#include "test_op_check.moc"
