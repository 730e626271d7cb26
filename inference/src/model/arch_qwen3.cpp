// Qwen3 (dense): NeoX RoPE, no projection biases, and an RMSNorm over each
// head of Q and K before RoPE.
#include "model/architecture.h"

namespace hearth::model {

Architecture qwen3Architecture()
{
    Architecture a;
    a.name = "qwen3";
    a.ropeMode = ops::RopeMode::NeoX;
    a.defaultRopeBase = 1000000.0f;
    a.defaultRmsEpsilon = 1e-6f;
    a.qkNorm = true;
    return a;
}

} // namespace hearth::model
