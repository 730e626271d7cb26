// hearth-cli bench-store [--json] [--chats N] [--messages N]: the chat store
// at scale, in a temporary folder. A benchmark, not a test: numbers go to
// docs/PERFORMANCE.md.

#include "cli/command.h"
#include "cli/output.h"
#include "hearth/error.h"
#include "services/store/store_bench.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#if defined(__GLIBC__)
#include <malloc.h>
#endif

namespace hearth::cli {
namespace {

const QString kName = "bench-store";
const QString kUsage = "[--json] [--chats N] [--messages N] [--repeats N]";

int runBenchStore(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Fill a chat database in a temporary folder with synthetic chats, then time "
                                     "listing chats, opening a 1,000-message chat and full-text search.");
    const QCommandLineOption json("json", "Print one JSON object (timings in fields ending in _ms).");
    const QCommandLineOption chats("chats", "Chats to create (default 10000).", "N", "10000");
    const QCommandLineOption messages("messages", "Messages in all (default 1000000).", "N", "1000000");
    const QCommandLineOption repeats("repeats", "Runs per timed operation (default 5).", "N", "5");
    parser.addOptions({json, chats, messages, repeats});
    if (int exit = parseOrExit(parser, kName, kUsage, args); exit >= 0)
        return exit;
    if (!parser.positionalArguments().isEmpty())
        return usageError(kName, kUsage);

    store::StoreBenchOptions options;
    bool okChats = false, okMessages = false, okRepeats = false;
    options.chats = parser.value(chats).toInt(&okChats);
    options.messages = parser.value(messages).toLongLong(&okMessages);
    options.repeats = parser.value(repeats).toInt(&okRepeats);
    if (!okChats || !okMessages || !okRepeats || options.chats < 1 || options.messages < 0 || options.repeats < 1) {
        printErr("hearth-cli bench-store: --chats and --repeats need a number of 1 or more, --messages 0 or more\n");
        return 2;
    }
    QTemporaryDir dir;
    if (!dir.isValid())
        return fail(kName, "cannot create a temporary folder: " + dir.errorString());
    options.directory = dir.path();

#if defined(__GLIBC__)
    // A million inserts in one transaction free and regrow large blocks at
    // the top of the heap (FTS5 flushing its pending terms); glibc hands them
    // back to the kernel each time, and the page faults and TLB flushes that
    // follow cost ten times the inserts themselves (measured in a VM). Keep
    // the memory for the rest of this short-lived process instead: a
    // process-wide setting, so it belongs here and not in the library.
    mallopt(M_TRIM_THRESHOLD, 512 << 20);
    mallopt(M_MMAP_THRESHOLD, 64 << 20);
#endif
    const bool asJson = parser.isSet(json);
    try {
        if (!asJson)
            printOut(QString("Writing %1 chats with %2 messages...\n").arg(options.chats).arg(options.messages));
        const store::StoreBenchResult r = store::runStoreBench(options, [&](const QString& line) {
            if (!asJson)
                printErr(line + "\n");
        });
        if (asJson) {
            QJsonObject out{{"chats", r.chats},
                            {"messages", r.messages},
                            {"generate_ms", r.generateMs},
                            {"database_bytes", r.databaseBytes}};
            for (const store::StoreBenchTiming& t : r.timings) {
                out[t.name + "_ms"] = t.medianMs;
                out[t.name + "_first_ms"] = t.firstMs;
            }
            printOut(QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Indented)));
            return 0;
        }
        QString text = QString("Generated in %1 s; database %2 MiB\n\n")
                           .arg(r.generateMs / 1000.0, 0, 'f', 1)
                           .arg(double(r.databaseBytes) / double(1 << 20), 0, 'f', 1);
        text += QString("%1 %2 %3 %4  %5\n").arg("operation", -28).arg("first ms", 9).arg("median", 9).arg("rows", 6).arg("what");
        for (const store::StoreBenchTiming& t : r.timings)
            text += QString("%1 %2 %3 %4  %5\n").arg(t.name, -28).arg(t.firstMs, 9, 'f', 2).arg(t.medianMs, 9, 'f', 2)
                        .arg(t.rows, 6).arg(t.what);
        printOut(text);
        return 0;
    } catch (const Error& e) {
        return fail(kName, QString::fromUtf8(e.what()));
    }
}

} // namespace

Command benchStoreCommand()
{
    return {"bench-store", "Benchmark the chat store with many chats", runBenchStore};
}

} // namespace hearth::cli
