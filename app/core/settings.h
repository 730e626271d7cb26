#pragma once

#include <QSettings>
#include <QString>

namespace hearth {

// How a chat starts when neither the user nor the model's own defaults say
// otherwise. The values are the ones llama.cpp and LM Studio start with.
struct GenerationDefaults {
    int contextLength = 4096;
    double temperature = 0.8;
    int topK = 40;          // 0: off
    double topP = 0.95;     // 1: off
    double minP = 0.05;     // 0: off
    double repeatPenalty = 1.1; // 1: off
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

    // Context length and sampling a new chat starts with. Check new values
    // with generationDefaultsProblem first: a value out of range (or a
    // hand-edited file) reads back as the built-in default.
    GenerationDefaults generationDefaults() const;
    void setGenerationDefaults(const GenerationDefaults& value);

private:
    QSettings settings_;
};

} // namespace hearth
