#include "core/settings.h"

#include <QStandardPaths>

namespace hearth {
namespace {

// A stored number, or `fallback` when it is missing, not a number, or
// outside [low, high]: the settings file is plain text that people edit.
double numberIn(const QSettings& s, const QString& key, double fallback, double low, double high)
{
    bool ok = false;
    const double v = s.value(key).toDouble(&ok);
    return ok && v >= low && v <= high ? v : fallback;
}

int integerIn(const QSettings& s, const QString& key, int fallback, int low, int high)
{
    bool ok = false;
    const int v = s.value(key).toInt(&ok);
    return ok && v >= low && v <= high ? v : fallback;
}

} // namespace

QString generationDefaultsProblem(const GenerationDefaults& d)
{
    using L = GenerationLimits;
    if (d.contextLength < 1 || d.contextLength > L::kMaxContextLength)
        return QString("The context length must be between 1 and %1 tokens, not %2")
            .arg(L::kMaxContextLength).arg(d.contextLength);
    if (!(d.temperature >= 0 && d.temperature <= L::kMaxTemperature))
        return QString("The temperature must be between 0 and %1, not %2").arg(L::kMaxTemperature).arg(d.temperature);
    if (d.topK < 0 || d.topK > L::kMaxTopK)
        return QString("Top-k must be between 0 (off) and %1, not %2").arg(L::kMaxTopK).arg(d.topK);
    if (!(d.topP >= 0 && d.topP <= 1))
        return QString("Top-p must be between 0 and 1, not %1").arg(d.topP);
    if (!(d.minP >= 0 && d.minP <= 1))
        return QString("Min-p must be between 0 and 1, not %1").arg(d.minP);
    if (!(d.repeatPenalty >= 0 && d.repeatPenalty <= L::kMaxRepeatPenalty))
        return QString("The repeat penalty must be between 0 and %1, not %2")
            .arg(L::kMaxRepeatPenalty).arg(d.repeatPenalty);
    return {};
}

Settings::Settings() : settings_(QSettings::IniFormat, QSettings::UserScope, "hearth", "hearth") {}

QString Settings::devicePreference() const
{
    return settings_.value("gpu/device").toString();
}

void Settings::setDevicePreference(const QString& value)
{
    settings_.setValue("gpu/device", value);
}

QString Settings::theme() const
{
    const QString value = settings_.value("appearance/theme", "system").toString();
    return value == "light" || value == "dark" ? value : "system";
}

void Settings::setTheme(const QString& value)
{
    settings_.setValue("appearance/theme", value);
}

QString Settings::modelsFolder() const
{
    return settings_.value("library/models_folder").toString();
}

void Settings::setModelsFolder(const QString& path)
{
    settings_.setValue("library/models_folder", path);
}

QString Settings::huggingFaceToken() const
{
    return settings_.value("hub/token").toString().trimmed();
}

void Settings::setHuggingFaceToken(const QString& token)
{
    settings_.setValue("hub/token", token.trimmed());
}

QString Settings::exportFolder() const
{
    const QString chosen = settings_.value("chats/export_folder").toString().trimmed();
    return chosen.isEmpty() ? QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation) : chosen;
}

void Settings::setExportFolder(const QString& path)
{
    if (path.trimmed().isEmpty())
        settings_.remove("chats/export_folder");
    else
        settings_.setValue("chats/export_folder", path.trimmed());
}

QList<Settings::PromptPreset> Settings::promptPresets() const
{
    QList<PromptPreset> presets;
    QSettings& s = settings_;
    const int count = s.beginReadArray("prompts/presets");
    for (int i = 0; i < count; ++i) {
        s.setArrayIndex(i);
        PromptPreset preset{s.value("name").toString().simplified(), s.value("text").toString()};
        if (!preset.name.isEmpty())
            presets.push_back(preset);
    }
    s.endArray();
    return presets;
}

namespace {

void writePresets(QSettings& s, const QList<Settings::PromptPreset>& presets)
{
    s.remove("prompts/presets");
    s.beginWriteArray("prompts/presets", int(presets.size()));
    for (int i = 0; i < presets.size(); ++i) {
        s.setArrayIndex(i);
        s.setValue("name", presets[i].name);
        s.setValue("text", presets[i].text);
    }
    s.endArray();
}

} // namespace

void Settings::savePromptPreset(const QString& name, const QString& text)
{
    const QString clean = name.simplified();
    if (clean.isEmpty())
        return;
    QList<PromptPreset> presets = promptPresets();
    bool replaced = false;
    for (PromptPreset& p : presets)
        if (p.name == clean) {
            p.text = text;
            replaced = true;
        }
    if (!replaced)
        presets.push_back({clean, text});
    writePresets(settings_, presets);
}

void Settings::removePromptPreset(const QString& name)
{
    QList<PromptPreset> presets = promptPresets();
    presets.removeIf([&](const PromptPreset& p) { return p.name == name.simplified(); });
    writePresets(settings_, presets);
}

GenerationDefaults Settings::generationDefaults() const
{
    const GenerationDefaults builtIn;
    GenerationDefaults d;
    using L = GenerationLimits;
    d.contextLength = integerIn(settings_, "generation/context_length", builtIn.contextLength, 1, L::kMaxContextLength);
    d.temperature = numberIn(settings_, "generation/temperature", builtIn.temperature, 0.0, L::kMaxTemperature);
    d.topK = integerIn(settings_, "generation/top_k", builtIn.topK, 0, L::kMaxTopK);
    d.topP = numberIn(settings_, "generation/top_p", builtIn.topP, 0.0, 1.0);
    d.minP = numberIn(settings_, "generation/min_p", builtIn.minP, 0.0, 1.0);
    d.repeatPenalty = numberIn(settings_, "generation/repeat_penalty", builtIn.repeatPenalty, 0.0, L::kMaxRepeatPenalty);
    d.systemPrompt = settings_.value("generation/system_prompt").toString();
    return d;
}

void Settings::setGenerationDefaults(const GenerationDefaults& value)
{
    settings_.setValue("generation/context_length", value.contextLength);
    settings_.setValue("generation/temperature", value.temperature);
    settings_.setValue("generation/top_k", value.topK);
    settings_.setValue("generation/top_p", value.topP);
    settings_.setValue("generation/min_p", value.minP);
    settings_.setValue("generation/repeat_penalty", value.repeatPenalty);
    settings_.setValue("generation/system_prompt", value.systemPrompt);
}

ContextOverflow Settings::contextOverflow() const
{
    const std::string name = settings_.value("generation/context_overflow").toString().toStdString();
    return contextOverflowFromName(name).value_or(ContextOverflow::DropOldest);
}

void Settings::setContextOverflow(ContextOverflow policy)
{
    settings_.setValue("generation/context_overflow", QString::fromUtf8(contextOverflowName(policy)));
}

} // namespace hearth
