// hearth-cli as scripts see it: exit codes, --help, --version, devices.

#include "cli_process.h"
#include "hearth/version.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QtTest>

using hearth::test::CliResult;
using hearth::test::runCli;

class CliTest : public QObject {
    Q_OBJECT

    QTemporaryDir config_;
    QProcessEnvironment env_ = QProcessEnvironment::systemEnvironment();

private slots:
    void initTestCase()
    {
        // Keep the user's real settings out of the test.
        env_.insert("XDG_CONFIG_HOME", config_.path());
        env_.remove("HEARTH_DEVICE");
    }

    void versionPrintsProjectVersion()
    {
        const CliResult r = runCli({"--version"}, env_);
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(r.out.trimmed(), QString("hearth-cli ") + hearth::version());
    }

    void helpListsCommands()
    {
        const CliResult r = runCli({"--help"}, env_);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains("Usage: hearth-cli <command>"));
        QVERIFY(r.out.contains("devices"));
    }

    void helpSummariesLineUp()
    {
        // Every summary starts in one column, at least two spaces after the
        // longest name (bench-tokenize once ran into its summary).
        const CliResult r = runCli({"--help"}, env_);
        const QStringList lines = r.out.section("Commands:\n", 1).section("\n\n", 0, 0).split('\n');
        QVERIFY2(lines.size() > 10, qPrintable(r.out));
        const QRegularExpression entry("^  (\\S+)( {2,})\\S");
        qsizetype column = -1;
        for (const QString& line : lines) {
            const QRegularExpressionMatch m = entry.match(line);
            QVERIFY2(m.hasMatch(), qPrintable(line));
            if (column < 0)
                column = m.capturedEnd(2);
            QCOMPARE(m.capturedEnd(2), column);
        }
        QVERIFY(r.out.contains("  bench-tokenize  Benchmark"));
    }

    void usageLinesListEveryOption_data()
    {
        QTest::addColumn<QString>("command");
        for (const char* command : {"run", "chat", "bench", "info", "template"})
            QTest::newRow(command) << command;
    }

    void usageLinesListEveryOption()
    {
        QFETCH(QString, command);
        const CliResult r = runCli({command, "--help"}, env_);
        QCOMPARE(r.exitCode, 0);
        const QString usage = r.out.section('\n', 0, 0);
        // Qt lists an option as "  -n, --max-tokens <N>  ..." or "  --raw  ...".
        const QRegularExpression option("^  (?:-(\\w), )?--([\\w-]+)", QRegularExpression::MultilineOption);
        int options = 0;
        for (auto it = option.globalMatch(r.out); it.hasNext();) {
            const QRegularExpressionMatch m = it.next();
            if (m.captured(2) == "help")
                continue;
            ++options;
            const bool listed = usage.contains("--" + m.captured(2) + " ") || usage.contains("--" + m.captured(2) + "]") ||
                                (!m.captured(1).isEmpty() && usage.contains("[-" + m.captured(1) + " ")) ||
                                (!m.captured(1).isEmpty() && usage.contains("[-" + m.captured(1) + "]"));
            QVERIFY2(listed, qPrintable("--" + m.captured(2) + " is missing from: " + usage));
        }
        QVERIFY2(options >= 2, qPrintable(r.out));
    }

    void noArgumentsIsAUsageError()
    {
        const CliResult r = runCli({}, env_);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.out.contains("Commands:"));
    }

    void unknownCommandIsAUsageError()
    {
        const CliResult r = runCli({"frobnicate"}, env_);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("unknown command 'frobnicate'"));
    }

    void subcommandHelpShowsItsUsage()
    {
        const CliResult r = runCli({"devices", "--help"}, env_);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("Usage: hearth-cli devices [--json]"));
        QVERIFY(r.out.contains("--json"));
    }

    void badOptionIsAUsageError()
    {
        const CliResult r = runCli({"devices", "--no-such-option"}, env_);
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("no-such-option"));
    }

    void devicesJsonListsEveryDeviceWithLimits()
    {
        const CliResult r = runCli({"devices", "--json"}, env_);
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonDocument doc = QJsonDocument::fromJson(r.out.toUtf8(), &error);
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray devices = doc.object()["devices"].toArray();
        QVERIFY(!devices.isEmpty());
        const int selected = doc.object()["selected"].toInt(-1);
        QVERIFY(selected >= 0 && selected < devices.size());
        for (const auto& value : devices) {
            const QJsonObject d = value.toObject();
            for (const char* key : {"name", "vendor", "type", "driver", "api_version", "memory_heaps",
                                    "subgroup_size", "min_subgroup_size", "max_subgroup_size", "fp16", "int8",
                                    "storage_16bit", "max_storage_buffer_range", "max_memory_allocation_size",
                                    "max_shared_memory_bytes", "integer_dot_product", "cooperative_matrix"})
                QVERIFY2(d.contains(key), key);
            QVERIFY(d["max_storage_buffer_range"].toDouble() > 0);
            // lavapipe, the CPU driver CI runs on, has documented limits.
            if (d["driver"].toString() == "llvmpipe") {
                QCOMPARE(d["max_storage_buffer_range"].toDouble(), 134217728.0);
                QCOMPARE(d["subgroup_size"].toInt(), 8);
            }
        }
    }

    void devicesTextMarksTheChosenDevice()
    {
        const CliResult r = runCli({"devices"}, env_);
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.startsWith("* ") || r.out.contains("\n* "));
        QVERIFY(r.out.contains("max storage buffer range"));
    }

    void unmatchedDevicePreferenceIsAClearError()
    {
        QProcessEnvironment env = env_;
        env.insert("HEARTH_DEVICE", "no-such-gpu-anywhere");
        const CliResult r = runCli({"devices"}, env);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("No GPU's name contains \"no-such-gpu-anywhere\""));
    }
};

QTEST_GUILESS_MAIN(CliTest)
#include "test_cli.moc"
