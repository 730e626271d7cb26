#pragma once

// Backend-neutral descriptions of the ops' parameters, shared by the CPU
// reference and the Vulkan implementations.

#include <cstdint>

namespace hearth::ops {

enum class BinaryOp : std::uint32_t { Add = 0, Mul = 1 };
enum class GluKind : std::uint32_t { SwiGlu = 0, GeGlu = 1 };
// Normal rotates adjacent pairs (x[2i], x[2i+1]) (ggml mode 0, Llama);
// NeoX rotates (x[i], x[i + nRot/2]) (ggml mode 2, Qwen, Gemma, Phi-3).
enum class RopeMode : std::uint32_t { Normal = 0, NeoX = 2 };

struct RopeParams {
    RopeMode mode = RopeMode::Normal;
    std::uint32_t headDim = 0;
    std::uint32_t nRot = 0; // rotated dims per head (even, <= headDim); the rest pass through
    float freqBase = 10000.0f;
    float freqScale = 1.0f;
};

} // namespace hearth::ops
