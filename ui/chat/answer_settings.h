#pragma once

// How an answer was made, kept with it in the store (Message::settingsJson)
// so every answer and every regenerated version says which model wrote it
// and with which settings: the model's file and quantisation, the context
// length and the sampling settings, as a JSON object with the keys
// model_file, quant, context_length, temperature, top_k, top_p, min_p,
// repeat_penalty, seed (< 0: random) and max_tokens (< 0: no limit).

#include "services/inference/inference_types.h"

#include <QString>

namespace hearth::ui {

QString answerSettingsJson(const inference::LoadedModel& model, const inference::GenerationSettings& settings);

// The short line under an answer: "Qwen2.5 0.5B · qwen2.5-0.5b-q4_k_m.gguf ·
// temp 0.7 · 4096 ctx". `modelName` is Message::model; "" when nothing is known.
QString answerSettingsLine(const QString& modelName, const QString& settingsJson);
// Everything, one setting a line, for the line's tooltip; "" when not recorded.
QString answerSettingsDetails(const QString& modelName, const QString& settingsJson);

} // namespace hearth::ui
