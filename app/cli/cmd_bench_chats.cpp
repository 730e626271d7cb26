// hearth-cli bench-chats MODEL [--context N] [--turns N] [--answer N]
// [--sessions N]: time to first token in long chats through the app's own
// inference worker: a chat's first answer, a follow-up turn, and a
// follow-up after answering another chat in between (which the session
// pool keeps cached; --sessions 1 measures without it). A benchmark, not a
// test: numbers go to docs/PERFORMANCE.md.

#include "cli/command.h"
#include "cli/output.h"
#include "services/inference/inference_worker.h"

#include <QCommandLineParser>

namespace hearth::cli {
namespace {

using namespace hearth::inference;

const QString kName = "bench-chats";
const QString kUsage = "MODEL [--context N] [--turns N] [--answer N] [--sessions N]";

// A chat of `turns` earlier question/answer pairs (about 90 tokens each)
// and a last question; `topic` makes two chats differ from their start.
QList<PromptMessage> longChat(const QString& topic, int turns)
{
    QList<PromptMessage> chat{{"system", "You are a patient teacher of " + topic + ". Answer in plain words.", {}}};
    for (int i = 0; i < turns; ++i) {
        chat.append({"user", QString("Lesson %1 of %2: what should I learn next, and why?").arg(i + 1).arg(topic), {}});
        chat.append({"assistant",
                     QString("In lesson %1 we look at how the parts of %2 fit together. Start from what you already "
                             "know, write down one question you cannot answer yet, and try a small example before "
                             "reading further. Repeat the example the next day without notes; what you can rebuild "
                             "from memory is what you have learned.")
                         .arg(i + 1)
                         .arg(topic),
                     {}});
    }
    chat.append({"user", "Summarise what we covered so far.", {}});
    return chat;
}

struct Turn {
    QString answer;
    GenerationResult result;
};

int runBenchChats(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Time to first token in long chats, through the app's inference worker: a "
                                     "chat's first answer, a follow-up, and a follow-up after another chat.");
    const QCommandLineOption context("context", "Context length (default 2048).", "N", "2048");
    const QCommandLineOption turns("turns", "Earlier turns in each chat (default 12).", "N", "12");
    const QCommandLineOption answer("answer", "Tokens per answer (default 16).", "N", "16");
    const QCommandLineOption sessions("sessions", "Sessions the worker may keep (default 3; 1: no pool).", "N", "3");
    parser.addOptions({context, turns, answer, sessions});
    if (int exit = parseOrExit(parser, kName, kUsage, args); exit >= 0)
        return exit;
    if (parser.positionalArguments().size() != 1)
        return usageError(kName, kUsage);
    const int contextLength = parser.value(context).toInt();
    const int turnCount = parser.value(turns).toInt();
    const int answerTokens = parser.value(answer).toInt();
    const int sessionCount = parser.value(sessions).toInt();
    // The worker keeps at most SessionPool::kMaxSessions: more would be measured as that many.
    const int maxSessions = int(SessionPool::kMaxSessions);
    if (contextLength < 64 || turnCount < 0 || answerTokens < 1 || sessionCount < 1 || sessionCount > maxSessions)
        return fail(kName, QString("--context needs 64 or more, --answer 1 or more, --sessions 1 to %1, --turns 0 "
                                   "or more")
                               .arg(maxSessions));

    auto shuttingDown = std::make_shared<std::atomic<bool>>(false);
    InferenceWorker worker(shuttingDown);
    worker.setMaxSessions(sessionCount);
    QString loadError;
    int loadedContext = 0; // the model's trained context may cap the one asked for
    QObject::connect(&worker, &InferenceWorker::loaded, [&](const LoadedModel& m) { loadedContext = m.contextLength; });
    QObject::connect(&worker, &InferenceWorker::loadFailed, [&](const QString&, const QString& m) { loadError = m; });
    LoadRequest load;
    load.path = parser.positionalArguments().first();
    load.contextLength = contextLength;
    worker.load(load, std::make_shared<std::atomic<bool>>(false));
    if (!loadError.isEmpty())
        return fail(kName, loadError);

    Turn turn;
    QObject::connect(&worker, &InferenceWorker::piece,
                     [&](int, const QString& reasoning, const QString& text) { turn.answer += reasoning + text; });
    QObject::connect(&worker, &InferenceWorker::generationFinished,
                     [&](int, const GenerationResult& r) { turn.result = r; });
    int id = 0;
    const auto ask = [&](const QList<PromptMessage>& chat) {
        turn = {};
        GenerationRequest r;
        r.messages = chat;
        r.settings.temperature = 0;
        r.settings.maxTokens = answerTokens;
        worker.generate(++id, r, std::make_shared<std::atomic<bool>>(false));
        return turn;
    };
    const auto report = [&](const QString& what, const Turn& t) {
        printOut(QString("%1 %2 prompt tokens, %3 reused, first token after %4 ms%5\n")
                     .arg(what, -34)
                     .arg(t.result.promptTokens, 5)
                     .arg(t.result.reusedTokens, 5)
                     .arg(t.result.timeToFirstTokenMs, 7, 'f', 0)
                     .arg(t.result.error.isEmpty() ? QString() : " (" + t.result.error + ")"));
    };
    const auto followUp = [](QList<PromptMessage> chat, const Turn& t, const QString& question) {
        chat.append({"assistant", t.answer, {}});
        chat.append({"user", question, {}});
        return chat;
    };

    printOut(QString("%1, context %2, %3 turns per chat, %4 session(s)\n")
                 .arg(load.path)
                 .arg(loadedContext)
                 .arg(turnCount)
                 .arg(sessionCount));
    QList<PromptMessage> a = longChat("chemistry", turnCount);
    const Turn aFirst = ask(a);
    report("chat A, first answer:", aFirst);
    a = followUp(a, aFirst, "Which lesson was the hardest?");
    const Turn aNext = ask(a);
    report("chat A, follow-up:", aNext);
    const QList<PromptMessage> b = longChat("astronomy", turnCount);
    report("chat B, first answer:", ask(b));
    a = followUp(a, aNext, "And the easiest?");
    report("chat A again, follow-up:", ask(a));
    return 0;
}

} // namespace

Command benchChatsCommand()
{
    return {kName, "Time to first token in long chats and after switching chats", runBenchChats};
}

} // namespace hearth::cli
