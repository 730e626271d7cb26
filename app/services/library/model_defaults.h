#pragma once

// Each model's own chat defaults (context length, sampling, system prompt,
// chat format), overriding the global ones in Settings value by value. Stored in one JSON
// file inside the models folder (.hearth/model-defaults.json), keyed by the
// model's relative path, so they travel with the folder and need no
// database; hidden, so the scanner never sees the file.

#include "core/settings.h"

#include <QString>
#include <QStringList>

#include <optional>

namespace hearth::library {

struct ModelDefaults {
    std::optional<int> contextLength;
    std::optional<double> temperature;
    std::optional<int> topK;
    std::optional<double> topP;
    std::optional<double> minP;
    std::optional<double> repeatPenalty;
    std::optional<QString> systemPrompt;
    // A built-in chat format's name (hearth::builtinChatTemplates) used
    // instead of the model's own template; given at load (LoadRequest).
    std::optional<QString> chatTemplate;

    bool isEmpty() const { return *this == ModelDefaults{}; }
    // `base` with every value this model sets replaced (the chat format is
    // not a GenerationDefaults value).
    GenerationDefaults appliedTo(GenerationDefaults base) const;
    bool operator==(const ModelDefaults&) const = default;
};

class ModelDefaultsStore {
public:
    explicit ModelDefaultsStore(const QString& modelsFolder);

    QString filePath() const { return filePath_; }

    // The model's defaults; empty when it has none or the file is unreadable
    // (a damaged file must not stop a chat from starting).
    ModelDefaults get(const QString& relativePath) const;
    // Replaces the model's defaults (an empty ModelDefaults removes them).
    // Throws hearth::Error for a value out of range, when the file cannot
    // be written, or when it is damaged (rather than dropping every other
    // model's defaults); the file is replaced atomically.
    void set(const QString& relativePath, const ModelDefaults& defaults);
    // Throws like set() for a damaged or unwritable file.
    void remove(const QString& relativePath);
    // Relative paths of the models that have defaults.
    QStringList models() const;

private:
    QString filePath_;
};

} // namespace hearth::library
