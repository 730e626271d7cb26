// hearth-cli run: one prompt in, the generated text out (stdout), stats on
// stderr. Scripts rely on this form.

#include "cli/chat_template_flag.h"
#include "cli/command.h"
#include "cli/generation_flags.h"
#include "cli/interrupt.h"
#include "cli/one_prompt.h"
#include "cli/output.h"
#include "hearth/error.h"
#include "hearth/model.h"

namespace hearth::cli {
namespace {

int runRun(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Generate a reply to PROMPT with MODEL. The generated text goes to stdout "
                                     "(reasoning, if the model thinks, to stderr); statistics to stderr.");
    const QCommandLineOption prompt("prompt", "The prompt.", "TEXT");
    const QCommandLineOption raw("raw", "Use the prompt as is: no chat template (BOS as the vocabulary asks).");
    const QCommandLineOption system("system", "A system prompt (not with --raw).", "TEXT");
    const QCommandLineOption quiet("quiet", "Do not print statistics.");
    const ChatTemplateFlag chatTemplate;
    const QList<QCommandLineOption> own = {raw, system, chatTemplate.option(), quiet};
    parser.addOption(prompt);
    parser.addOptions(own);
    GenerationFlags flags;
    flags.addTo(parser);
    parser.addPositionalArgument("MODEL", "A GGUF model file.");
    const QString usage = "MODEL --prompt TEXT " + optionsUsage(own + flags.options());
    if (int exit = parseOrExit(parser, "run", usage, args); exit >= 0)
        return exit;
    const bool templated = parser.isSet(system) || parser.isSet(chatTemplate.option());
    if (parser.positionalArguments().size() != 1 || !parser.isSet(prompt) || (parser.isSet(raw) && templated))
        return usageError("run", usage);
    auto options = flags.generation(parser, "run");
    const auto sessionOptions = flags.session(parser, "run");
    if (!options || !sessionOptions || !chatTemplate.check(parser, "run"))
        return 2;

    try {
        auto model = flags.loadModel(parser, *sessionOptions);
        Session session(model, *sessionOptions);
        const bool rawPrompt = parser.isSet(raw);
        const std::vector<std::int32_t> tokens =
            onePromptTokens(*model, rawPrompt ? TemplateChoice{} : chatTemplate.choose(parser, *model), rawPrompt,
                            parser.value(system), parser.value(prompt), session.contextLength(), *options);
        options->cancel = &interruptFlag();
        const GenerationStats stats = session.generate(tokens, *options, [](const TextPiece& piece) {
            if (!piece.reasoning.empty())
                printErr(QString::fromStdString(piece.reasoning));
            if (!piece.answer.empty())
                printOut(piece.answer);
        });
        printOut(std::string("\n"));
        if (!parser.isSet(quiet))
            printErr(statsLine(stats));
        if (stats.finishReason == FinishReason::Error)
            return fail("run", QString::fromStdString(stats.error));
        return stats.finishReason == FinishReason::Cancelled ? 130 : 0;
    } catch (const Error& e) {
        return fail("run", QString::fromUtf8(e.what()));
    }
}

} // namespace

Command runCommand()
{
    return {"run", "Generate text from a prompt", runRun};
}

} // namespace hearth::cli
