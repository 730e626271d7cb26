#pragma once

// The list Discover shows before the user types anything: popular
// open-weight families in GGUF form, shipped in resources/curated-models.json.

#include <QList>
#include <QString>

namespace hearth::ui {

struct CuratedModel {
    QString repoId;      // "Qwen/Qwen2.5-0.5B-Instruct-GGUF"
    QString family;      // "Qwen2.5"
    QString description; // one line
};

inline constexpr const char* kCuratedModelsResource = ":/resources/curated-models.json";

// Entries with a valid repo id; a damaged file gives an empty list (and a
// warning in the log) rather than an exception: Discover still searches.
QList<CuratedModel> loadCuratedModels(const QString& path = QString::fromLatin1(kCuratedModelsResource));

// Whether every word of `query` appears (ignoring case) in the model's repo
// id, family or description: how Discover narrows the list when Hugging
// Face cannot be searched. An empty query matches every model.
bool matchesQuery(const CuratedModel& model, const QString& query);

} // namespace hearth::ui
