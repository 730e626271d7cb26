#include "services/library/model_defaults.h"

#include "hearth/chat_template.h"
#include "hearth/error.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <cmath>

namespace hearth::library {
namespace {

constexpr int kFormatVersion = 1;

struct StoredModels {
    QJsonObject models;
    bool damaged = false; // present but not a readable settings file
};

StoredModels readModels(const QString& path)
{
    QFile file(path);
    if (!file.exists())
        return {};
    if (!file.open(QIODevice::ReadOnly))
        return {{}, true};
    QJsonParseError parseError{};
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (parseError.error != QJsonParseError::NoError || !doc.isObject())
        return {{}, true};
    const QJsonValue models = doc.object().value("models");
    if (!models.isUndefined() && !models.isObject())
        return {{}, true};
    return {models.toObject(), false};
}

// The models to rewrite; refuses a damaged file, since saving over it would
// silently drop every other model's defaults.
QJsonObject readModelsForUpdate(const QString& path)
{
    StoredModels stored = readModels(path);
    if (stored.damaged)
        throw Error(path.toStdString() + " is damaged: fix or delete it to save model defaults");
    return stored.models;
}

std::optional<double> numberField(const QJsonObject& o, const char* key)
{
    const QJsonValue v = o.value(key);
    if (!v.isDouble() || !std::isfinite(v.toDouble()))
        return std::nullopt;
    return v.toDouble();
}

std::optional<int> integerField(const QJsonObject& o, const char* key)
{
    const auto v = numberField(o, key);
    if (!v || *v != std::floor(*v) || *v < -2147483648.0 || *v > 2147483647.0)
        return std::nullopt;
    return int(*v);
}

ModelDefaults fromJson(const QJsonObject& o)
{
    ModelDefaults d;
    d.contextLength = integerField(o, "context_length");
    d.temperature = numberField(o, "temperature");
    d.topK = integerField(o, "top_k");
    d.topP = numberField(o, "top_p");
    d.minP = numberField(o, "min_p");
    d.repeatPenalty = numberField(o, "repeat_penalty");
    if (o.value("system_prompt").isString())
        d.systemPrompt = o.value("system_prompt").toString();
    if (o.value("chat_template").isString())
        d.chatTemplate = o.value("chat_template").toString();
    return d;
}

QJsonObject toJson(const ModelDefaults& d)
{
    QJsonObject o;
    if (d.contextLength)
        o["context_length"] = *d.contextLength;
    if (d.temperature)
        o["temperature"] = *d.temperature;
    if (d.topK)
        o["top_k"] = *d.topK;
    if (d.topP)
        o["top_p"] = *d.topP;
    if (d.minP)
        o["min_p"] = *d.minP;
    if (d.repeatPenalty)
        o["repeat_penalty"] = *d.repeatPenalty;
    if (d.systemPrompt)
        o["system_prompt"] = *d.systemPrompt;
    if (d.chatTemplate)
        o["chat_template"] = *d.chatTemplate;
    return o;
}

void writeModels(const QString& path, const QJsonObject& models)
{
    if (!QDir().mkpath(QFileInfo(path).path()))
        throw Error("Cannot create the folder for model settings: " + QFileInfo(path).path().toStdString());
    QJsonObject root;
    root["version"] = kFormatVersion;
    root["models"] = models;
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(QJsonDocument(root).toJson()) < 0 || !file.commit())
        throw Error("Cannot save model settings to " + path.toStdString() + ": " + file.errorString().toStdString());
}

} // namespace

GenerationDefaults ModelDefaults::appliedTo(GenerationDefaults base) const
{
    base.contextLength = contextLength.value_or(base.contextLength);
    base.temperature = temperature.value_or(base.temperature);
    base.topK = topK.value_or(base.topK);
    base.topP = topP.value_or(base.topP);
    base.minP = minP.value_or(base.minP);
    base.repeatPenalty = repeatPenalty.value_or(base.repeatPenalty);
    base.systemPrompt = systemPrompt.value_or(base.systemPrompt);
    return base;
}

ModelDefaultsStore::ModelDefaultsStore(const QString& modelsFolder)
    : filePath_(QDir(modelsFolder).filePath(".hearth/model-defaults.json"))
{
}

ModelDefaults ModelDefaultsStore::get(const QString& relativePath) const
{
    ModelDefaults d = fromJson(readModels(filePath_).models.value(relativePath).toObject());
    // A hand-edited value out of range counts as unset, one value at a time.
    const auto keepIfValid = [&](auto& field, auto set) {
        if (!field)
            return;
        GenerationDefaults probe;
        set(probe, *field);
        if (!generationDefaultsProblem(probe).isEmpty())
            field.reset();
    };
    keepIfValid(d.contextLength, [](GenerationDefaults& g, int v) { g.contextLength = v; });
    keepIfValid(d.temperature, [](GenerationDefaults& g, double v) { g.temperature = v; });
    keepIfValid(d.topK, [](GenerationDefaults& g, int v) { g.topK = v; });
    keepIfValid(d.topP, [](GenerationDefaults& g, double v) { g.topP = v; });
    keepIfValid(d.minP, [](GenerationDefaults& g, double v) { g.minP = v; });
    keepIfValid(d.repeatPenalty, [](GenerationDefaults& g, double v) { g.repeatPenalty = v; });
    if (d.chatTemplate && !findBuiltinChatTemplate(d.chatTemplate->toStdString()))
        d.chatTemplate.reset();
    return d;
}

void ModelDefaultsStore::set(const QString& relativePath, const ModelDefaults& defaults)
{
    if (relativePath.isEmpty())
        throw Error("Model settings need the model's path inside the models folder");
    const QString problem = generationDefaultsProblem(defaults.appliedTo(GenerationDefaults{}));
    if (!problem.isEmpty())
        throw Error(problem.toStdString());
    ModelDefaults stored = defaults;
    if (stored.chatTemplate) {
        const BuiltinChatTemplate* builtin = findBuiltinChatTemplate(stored.chatTemplate->toStdString());
        if (!builtin)
            throw Error("There is no chat format called '" + stored.chatTemplate->toStdString() +
                        "'. Choose one of: " + builtinChatTemplateNames() + ".");
        stored.chatTemplate = QString::fromStdString(builtin->name); // "Llama-3" is stored as llama3
    }
    QJsonObject models = readModelsForUpdate(filePath_);
    if (stored.isEmpty())
        models.remove(relativePath);
    else
        models[relativePath] = toJson(stored);
    writeModels(filePath_, models);
}

void ModelDefaultsStore::remove(const QString& relativePath)
{
    QJsonObject models = readModelsForUpdate(filePath_);
    if (!models.contains(relativePath))
        return;
    models.remove(relativePath);
    writeModels(filePath_, models);
}

QStringList ModelDefaultsStore::models() const
{
    return readModels(filePath_).models.keys();
}

} // namespace hearth::library
