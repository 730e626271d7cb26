#include "model_defaults_editor.h"

#include "hearth/chat_template.h"

#include <QMetaType>

#include <cmath>
#include <limits>
#include <type_traits>

namespace hearth::ui {
namespace {

// A field the user left empty (or QML's null / undefined) inherits.
bool isUnset(const QVariant& v)
{
    return !v.isValid() || v.isNull() || (v.typeId() == QMetaType::QString && v.toString().trimmed().isEmpty());
}

template <typename T>
void put(QVariantMap& map, const char* key, const std::optional<T>& value)
{
    if (value)
        map.insert(QString::fromLatin1(key), QVariant::fromValue(*value));
}

// Reads one number; a value that is not a number is a sentence in `problem`.
template <typename T>
std::optional<T> number(const QVariantMap& map, const char* key, const QString& label, QString& problem)
{
    const QVariant v = map.value(QString::fromLatin1(key));
    if (isUnset(v))
        return std::nullopt;
    bool ok = false;
    const double d = v.toString().trimmed().toDouble(&ok);
    if (!ok) {
        if (problem.isEmpty())
            problem = QObject::tr("%1 must be a number.").arg(label);
        return std::nullopt;
    }
    if constexpr (std::is_integral_v<T>) {
        if (d != std::floor(d) || d < 0 || d > double(std::numeric_limits<int>::max())) {
            if (problem.isEmpty())
                problem = QObject::tr("%1 must be a whole number.").arg(label);
            return std::nullopt;
        }
        return T(d);
    } else {
        return T(d);
    }
}

} // namespace

ModelDefaultsEditor::ModelDefaultsEditor(ModelLibraryService& library, QObject* parent)
    : QObject(parent), library_(library)
{
    connect(&library_, &ModelLibraryService::errorOccurred, this, [this](const QString& message) {
        setError(message);
    });
}

QVariantMap ModelDefaultsEditor::values(const QString& relativePath) const
{
    const library::ModelDefaults d = library_.modelDefaults(relativePath);
    QVariantMap map;
    put(map, "contextLength", d.contextLength);
    put(map, "temperature", d.temperature);
    put(map, "topK", d.topK);
    put(map, "topP", d.topP);
    put(map, "minP", d.minP);
    put(map, "repeatPenalty", d.repeatPenalty);
    put(map, "systemPrompt", d.systemPrompt);
    put(map, "chatTemplate", d.chatTemplate);
    return map;
}

QVariantMap ModelDefaultsEditor::inherited(const QString& relativePath) const
{
    // The model's own values taken away: what the rest of the app gives it.
    GenerationDefaults d = Settings().generationDefaults();
    const auto entry = library_.find(relativePath);
    if (entry && entry->readable() && entry->summary.contextLength > 0)
        d.contextLength = int(std::min<quint64>(quint64(d.contextLength), entry->summary.contextLength));
    QString chatTemplate = tr("The model's own template");
    if (entry && entry->readable() && !entry->summary.hasChatTemplate)
        chatTemplate = tr("%1 (the model has no template: a guess)")
                           .arg(QString::fromStdString(fallbackChatTemplate(entry->summary.architecture).label));
    return {{"contextLength", d.contextLength}, {"temperature", d.temperature}, {"topK", d.topK},
            {"topP", d.topP},                   {"minP", d.minP},               {"repeatPenalty", d.repeatPenalty},
            {"systemPrompt", d.systemPrompt},   {"chatTemplate", chatTemplate}};
}

QVariantList ModelDefaultsEditor::chatTemplates() const
{
    QVariantList list;
    for (const BuiltinChatTemplate& t : builtinChatTemplates())
        list.push_back(QVariantMap{{"name", QString::fromStdString(t.name)}, {"label", QString::fromStdString(t.label)}});
    return list;
}

bool ModelDefaultsEditor::save(const QString& relativePath, const QVariantMap& map)
{
    QString problem;
    library::ModelDefaults d;
    d.contextLength = number<int>(map, "contextLength", tr("Context length"), problem);
    d.temperature = number<double>(map, "temperature", tr("Temperature"), problem);
    d.topK = number<int>(map, "topK", tr("Top-K"), problem);
    d.topP = number<double>(map, "topP", tr("Top-P"), problem);
    d.minP = number<double>(map, "minP", tr("Min-P"), problem);
    d.repeatPenalty = number<double>(map, "repeatPenalty", tr("Repeat penalty"), problem);
    if (const QVariant prompt = map.value("systemPrompt"); !isUnset(prompt))
        d.systemPrompt = prompt.toString();
    if (const QVariant format = map.value("chatTemplate"); !isUnset(format))
        d.chatTemplate = format.toString().trimmed();
    if (!problem.isEmpty()) {
        setError(problem);
        return false;
    }
    if (!library_.setModelDefaults(relativePath, d))
        return false; // errorOccurred set the message
    setError({});
    Q_EMIT saved(relativePath);
    return true;
}

bool ModelDefaultsEditor::reset(const QString& relativePath)
{
    return save(relativePath, {});
}

void ModelDefaultsEditor::clearError()
{
    setError({});
}

void ModelDefaultsEditor::setError(const QString& text)
{
    if (errorText_ == text)
        return;
    errorText_ = text;
    Q_EMIT errorTextChanged();
}

} // namespace hearth::ui
