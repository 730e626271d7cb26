#pragma once

#include "services/library/model_library_service.h"

#include <QObject>
#include <QVariantMap>
#include <QtQml/qqmlregistration.h>

namespace hearth::ui {

// Edits one model's own chat defaults (context, sampling, system prompt,
// chat format) for My Models. Values travel to QML as a map with the keys
// of GenerationDefaults ("contextLength", "temperature", "topK", "topP",
// "minP", "repeatPenalty", "systemPrompt") and "chatTemplate" (a built-in's
// name); a missing key or null means "use the global setting" (for the
// format: the model's own template, or the guess for a model without one).
class ModelDefaultsEditor : public QObject {
    Q_OBJECT
    QML_ELEMENT
    QML_UNCREATABLE("Use App.modelDefaults")
    Q_PROPERTY(QString errorText READ errorText NOTIFY errorTextChanged)

public:
    explicit ModelDefaultsEditor(ModelLibraryService& library, QObject* parent = nullptr);

    // The model's own values (only those it sets).
    Q_INVOKABLE QVariantMap values(const QString& relativePath) const;
    // What a chat with the model gets for the values it does not set: the
    // global settings (context capped at the model's trained one), and as
    // "chatTemplate" a sentence for the format used without a choice.
    Q_INVOKABLE QVariantMap inherited(const QString& relativePath) const;
    // The built-in chat formats: [{name: "llama3", label: "Llama 3"}, ...].
    Q_INVOKABLE QVariantList chatTemplates() const;
    // Saves `values` (same keys; null, "" or missing = inherit). False
    // with errorText for a value out of range or a file that cannot be written.
    Q_INVOKABLE bool save(const QString& relativePath, const QVariantMap& values);
    // Forgets every value of the model's own.
    Q_INVOKABLE bool reset(const QString& relativePath);

    QString errorText() const { return errorText_; }
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void errorTextChanged();
    void saved(const QString& relativePath);

private:
    void setError(const QString& text);

    ModelLibraryService& library_;
    QString errorText_;
};

} // namespace hearth::ui
