// Llama 2 / 3.x and the models sharing its block: Mistral, TinyLlama,
// SmolLM, DeepSeek-R1-Distill-Llama. GGUF converters permute Q and K so
// that RoPE rotates adjacent pairs.
#include "model/architecture.h"

namespace hearth::model {

Architecture llamaArchitecture()
{
    Architecture a;
    a.name = "llama";
    a.ropeMode = ops::RopeMode::Normal;
    a.defaultRopeBase = 10000.0f;
    a.defaultRmsEpsilon = 1e-5f;
    return a;
}

} // namespace hearth::model
