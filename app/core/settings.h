#pragma once

#include "hearth/context_overflow.h"
#include "hearth/sampling.h"

#include <QList>
#include <QSettings>
#include <QString>

#include <cmath>

namespace hearth {

// An engine sampling default as the decimal it was written as (0.8f is
// 0.800000011920929 as a double), so settings files and the UI show 0.8.
inline double engineDefault(float value)
{
    return std::round(double(value) * 1e6) / 1e6;
}

// How a chat starts when neither the user nor the model's own defaults say
// otherwise. The sampling values come from the engine's SamplingParams
// (llama.cpp's defaults), so there is one source for them.
struct GenerationDefaults {
    int contextLength = 4096;
    double temperature = engineDefault(SamplingParams{}.temperature);
    int topK = SamplingParams{}.topK;                             // 0: off
    double topP = engineDefault(SamplingParams{}.topP);           // 1: off
    double minP = engineDefault(SamplingParams{}.minP);           // 0: off
    double repeatPenalty = engineDefault(SamplingParams{}.repeatPenalty); // 1: off
    QString systemPrompt;

    bool operator==(const GenerationDefaults&) const = default;
};

// The values GenerationDefaults accepts (inclusive), shared by the global
// settings and each model's own defaults.
struct GenerationLimits {
    static constexpr int kMaxContextLength = 1 << 24;
    static constexpr double kMaxTemperature = 5.0;
    static constexpr int kMaxTopK = 1 << 20;
    static constexpr double kMaxRepeatPenalty = 5.0;
};

// The first value of `d` out of range, as a sentence for the user; empty
// when all are fine.
QString generationDefaultsProblem(const GenerationDefaults& d);

// The user's preferences, stored with QSettings (~/.config/hearth/hearth.ini
// on Linux). Cheap to construct: create one where needed, on any thread.
class Settings {
public:
    Settings();

    // Which GPU to use: empty for automatic, else an index or part of a name.
    QString devicePreference() const;
    void setDevicePreference(const QString& value);

    // "system", "light" or "dark".
    QString theme() const;
    void setTheme(const QString& value);

    // The folder the model library lives in; empty means the default
    // (<app data dir>/models, see services/library/models_folder.h).
    QString modelsFolder() const;
    void setModelsFolder(const QString& path);

    // Hugging Face access token for gated models; empty when not logged in.
    QString huggingFaceToken() const;
    void setHuggingFaceToken(const QString& token);

    // The folder chats are exported to; the user's Documents folder until
    // one is chosen. An empty path goes back to that default.
    QString exportFolder() const;
    void setExportFolder(const QString& path);

    // System prompts the user saved under a name, in the order saved.
    // Saving under an existing name replaces that one.
    struct PromptPreset {
        QString name;
        QString text;
    };
    QList<PromptPreset> promptPresets() const;
    void savePromptPreset(const QString& name, const QString& text);
    void removePromptPreset(const QString& name);

    // Context length and sampling a new chat starts with. Check new values
    // with generationDefaultsProblem first: a value out of range (or a
    // hand-edited file) reads back as the built-in default.
    GenerationDefaults generationDefaults() const;
    void setGenerationDefaults(const GenerationDefaults& value);

    // What a new chat does when its conversation outgrows the context
    // (each chat keeps its own from then on); unset or unknown: DropOldest.
    ContextOverflow contextOverflow() const;
    void setContextOverflow(ContextOverflow policy);

private:
    mutable QSettings settings_; // reading arrays moves its cursor, so const reads need it
};

} // namespace hearth
