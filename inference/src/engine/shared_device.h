#pragma once

// One Vulkan context per physical device, shared by every model loaded on
// it, with the lock that serialises their GPU work (a queue is not
// thread-safe) and the bytes our models hold there (for the memory check).

#include "vulkan/context.h"

#include <cstdint>
#include <memory>
#include <mutex>
#include <string>

namespace hearth::engine {

struct SharedDevice {
    vk::Context context;
    std::mutex gpu;                   // held while recording/submitting a step
    std::mutex accounting;
    std::uint64_t reservedBytes = 0;  // planned by loaded models and sessions

    explicit SharedDevice(const std::string& preference) : context(preference) {}

    // Bytes of device-local memory left for us (heap size minus what our
    // models and sessions reserved).
    std::uint64_t availableBytes();
    // Reserves `bytes` or throws hearth::Error ("Not enough GPU memory ...")
    // naming `what` and the numbers.
    void reserve(std::uint64_t bytes, const std::string& what);
    void release(std::uint64_t bytes);
};

// Reserved bytes, released when it goes away.
class Reservation {
public:
    Reservation(std::shared_ptr<SharedDevice> device, std::uint64_t bytes, const std::string& what)
        : device_(std::move(device)), bytes_(bytes)
    {
        device_->reserve(bytes_, what);
    }
    ~Reservation() { device_->release(bytes_); }
    Reservation(const Reservation&) = delete;
    Reservation& operator=(const Reservation&) = delete;

private:
    std::shared_ptr<SharedDevice> device_;
    std::uint64_t bytes_;
};

// The shared device for `preference` (as hearth::chooseDevice), created on
// first use and kept while anything holds it.
std::shared_ptr<SharedDevice> acquireDevice(const std::string& preference);

} // namespace hearth::engine
