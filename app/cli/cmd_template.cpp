// hearth-cli template: render a chat template exactly as the engine will,
// from a model's own template or a file.

#include "cli/command.h"
#include "cli/output.h"
#include "hearth/chat_template.h"
#include "hearth/error.h"
#include "hearth/gguf.h"
#include "hearth/tokenizer.h"

#include <QFile>
#include <QFileInfo>

#include <nlohmann/json.hpp>

namespace hearth::cli {
namespace {

std::optional<QByteArray> readFile(const QString& path, QString& error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        error = "cannot read " + path + ": " + file.errorString();
        return std::nullopt;
    }
    return file.readAll();
}

// BOS / EOS text for the template context, from the model's vocabulary.
std::optional<std::string> tokenText(const Tokenizer& tokenizer, std::int32_t id)
{
    if (id < 0)
        return std::nullopt;
    return tokenizer.tokenText(id, true);
}

int runTemplate(const QStringList& args)
{
    QCommandLineParser parser;
    parser.setApplicationDescription("Print the prompt a chat template makes of a conversation, byte for byte.");
    const QCommandLineOption templateFile("template", "Use this template instead of the model's: a Jinja file or a "
                                                      "built-in name (" +
                                                          QString::fromStdString(builtinChatTemplateNames()) + ").",
                                          "FILE.jinja|NAME");
    const QCommandLineOption messages("messages", "The conversation: a JSON array of message objects.", "FILE.json");
    const QCommandLineOption bos("bos", "BOS token text (default: the model's).", "TEXT");
    const QCommandLineOption eos("eos", "EOS token text (default: the model's).", "TEXT");
    const QCommandLineOption var("var", "Extra template variable, e.g. enable_thinking=false (repeatable).", "KEY=JSON");
    const QCommandLineOption now("now", "The time strftime_now sees, e.g. 2025-03-14T09:26:53.", "ISO-8601");
    const QCommandLineOption noPrompt("no-generation-prompt", "Do not open the assistant's turn at the end.");
    parser.addOptions({templateFile, messages, bos, eos, var, now, noPrompt});
    parser.addPositionalArgument("MODEL", "A GGUF model (optional with --template).");
    const QString usage = "[MODEL] [--template FILE.jinja|NAME] --messages FILE.json [--bos TEXT] [--eos TEXT] "
                          "[--var KEY=JSON]... [--now ISO-8601] [--no-generation-prompt]";
    if (int exit = parseOrExit(parser, "template", usage, args); exit >= 0)
        return exit;
    const QStringList positional = parser.positionalArguments();
    if (positional.size() > 1 || !parser.isSet(messages) || (positional.isEmpty() && !parser.isSet(templateFile)))
        return usageError("template", usage);

    try {
        ChatTemplateInputs inputs;
        QString error;
        std::string source;
        if (!positional.isEmpty()) {
            const GgufFile model = GgufFile::open(positional[0].toStdString());
            const Tokenizer tokenizer = Tokenizer::fromGguf(model);
            inputs.bosToken = tokenText(tokenizer, tokenizer.bos());
            inputs.eosToken = tokenText(tokenizer, tokenizer.eos());
            source = model.getString("tokenizer.chat_template")
                         .value_or(defaultChatTemplate(model.getString("general.architecture").value_or("")));
        }
        const QString chosen = parser.value(templateFile);
        const BuiltinChatTemplate* builtin = findBuiltinChatTemplate(chosen.toStdString());
        if (builtin && !QFileInfo::exists(chosen)) {
            source = builtin->source;
        } else if (parser.isSet(templateFile)) {
            const auto text = readFile(chosen, error);
            if (!text)
                return fail("template", error);
            source = text->toStdString();
        }

        const auto json = readFile(parser.value(messages), error);
        if (!json)
            return fail("template", error);
        inputs.messages = nlohmann::ordered_json::parse(json->toStdString(), nullptr, false);
        if (!inputs.messages.is_array())
            return fail("template", parser.value(messages) + " must hold a JSON array of message objects");

        if (parser.isSet(bos))
            inputs.bosToken = parser.value(bos).toStdString();
        if (parser.isSet(eos))
            inputs.eosToken = parser.value(eos).toStdString();
        for (const QString& assignment : parser.values(var)) {
            const qsizetype eq = assignment.indexOf('=');
            if (eq <= 0)
                return fail("template", "--var takes KEY=JSON, got '" + assignment + "'");
            const auto value = nlohmann::ordered_json::parse(assignment.mid(eq + 1).toStdString(), nullptr, false);
            if (value.is_discarded())
                return fail("template", "--var " + assignment.left(eq) + ": the value is not valid JSON");
            inputs.extra[assignment.left(eq).toStdString()] = value;
        }
        if (parser.isSet(now))
            inputs.now = parser.value(now).toStdString();
        inputs.addGenerationPrompt = !parser.isSet(noPrompt);

        printOut(ChatTemplate(source).render(inputs));
        return 0;
    } catch (const Error& e) {
        return fail("template", QString::fromUtf8(e.what()));
    }
}

} // namespace

Command templateCommand()
{
    return {"template", "Render a chat template for a conversation", runTemplate};
}

} // namespace hearth::cli
