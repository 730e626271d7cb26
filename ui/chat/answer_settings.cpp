#include "answer_settings.h"

#include "model_text.h"

#include <QCoreApplication>
#include <QFileInfo>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLocale>
#include <QStringList>

namespace hearth::ui {
namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("AnswerSettings", text);
}

QJsonObject parse(const QString& json)
{
    return QJsonDocument::fromJson(json.toUtf8()).object(); // empty for "" or anything that is not an object
}

// Sampling values as the settings panel shows them: no trailing zeros.
QString number(const QJsonValue& value)
{
    return QLocale().toString(value.toDouble(), 'g', 4);
}

QString fileText(const QJsonObject& s)
{
    return fileWithQuant(s.value("model_file").toString(), s.value("quant").toString());
}

} // namespace

QString answerSettingsJson(const inference::LoadedModel& model, const inference::GenerationSettings& settings)
{
    const QJsonObject object{
        {"model_file", QFileInfo(model.path).fileName()},
        {"quant", model.quantization},
        {"context_length", model.contextLength},
        {"temperature", settings.temperature},
        {"top_k", settings.topK},
        {"top_p", settings.topP},
        {"min_p", settings.minP},
        {"repeat_penalty", settings.repeatPenalty},
        {"seed", settings.seed},
        {"max_tokens", settings.maxTokens},
    };
    return QString::fromUtf8(QJsonDocument(object).toJson(QJsonDocument::Compact));
}

QString answerSettingsLine(const QString& modelName, const QString& settingsJson)
{
    const QJsonObject s = parse(settingsJson);
    QStringList parts;
    if (!modelName.isEmpty())
        parts << modelName;
    if (const QString file = fileText(s); !file.isEmpty())
        parts << file;
    if (s.contains("temperature"))
        parts << tr("temp %1").arg(number(s.value("temperature")));
    if (s.value("seed").toInteger(-1) >= 0)
        parts << tr("seed %1").arg(s.value("seed").toInteger());
    if (s.value("context_length").toInt() > 0)
        parts << tr("%1 ctx").arg(s.value("context_length").toInt());
    return parts.join(QStringLiteral(" · "));
}

QString answerSettingsDetails(const QString& modelName, const QString& settingsJson)
{
    const QJsonObject s = parse(settingsJson);
    if (s.isEmpty())
        return modelName.isEmpty() ? QString() : tr("Model: %1").arg(modelName);
    QStringList lines;
    if (!modelName.isEmpty())
        lines << tr("Model: %1").arg(modelName);
    if (const QString file = fileText(s); !file.isEmpty())
        lines << tr("File: %1").arg(file);
    if (s.value("context_length").toInt() > 0)
        lines << tr("Context: %1 tokens").arg(s.value("context_length").toInt());
    const auto add = [&](const char* key, const char* label) {
        if (s.contains(key))
            lines << tr(label).arg(number(s.value(key)));
    };
    add("temperature", "Temperature: %1");
    if (s.contains("top_k"))
        lines << (s.value("top_k").toInt() > 0 ? tr("Top-k: %1").arg(s.value("top_k").toInt()) : tr("Top-k: off"));
    add("top_p", "Top-p: %1");
    add("min_p", "Min-p: %1");
    add("repeat_penalty", "Repeat penalty: %1");
    if (s.contains("seed"))
        lines << (s.value("seed").toInteger(-1) >= 0 ? tr("Seed: %1").arg(s.value("seed").toInteger())
                                                     : tr("Seed: random"));
    if (s.contains("max_tokens"))
        lines << (s.value("max_tokens").toInt() > 0 ? tr("Length limit: %1 tokens").arg(s.value("max_tokens").toInt())
                                                    : tr("Length limit: none"));
    return lines.join('\n');
}

} // namespace hearth::ui
