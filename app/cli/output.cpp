#include "cli/output.h"

#include <cstdio>

namespace hearth::cli {

void printOut(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stdout);
    std::fflush(stdout);
}

void printOut(const std::string& text)
{
    std::fwrite(text.data(), 1, text.size(), stdout);
    std::fflush(stdout);
}

void printErr(const QString& text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, static_cast<size_t>(bytes.size()), stderr);
    std::fflush(stderr);
}

int parseOrExit(QCommandLineParser& parser, const QString& name, const QString& usage, const QStringList& args)
{
    const QCommandLineOption help({"h", "help"}, "Show this help.");
    parser.addOption(help);
    QStringList withProgram = args;
    withProgram.prepend("hearth-cli " + name);
    if (!parser.parse(withProgram)) {
        printErr("hearth-cli " + name + ": " + parser.errorText() + "\nUsage: hearth-cli " + name + " " + usage + "\n");
        return 2;
    }
    if (parser.isSet(help)) {
        QString text = parser.helpText();
        // Qt prints "Usage: <program> [options]"; show the real form instead.
        const qsizetype firstNewline = text.indexOf('\n');
        text = "Usage: hearth-cli " + name + " " + usage + text.mid(firstNewline);
        printOut(text);
        return 0;
    }
    return -1;
}

QString optionsUsage(const QList<QCommandLineOption>& options)
{
    QStringList parts;
    for (const QCommandLineOption& option : options) {
        QString name = option.names().constFirst();
        for (const QString& n : option.names())
            if (n.size() == 1)
                name = n;
        QString part = (name.size() == 1 ? "-" : "--") + name;
        if (!option.valueName().isEmpty())
            part += " " + option.valueName();
        parts << "[" + part + "]";
    }
    return parts.join(' ');
}

int usageError(const QString& command, const QString& usage)
{
    printErr("Usage: hearth-cli " + command + " " + usage + "\n");
    return 2;
}

int fail(const QString& command, const QString& message)
{
    printErr("hearth-cli " + command + ": " + message + "\n");
    return 1;
}

} // namespace hearth::cli
