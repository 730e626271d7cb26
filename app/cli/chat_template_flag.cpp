#include "cli/chat_template_flag.h"

#include "cli/output.h"

namespace hearth::cli {

bool ChatTemplateFlag::check(const QCommandLineParser& parser, const QString& command) const
{
    if (!parser.isSet(option_) || findBuiltinChatTemplate(parser.value(option_).toStdString()))
        return true;
    fail(command, QString("there is no chat template called '%1'. Choose one of: %2.")
                      .arg(parser.value(option_), QString::fromStdString(builtinChatTemplateNames())));
    return false;
}

TemplateChoice ChatTemplateFlag::choose(const QCommandLineParser& parser, const Model& model) const
{
    return chooseTemplateFor(model, parser.value(option_));
}

TemplateChoice chooseTemplateFor(const Model& model, const QString& name)
{
    const TemplateChoice choice =
        chooseChatTemplate(model.chatTemplateSource(), model.summary().architecture, name.toStdString());
    if (choice.origin == TemplateOrigin::Fallback)
        printErr(noTemplateNote(QString::fromStdString(model.displayName()), choice));
    return choice;
}

QString noTemplateNote(const QString& modelName, const TemplateChoice& fallback)
{
    return QString("%1 has no chat template; using the %2 format. Pick one with --template NAME or use --raw.\n")
        .arg(modelName, QString::fromStdString(fallback.label));
}

} // namespace hearth::cli
