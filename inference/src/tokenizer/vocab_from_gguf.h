#pragma once

#include "hearth/tokenizer.h"

namespace hearth {

// Reads the `tokenizer.ggml.*` metadata (and general.name) of a model file.
// The only part of the tokenizer that knows about GGUF.
VocabularyData vocabularyFromGguf(const GgufFile& file);

} // namespace hearth
