#pragma once

// Small helpers shared by the subcommands for consistent output and errors.

#include <QCommandLineParser>
#include <QString>
#include <QStringList>

#include <string>

namespace hearth::cli {

void printOut(const QString& text); // stdout, as is
void printErr(const QString& text); // stderr, as is
void printOut(const std::string& text);

// Parses `args` for subcommand `name`; adds --help. Returns -1 when the
// command should go on, else the exit code (0 after --help, 2 on bad usage).
int parseOrExit(QCommandLineParser& parser, const QString& name, const QString& usage, const QStringList& args);

// "[--raw] [--temp T] [-n N]": each option once, by its one-letter name
// when it has one, with its value name; for a command's usage line.
QString optionsUsage(const QList<QCommandLineOption>& options);

// Prints "Usage: hearth-cli <command> <usage>" to stderr and returns 2.
int usageError(const QString& command, const QString& usage);

// Prints "hearth-cli <command>: <message>" to stderr and returns 1.
int fail(const QString& command, const QString& message);

} // namespace hearth::cli
