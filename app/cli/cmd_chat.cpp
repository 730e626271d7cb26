// hearth-cli chat: an interactive terminal chat with the model's template.
// The KV cache is reused between turns, so each turn only processes what
// is new. /reset starts over, /stats shows the last turn's numbers, /help
// lists the commands. With --raw there is no template: the conversation is
// one text the model continues (text completion, as the app's switch).

#include "cli/chat_template_flag.h"
#include "cli/command.h"
#include "cli/generation_flags.h"
#include "cli/interrupt.h"
#include "cli/output.h"
#include "hearth/chat_prompt.h"
#include "hearth/error.h"
#include "hearth/model.h"
#include "services/inference/raw_prompt.h"

#include <algorithm>
#include <cctype>
#include <iostream>
#include <optional>
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

// The chat's own commands: handled here, never sent to the model.
const QString kCommands = "Commands:\n"
                          "  /help   this list\n"
                          "  /reset  start the conversation over\n"
                          "  /stats  the last reply's numbers\n"
                          "  /exit   quit (also /quit or Ctrl+D)\n"
                          "End a line with \\ to continue the message on the next one. A message that starts "
                          "with / and a word is taken as a command: begin it with a space to send it.\n";

// "/word" alone on the line: a command, known or not.
bool isCommand(const std::string& input)
{
    return input.size() > 1 && input[0] == '/' &&
           std::all_of(input.begin() + 1, input.end(), [](unsigned char c) { return std::isalpha(c) != 0; });
}

int runChat(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Chat with MODEL in the terminal. Type a message and press Enter (end a line "
                                     "with \\ to continue it). /help lists the commands: /reset starts over, "
                                     "/stats shows the last reply's numbers, /exit or Ctrl+D quits; Ctrl+C stops a "
                                     "reply.");
    const QCommandLineOption system("system", "A system prompt (not with --raw).", "TEXT");
    const QCommandLineOption raw("raw", "Text completion: no chat template; the model continues the conversation "
                                        "written as plain text.");
    const ChatTemplateFlag chatTemplate;
    const QList<QCommandLineOption> own = {system, raw, chatTemplate.option()};
    parser.addOptions(own);
    GenerationFlags flags;
    flags.addTo(parser);
    parser.addPositionalArgument("MODEL", "A GGUF model file.");
    const QString usage = "MODEL " + optionsUsage(own + flags.options());
    if (int exit = parseOrExit(parser, "chat", usage, args); exit >= 0)
        return exit;
    const bool templated = parser.isSet(system) || parser.isSet(chatTemplate.option());
    if (parser.positionalArguments().size() != 1 || (parser.isSet(raw) && templated))
        return usageError("chat", usage);
    auto options = flags.generation(parser, "chat");
    const auto sessionOptions = flags.session(parser, "chat");
    if (!options || !sessionOptions || !chatTemplate.check(parser, "chat"))
        return 2;

    try {
        auto model = flags.loadModel(parser, *sessionOptions);
        Session session(model, *sessionOptions);
        const bool completion = parser.isSet(raw);
        std::optional<ChatFormatter> formatter;
        if (!completion)
            formatter.emplace(model->tokenizer(), chatTemplate.choose(parser, *model));
        std::vector<ChatMessage> messages;
        if (parser.isSet(system))
            messages.push_back({"system", parser.value(system).toStdString(), {}});
        const std::size_t initial = messages.size();
        std::atomic<bool>& interrupted = interruptFlag();
        options->cancel = &interrupted;
        GenerationStats last;
        bool haveStats = false;

        printErr(QString("Chatting with %1 on %2. /help lists the commands.\n")
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
            if (input == "/help" || isCommand(input)) {
                if (input != "/help")
                    printErr(QString("Unknown command %1.\n").arg(QString::fromStdString(input)));
                printErr(kCommands);
                continue;
            }
            if (input.empty())
                continue;
            messages.push_back({"user", input, {}});
            const std::uint32_t room = session.contextLength() - 1;
            const ChatPrompt prompt = completion ? inference::completionPrompt(model->tokenizer(), messages, room)
                                                 : formatter->format(messages, room, ContextOverflow::DropOldest);
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
