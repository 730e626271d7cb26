// hearth-cli chat: an interactive terminal chat with the model's template.
// The KV cache is reused between turns, so each turn only processes what
// is new. /reset starts over, /stats shows the last turn's numbers.

#include "cli/command.h"
#include "cli/generation_flags.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "hearth/chat_prompt.h"
#include "hearth/error.h"
#include "hearth/model.h"

#include <iostream>
#include <string>

namespace hearth::cli {
namespace {

// One message: a line, continued onto the next while it ends with '\'.
bool readMessage(std::string& message)
{
    message.clear();
    std::string line;
    while (std::getline(std::cin, line)) {
        if (!line.empty() && line.back() == '\\') {
            message += line.substr(0, line.size() - 1) + "\n";
            continue;
        }
        message += line;
        return true;
    }
    return !message.empty();
}

int runChat(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Chat with MODEL in the terminal. Type a message and press Enter (end a line "
                                     "with \\ to continue it). /reset starts over, /stats shows the last reply's "
                                     "numbers, /exit or Ctrl+D quits; Ctrl+C stops a reply.");
    const QCommandLineOption system("system", "A system prompt.", "TEXT");
    parser.addOption(system);
    GenerationFlags flags;
    flags.addTo(parser);
    parser.addPositionalArgument("MODEL", "A GGUF model file.");
    const QString usage = "MODEL [--system TEXT] [--temp T] [--top-k K] [--top-p P] [--min-p P] [--seed N] "
                          "[-n N] [--ctx N]";
    if (int exit = parseOrExit(parser, "chat", usage, args); exit >= 0)
        return exit;
    if (parser.positionalArguments().size() != 1)
        return usageError("chat", usage);
    auto options = flags.generation(parser, "chat");
    const auto sessionOptions = flags.session(parser, "chat");
    if (!options || !sessionOptions)
        return 2;

    try {
        auto model = flags.loadModel(parser, *sessionOptions);
        Session session(model, *sessionOptions);
        const ChatFormatter formatter(model->tokenizer(), model->chatTemplateSource(), model->summary().architecture);
        std::vector<ChatMessage> messages;
        if (parser.isSet(system))
            messages.push_back({"system", parser.value(system).toStdString(), {}});
        const std::size_t initial = messages.size();
        std::atomic<bool>& interrupted = interruptFlag();
        options->cancel = &interrupted;
        GenerationStats last;
        bool haveStats = false;

        printErr(QString("Chatting with %1 on %2. /reset, /stats, /exit.\n")
                     .arg(QString::fromStdString(model->displayName()), QString::fromStdString(model->deviceName())));
        std::string input;
        while (true) {
            printOut(std::string("> "));
            if (!readMessage(input))
                break;
            if (input == "/exit" || input == "/quit")
                break;
            if (input == "/reset") {
                messages.resize(initial);
                session.reset();
                printErr("(conversation cleared)\n");
                continue;
            }
            if (input == "/stats") {
                printErr(haveStats ? statsLine(last) : QString("(no reply yet)\n"));
                continue;
            }
            if (input.empty())
                continue;
            messages.push_back({"user", input, {}});
            const ChatPrompt prompt = formatter.format(messages, session.contextLength() - 1, ContextOverflow::DropOldest);
            if (prompt.droppedMessages > 0)
                printErr(QString("(the oldest %1 messages no longer fit in the context and were left out)\n")
                             .arg(prompt.droppedMessages));
            options->reasoning = prompt.reasoning;
            options->startsInsideReasoning = prompt.startsInsideReasoning;
            interrupted = false;
            ChatMessage reply{"assistant", {}, {}};
            bool thinking = false;
            last = session.generate(prompt.tokens, *options, [&](const TextPiece& piece) {
                if (!piece.reasoning.empty()) {
                    if (!thinking)
                        printOut(std::string("[thinking] "));
                    thinking = true;
                    reply.reasoning += piece.reasoning;
                    printOut(piece.reasoning);
                }
                if (!piece.answer.empty()) {
                    if (thinking)
                        printOut(std::string("\n[answer] "));
                    thinking = false;
                    reply.content += piece.answer;
                    printOut(piece.answer);
                }
            });
            haveStats = true;
            interrupted = false;
            printOut(std::string("\n"));
            if (last.finishReason == FinishReason::Error)
                printErr("error: " + QString::fromStdString(last.error) + "\n");
            messages.push_back(std::move(reply));
        }
        return 0;
    } catch (const Error& e) {
        return fail("chat", QString::fromUtf8(e.what()));
    }
}

} // namespace

Command chatCommand()
{
    return {"chat", "Chat with a model in the terminal", runChat};
}

} // namespace hearth::cli
