#pragma once

// Runs the built hearth-cli (HEARTH_CLI_PATH, set by the test's CMake) as a
// script would, and collects what it printed.

#include <QProcess>
#include <QString>
#include <QStringList>

#include <optional>

namespace hearth::test {

struct CliResult {
    int exitCode = -1; // -1 when it crashed or hung
    QString out;       // stdout as text
    QString err;       // stderr as text
    QByteArray rawOut; // stdout byte for byte
};

// `input`, when given, is written to stdin, which is then closed (a user
// typing into `hearth-cli chat`, then Ctrl+D).
inline CliResult runCli(const QStringList& args,
                        const QProcessEnvironment& env = QProcessEnvironment::systemEnvironment(),
                        const std::optional<QByteArray>& input = std::nullopt)
{
    QProcess process;
    process.setProcessEnvironment(env);
    process.start(QStringLiteral(HEARTH_CLI_PATH), args);
    if (input) {
        process.waitForStarted();
        process.write(*input);
        process.closeWriteChannel();
    }
    if (!process.waitForFinished(120000))
        process.kill();
    CliResult result;
    result.exitCode = process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1;
    result.rawOut = process.readAllStandardOutput();
    result.out = QString::fromUtf8(result.rawOut);
    result.err = QString::fromUtf8(process.readAllStandardError());
    return result;
}

// runCli with `input` on stdin and the caller's environment.
inline CliResult runCliWithInput(const QStringList& args, const QByteArray& input)
{
    return runCli(args, QProcessEnvironment::systemEnvironment(), input);
}

} // namespace hearth::test
