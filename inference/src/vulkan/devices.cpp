#include "hearth/devices.h"

#include "hearth/error.h"
#include "vulkan/device_query.h"
#include "vulkan/instance.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cstdlib>

#include <nlohmann/json.hpp>

namespace hearth {
namespace {

int typeRank(DeviceType type)
{
    switch (type) {
    case DeviceType::Discrete: return 4;
    case DeviceType::Integrated: return 3;
    case DeviceType::Virtual: return 2;
    case DeviceType::Cpu: return 1;
    case DeviceType::Other: return 0;
    }
    return 0;
}

std::string lower(std::string_view s)
{
    std::string out(s);
    std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
    return out;
}

std::string deviceList(const std::vector<DeviceInfo>& devices)
{
    std::string list;
    for (const auto& d : devices)
        list += "\n  " + std::to_string(d.index) + ": " + d.name + " (" + std::string(deviceTypeName(d.type)) + ")";
    return list;
}

} // namespace

std::string_view deviceTypeName(DeviceType type)
{
    switch (type) {
    case DeviceType::Discrete: return "discrete";
    case DeviceType::Integrated: return "integrated";
    case DeviceType::Virtual: return "virtual";
    case DeviceType::Cpu: return "cpu";
    case DeviceType::Other: return "other";
    }
    return "other";
}

std::vector<DeviceInfo> listDevices()
{
    auto instance = vk::Instance::shared();
    std::vector<DeviceInfo> devices;
    std::uint32_t index = 0;
    for (VkPhysicalDevice device : instance->physicalDevices())
        devices.push_back(vk::queryDevice(device, index++, instance->apiVersion()));
    return devices;
}

std::size_t chooseDevice(const std::vector<DeviceInfo>& devices, std::string_view preference)
{
    if (devices.empty())
        throw Error("No Vulkan device is available.");

    if (preference.empty()) {
        auto best = std::max_element(devices.begin(), devices.end(), [](const DeviceInfo& a, const DeviceInfo& b) {
            if (typeRank(a.type) != typeRank(b.type))
                return typeRank(a.type) < typeRank(b.type);
            return a.deviceLocalBytes < b.deviceLocalBytes;
        });
        return static_cast<std::size_t>(best - devices.begin());
    }

    std::size_t index = 0;
    const auto [end, ec] = std::from_chars(preference.data(), preference.data() + preference.size(), index);
    if (ec == std::errc() && end == preference.data() + preference.size()) {
        if (index < devices.size())
            return index;
        throw Error("There is no GPU number " + std::string(preference) + ". The devices are:" + deviceList(devices));
    }

    const std::string wanted = lower(preference);
    for (std::size_t i = 0; i < devices.size(); ++i)
        if (lower(devices[i].name).find(wanted) != std::string::npos)
            return i;
    throw Error("No GPU's name contains \"" + std::string(preference) + "\". The devices are:" + deviceList(devices));
}

std::string devicePreference(std::string_view settingValue)
{
    if (const char* env = std::getenv("HEARTH_DEVICE"); env && *env)
        return env;
    return std::string(settingValue);
}

nlohmann::ordered_json toJson(const DeviceInfo& d)
{
    nlohmann::ordered_json heaps = nlohmann::ordered_json::array();
    for (const auto& h : d.heaps)
        heaps.push_back({{"bytes", h.bytes}, {"device_local", h.deviceLocal}, {"host_visible", h.hostVisible}});
    return {
        {"index", d.index},
        {"name", d.name},
        {"vendor", d.vendor},
        {"vendor_id", d.vendorId},
        {"type", deviceTypeName(d.type)},
        {"driver", d.driverName},
        {"driver_info", d.driverInfo},
        {"driver_version", d.driverVersion},
        {"api_version", d.apiVersion},
        {"memory_heaps", heaps},
        {"device_local_bytes", d.deviceLocalBytes},
        {"subgroup_size", d.subgroupSize},
        {"min_subgroup_size", d.minSubgroupSize},
        {"max_subgroup_size", d.maxSubgroupSize},
        {"subgroup_arithmetic", d.subgroupArithmetic},
        {"subgroup_size_control", d.subgroupSizeControl},
        {"fp16", d.float16Arithmetic},
        {"int8", d.int8Arithmetic},
        {"storage_16bit", d.storage16Bit},
        {"storage_8bit", d.storage8Bit},
        {"integer_dot_product", d.integerDotProduct},
        {"integer_dot_product_accelerated", d.integerDotProductAccelerated},
        {"cooperative_matrix", d.cooperativeMatrix},
        {"max_storage_buffer_range", d.maxStorageBufferRange},
        {"max_memory_allocation_size", d.maxMemoryAllocationSize},
        {"max_shared_memory_bytes", d.maxSharedMemoryBytes},
        {"max_workgroup_invocations", d.maxWorkgroupInvocations},
        {"max_workgroup_count", {d.maxWorkgroupCount[0], d.maxWorkgroupCount[1], d.maxWorkgroupCount[2]}},
        {"timestamp_queries", d.timestampQueries},
    };
}

} // namespace hearth
