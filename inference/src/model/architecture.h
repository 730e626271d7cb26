#pragma once

// What differs between the decoder-only transformer families Hearth runs.
// Every supported family is one small arch_<name>.cpp returning its traits;
// the forward passes (CPU reference and Vulkan) read only these traits, so
// adding an architecture that fits the shared block structure (RMSNorm,
// GQA attention with RoPE, gated FFN) is one file plus a line in
// architectures.cpp.

#include "ops/op_params.h"

#include <string>
#include <string_view>
#include <vector>

namespace hearth::model {

struct Architecture {
    std::string name;           // general.architecture
    ops::RopeMode ropeMode = ops::RopeMode::Normal;
    float defaultRopeBase = 10000.0f;
    float defaultRmsEpsilon = 1e-5f;
    bool attentionBiases = false; // attn_{q,k,v}.bias (Qwen2)
    bool qkNorm = false;          // attn_{q,k}_norm: per-head RMSNorm before RoPE (Qwen3)
    ops::GluKind feedForward = ops::GluKind::SwiGlu;
};

Architecture llamaArchitecture(); // arch_llama.cpp
Architecture qwen2Architecture(); // arch_qwen2.cpp
Architecture qwen3Architecture(); // arch_qwen3.cpp

const std::vector<Architecture>& supportedArchitectures();
// nullptr when `name` is not supported.
const Architecture* findArchitecture(std::string_view name);
// "llama, qwen2 and qwen3", for error messages.
std::string supportedArchitectureNames();

} // namespace hearth::model
