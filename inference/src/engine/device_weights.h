#pragma once

// A model's tensors in device memory, sub-allocated from a few large
// buffers (vk::DeviceAllocator).
// Matrices whose type or row length the mat-vec kernels do not take are
// widened to F32 on the way (small models with odd shapes, e.g. a 172-wide
// F16 matrix), so every matrix can be multiplied.

#include "vulkan/device_allocator.h"
#include "vulkan/tensor.h"

#include <cstdint>
#include <functional>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace hearth {
class GgufFile;
struct GgufTensorInfo;
}

namespace hearth::engine {

class DeviceWeights {
public:
    // progress(done, total) in bytes; returning false cancels (throws
    // LoadCancelled). `gpu` is held around each upload chunk, so sessions
    // of other models on the device keep running while this one loads.
    DeviceWeights(vk::Context& context, std::mutex& gpu, const GgufFile& file,
                  const std::function<bool(std::uint64_t, std::uint64_t)>& progress);

    // The device copy of `tensor` (shape as in the file, type possibly F32).
    const vk::TensorView& operator[](const GgufTensorInfo* tensor) const;
    std::uint64_t bytes() const { return bytes_; }

    // Bytes the tensors of `file` will take on the device (after widening).
    static std::uint64_t plannedBytes(const GgufFile& file);

private:
    vk::DeviceAllocator memory_;
    std::unordered_map<const GgufTensorInfo*, vk::TensorView> views_;
    std::uint64_t bytes_ = 0;
};

} // namespace hearth::engine
