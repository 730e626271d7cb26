// Qwen2 / Qwen2.5 and DeepSeek-R1-Distill-Qwen: NeoX RoPE and biases on the
// Q, K and V projections.
#include "model/architecture.h"

namespace hearth::model {

Architecture qwen2Architecture()
{
    Architecture a;
    a.name = "qwen2";
    a.ropeMode = ops::RopeMode::NeoX;
    a.defaultRopeBase = 1000000.0f;
    a.defaultRmsEpsilon = 1e-6f;
    a.attentionBiases = true;
    return a;
}

} // namespace hearth::model
