#include "engine/shared_device.h"

#include "hearth/devices.h"
#include "hearth/error.h"
#include "vulkan/memory_budget.h"

#include <map>

namespace hearth::engine {

std::uint64_t SharedDevice::availableBytes()
{
    std::lock_guard lock(accounting);
    const std::uint64_t total = context.info().deviceLocalBytes;
    return total > reservedBytes ? total - reservedBytes : 0;
}

void SharedDevice::reserve(std::uint64_t bytes, const std::string& what)
{
    std::lock_guard lock(accounting);
    const std::uint64_t total = context.info().deviceLocalBytes;
    const std::uint64_t free = total > reservedBytes ? total - reservedBytes : 0;
    if (bytes > free)
        throw Error("Not enough GPU memory for " + what + ": it needs " + vk::formatBytes(bytes) + ", and " +
                    context.info().name + " has " + vk::formatBytes(free) + " free of " + vk::formatBytes(total) +
                    ". Try a smaller quantisation, a shorter context, or unload another model.");
    reservedBytes += bytes;
}

void SharedDevice::release(std::uint64_t bytes)
{
    std::lock_guard lock(accounting);
    reservedBytes -= std::min(bytes, reservedBytes);
}

std::shared_ptr<SharedDevice> acquireDevice(const std::string& preference)
{
    static std::mutex mutex;
    static std::map<std::size_t, std::weak_ptr<SharedDevice>> devices;
    const std::vector<DeviceInfo> all = listDevices();
    const std::size_t index = chooseDevice(all, preference);
    std::lock_guard lock(mutex);
    if (auto existing = devices[index].lock())
        return existing;
    auto device = std::make_shared<SharedDevice>(std::to_string(all[index].index));
    devices[index] = device;
    return device;
}

} // namespace hearth::engine
