#pragma once

#include <QString>

namespace hearth::ui {

// A model file as the user sees it beside the model's name, so that four
// quantisations of one model are told apart: the file name, with the
// quantisation after it when the name does not already say it
// ("model.gguf (Q4_K_M)"); "" without a file name.
QString fileWithQuant(const QString& fileName, const QString& quant);

} // namespace hearth::ui
