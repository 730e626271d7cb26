#pragma once

// --template NAME for `run`, `chat` and `compare`: one of Hearth's
// built-in chat formats instead of the model's own template (or of the
// guess made for a model that has none, which is said on stderr).

#include "hearth/chat_prompt.h"
#include "hearth/model.h"

#include <QCommandLineOption>
#include <QCommandLineParser>
#include <QString>

namespace hearth::cli {

class ChatTemplateFlag {
public:
    const QCommandLineOption& option() const { return option_; }
    // False (after printing the choices) for a name that is not a built-in;
    // call before loading the model, which takes a while.
    bool check(const QCommandLineParser& parser, const QString& command) const;
    // The template for `model`: chooseTemplateFor() with --template's value.
    TemplateChoice choose(const QCommandLineParser& parser, const Model& model) const;

private:
    QCommandLineOption option_{"template",
                               "Chat format to use instead of the model's own template: " +
                                   QString::fromStdString(builtinChatTemplateNames()) + ".",
                               "NAME"};
};

// The template called `name` (a built-in), or `model`'s own when `name` is
// empty; a model with no template of its own gets its architecture's
// built-in and the note below on stderr.
TemplateChoice chooseTemplateFor(const Model& model, const QString& name);

// "<model> has no chat template; using the Llama 2 format. Pick one with
// --template NAME or use --raw."
QString noTemplateNote(const QString& modelName, const TemplateChoice& fallback);

} // namespace hearth::cli
