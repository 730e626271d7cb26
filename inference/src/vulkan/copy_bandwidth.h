#pragma once

// The device's copy bandwidth: the roof memory-bound kernels are measured
// against (bench-ops and hearth-cli bench).

namespace hearth::vk {

class Context;

// Bytes per second / 1e9 of a large device-local buffer-to-buffer copy,
// repeated for about `seconds` after a warm-up. Submits on `context`: the
// caller serialises with other users of the queue.
double copyBandwidth(Context& context, double seconds);

} // namespace hearth::vk
